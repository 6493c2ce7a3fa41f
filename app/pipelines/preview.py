"""What-if preview as the API offers it: resolve the pipeline(s), build the snapshot (live host,
seeded simulation, or inline JSON), run the embedded engine off the event loop, map engine errors
to 422s. A preview always runs in the embedded engine, and says so (`measured_by`)."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Invalid
from app.core.models import StrictModel
from app.engine.critical_patterns import CriticalPatterns, default_critical_processes
from app.engine.errors import EngineError
from app.engine.preview import preview as run_preview
from app.engine.snapshot import Snapshot, take_live_snapshot
from app.otelcol.binary import ENGINE_MEASURER
from app.pipelines.models import PipelineSource
from app.pipelines.service import config_of
from app.simulation.profiles import DEFAULT_PROFILE, BuiltinProfileName, get_profile
from app.simulation.snapshots import synthesize_snapshot

MAX_SIMULATED_PROCESSES = 5000


class LiveSnapshot(StrictModel):
    kind: Literal["live"]


class SimulatedSnapshot(StrictModel):
    kind: Literal["simulated"]
    profile: BuiltinProfileName = DEFAULT_PROFILE
    process_count: int | None = Field(default=None, ge=1, le=MAX_SIMULATED_PROCESSES)
    seed: int = Field(default=1, ge=0, le=2**31 - 1)


class InlineSnapshot(StrictModel):
    kind: Literal["inline"]
    data: dict[str, Any] = Field(description="a Phoenix snapshot: {'host', 'metrics': <OTLP-JSON>, ...}")


SnapshotSpec = Annotated[LiveSnapshot | SimulatedSnapshot | InlineSnapshot, Field(discriminator="kind")]


class PreviewRequest(PipelineSource):
    snapshot: SnapshotSpec = Field(default_factory=lambda: SimulatedSnapshot(kind="simulated"))
    critical_processes: CriticalPatterns = Field(default_factory=default_critical_processes)
    baseline: PipelineSource | None = Field(
        default=None, description="compare against this pipeline; default: every series of the snapshot"
    )
    sample_limit: int = Field(default=20, ge=0, le=200)


def _snapshot(spec: LiveSnapshot | SimulatedSnapshot | InlineSnapshot) -> Snapshot:
    if isinstance(spec, LiveSnapshot):
        return take_live_snapshot()
    if isinstance(spec, SimulatedSnapshot):
        return synthesize_snapshot(get_profile(spec.profile, process_count=spec.process_count, seed=spec.seed))
    try:
        return Snapshot.from_dict(spec.data)
    except (ValueError, TypeError, KeyError, ValidationError) as exc:
        raise Invalid(
            f"invalid inline snapshot: {exc}", [{"path": "body.snapshot.data", "message": str(exc)}]
        ) from None


async def preview(session: AsyncSession, request: PreviewRequest) -> dict[str, Any]:
    """KPIs, cost, reduction and samples of dropped and merged series for a pipeline on a snapshot."""
    config_yaml, _, _ = await config_of(session, request)
    baseline_yaml = (await config_of(session, request.baseline))[0] if request.baseline else None

    def work() -> dict[str, Any]:
        snapshot = _snapshot(request.snapshot)
        result = run_preview(
            config_yaml,
            snapshot,
            critical_patterns=request.critical_processes,
            baseline_yaml=baseline_yaml,
            sample_limit=request.sample_limit,
        )
        return {**result, "measured_by": ENGINE_MEASURER}

    try:
        return await asyncio.to_thread(work)
    except EngineError as exc:
        raise Invalid(
            f"the local engine cannot run this pipeline: {exc}",
            [{"path": "body", "message": str(exc), "component": getattr(exc, "component", None)}],
        ) from None
