"""What-if preview as the API offers it: resolve the pipeline(s), then, in the compute pool
(`app.core.workers`, never on the event loop), build the snapshot (live host, seeded simulation, or
inline JSON) and run the embedded engine; engine errors are 422s. A preview always runs in the
embedded engine, and says so (`measured_by`)."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import workers
from app.core.errors import Invalid, validation_details
from app.core.models import StrictModel
from app.core.pricing import Pricing
from app.engine.critical_patterns import CriticalPatterns, default_patterns_field
from app.engine.errors import EngineError
from app.engine.preview import preview as run_preview
from app.engine.snapshot import Snapshot, take_live_snapshot
from app.otelcol.binary import ENGINE_MEASURER
from app.pipelines.models import PipelineSource
from app.pipelines.service import config_of
from app.simulation.profile_models import ProcessCount, Seed
from app.simulation.profiles import DEFAULT_PROFILE, BuiltinProfileName, LoadProfile, get_profile
from app.simulation.snapshots import synthesize_snapshot


class LiveSnapshot(StrictModel):
    kind: Literal["live"]


class SimulatedSnapshot(StrictModel):
    kind: Literal["simulated"]
    profile: BuiltinProfileName = DEFAULT_PROFILE
    process_count: ProcessCount | None = None  # the simulations API's knobs, with its bounds
    seed: Seed = 1


class InlineSnapshot(StrictModel):
    kind: Literal["inline"]
    data: dict[str, Any] = Field(description="a Phoenix snapshot: {'host', 'metrics': <OTLP-JSON>, ...}")


SnapshotSpec = Annotated[LiveSnapshot | SimulatedSnapshot | InlineSnapshot, Field(discriminator="kind")]


class PreviewRequest(PipelineSource):
    snapshot: SnapshotSpec = Field(default_factory=lambda: SimulatedSnapshot(kind="simulated"))
    critical_processes: CriticalPatterns = default_patterns_field()
    baseline: PipelineSource | None = Field(
        default=None, description="compare against this pipeline; default: every series of the snapshot"
    )
    sample_limit: int = Field(default=20, ge=0, le=200)
    pricing: Pricing | None = Field(
        default=None, description="backend prices for the cost estimate; default: the server's (PHOENIX_PRICE_*)"
    )


def snapshot_of(spec: LiveSnapshot | SimulatedSnapshot | InlineSnapshot) -> Snapshot:
    """The snapshot a request names (CPU-bound: call in a compute worker)."""
    if isinstance(spec, LiveSnapshot):
        return take_live_snapshot()
    if isinstance(spec, SimulatedSnapshot):
        return synthesize_snapshot(_simulated_profile(spec))
    try:
        return Snapshot.from_dict(spec.data)
    except (ValueError, TypeError, KeyError, ValidationError) as exc:
        raise Invalid(
            f"invalid inline snapshot: {exc}", [{"path": "body.snapshot.data", "message": str(exc)}]
        ) from None


def _simulated_profile(spec: SimulatedSnapshot) -> LoadProfile:
    """The profile with the snapshot's knobs; outside the profile's own ranges it is a 422, as for a simulation."""
    try:
        return get_profile(spec.profile, process_count=spec.process_count, seed=spec.seed)
    except ValidationError as exc:
        details = [
            {**d, "path": f"body.snapshot.{d['path']}" if d["path"] else "body.snapshot"}
            for d in validation_details(list(exc.errors()))
        ]
        first = details[0]["message"] if details else "invalid simulated snapshot"
        raise Invalid(f"invalid simulated snapshot: {first}", details) from None


async def preview(session: AsyncSession, request: PreviewRequest, default_pricing: Pricing) -> dict[str, Any]:
    """KPIs, cost, reduction and samples of dropped and merged series for a pipeline on a snapshot; the
    cost at the request's prices, else `default_pricing` (the settings')."""
    config_yaml, _, _ = await config_of(session, request)
    baseline_yaml = (await config_of(session, request.baseline))[0] if request.baseline else None

    spec: LiveSnapshot | SimulatedSnapshot | str = request.snapshot
    if isinstance(request.snapshot, InlineSnapshot):
        # As JSON text: pickling a deeply nested (hostile) body to the worker would overflow the stack.
        try:
            spec = json.dumps(request.snapshot.data)
        except (RecursionError, ValueError, TypeError) as exc:
            message = f"invalid inline snapshot: {exc}"
            raise Invalid(message, [{"path": "body.snapshot.data", "message": str(exc)}]) from None
    return await workers.run(
        _run_preview,
        spec,
        config_yaml,
        critical_patterns=list(request.critical_processes),
        baseline_yaml=baseline_yaml,
        sample_limit=request.sample_limit,
        pricing=request.pricing or default_pricing,
    )


def _run_preview(
    spec: LiveSnapshot | SimulatedSnapshot | str,
    config_yaml: str,
    *,
    critical_patterns: list[str],
    baseline_yaml: str | None,
    sample_limit: int,
    pricing: Pricing,
) -> dict[str, Any]:
    """The CPU-bound part (snapshot and engine run), in a compute worker: never on the event loop.
    `spec` is the inline snapshot's JSON text, or a live or simulated one."""
    source = InlineSnapshot(kind="inline", data=json.loads(spec)) if isinstance(spec, str) else spec
    try:
        result = run_preview(
            config_yaml,
            snapshot_of(source),
            critical_patterns=critical_patterns,
            baseline_yaml=baseline_yaml,
            sample_limit=sample_limit,
            pricing=pricing,
        )
    except EngineError as exc:
        raise Invalid(
            f"the local engine cannot run this pipeline: {exc}",
            [{"path": "body", "message": str(exc), "component": getattr(exc, "component", None)}],
        ) from None
    return {**result, "measured_by": ENGINE_MEASURER}
