"""Changes to an experiment in flight: pause and resume its clock, change a variant's template
parameters, point it at other hosts. Each goes through the version check (`service.write`) and
leaves an event on the timeline; control signals and routes call these, nothing else writes them."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.db import utcnow
from app.core.errors import Conflict, Invalid
from app.core.variants import VARIANT_LABELS
from app.experiments import service
from app.experiments.events import EventKind
from app.experiments.models import Experiment, ExperimentEvent
from app.experiments.phases import Phase
from app.pipelines import service as pipelines
from app.runtimes.base import Runtime, Target

IN_FLIGHT = (Phase.pending, Phase.deploying, Phase.running)
"""Phases in which a variant's parameters or the target may still change."""


async def _record(
    session: AsyncSession, experiment: Experiment, kind: EventKind, actor: str, message: str, data: dict[str, Any]
) -> Experiment:
    session.add(ExperimentEvent(experiment_id=experiment.id, kind=kind, actor=actor, message=message, data=data))
    await session.commit()
    return await service.get(session, experiment_id=experiment.id)


async def pause(session: AsyncSession, *, experiment_id: str, actor: str, reason: str = "") -> Experiment:
    """Stop the run's clock: no samples, and the duration is extended by the time spent paused."""
    experiment = await service.get(session, experiment_id=experiment_id)
    if experiment.phase != Phase.running or experiment.paused_at is not None:
        raise Conflict("only a running, unpaused experiment can be paused", {"phase": experiment.phase})
    await service.write(session, experiment, {"paused_at": utcnow()})
    return await _record(session, experiment, EventKind.paused, actor, reason or "paused", {})


async def resume(session: AsyncSession, *, experiment_id: str, actor: str) -> Experiment:
    """Restart the run's clock, adding the pause to `paused_seconds`."""
    experiment = await service.get(session, experiment_id=experiment_id)
    if experiment.paused_at is None:
        raise Conflict("the experiment is not paused", {"phase": experiment.phase})
    paused_for = (utcnow() - experiment.paused_at.astimezone(UTC)).total_seconds()
    values = {"paused_at": None, "paused_seconds": experiment.paused_seconds + paused_for}
    await service.write(session, experiment, values)
    return await _record(session, experiment, EventKind.resumed, actor, f"resumed after {paused_for:.0f}s", {})


async def update_parameters(
    session: AsyncSession, *, experiment_id: str, label: str, parameters: dict[str, Any], actor: str, runtime: Runtime
) -> Experiment:
    """Merge `parameters` into a template variant's (validated first); a variant already rendered is
    rendered again and keeps its old applied hash, so the reconciler sees the change and applies it."""
    experiment = await service.get(session, experiment_id=experiment_id)
    spec = dict(getattr(experiment, label))
    if Phase(experiment.phase) not in IN_FLIGHT:
        raise Conflict(f"cannot change the config of a {experiment.phase} experiment", {"phase": experiment.phase})
    if not spec.get("template"):
        raise Invalid(
            "config_update changes template parameters; this variant runs a saved pipeline",
            [{"path": "body.variant", "message": "not a template variant"}],
        )
    merged = {**spec.get("parameters", {}), **parameters}
    pipelines.check_template_parameters(spec["template"], merged, path="body")
    values: dict[str, Any] = {label: {**spec, "parameters": merged}}
    if experiment.variant_configs is not None:
        config_yaml, template, used = await pipelines.render_for_run(
            session,
            values[label],
            owner=experiment.name,
            label=label,
            critical_processes=list(experiment.critical_processes),
            runtime=runtime,
        )
        values["variant_configs"] = experiment.variant_configs.replace(
            label, config_yaml=config_yaml, template=template, parameters=used
        )
    await service.write(session, experiment, values)
    data = {"variant": label, "parameters": parameters}
    return await _record(session, experiment, EventKind.config_updated, actor, f"{label} parameters changed", data)


async def retarget(
    session: AsyncSession, *, experiment_id: str, target: Target | None, actor: str, runtime: Runtime
) -> Experiment:
    """Point both variants at other hosts (`None`: the same ones) that `runtime` accepts; both are applied
    again there."""
    if target is not None:
        runtime.check_target(target)
    experiment = await service.get(session, experiment_id=experiment_id)
    if Phase(experiment.phase) not in IN_FLIGHT:
        raise Conflict(f"cannot retarget a {experiment.phase} experiment", {"phase": experiment.phase})
    target = target or experiment.target
    values: dict[str, Any] = {"target": target}
    frozen = experiment.variant_configs
    if frozen is not None:  # forget the applied hashes: both variants are applied again on the new target
        for label in VARIANT_LABELS:
            frozen = frozen.replace(label, applied_hash=None)
        values["variant_configs"] = frozen
    await service.write(session, experiment, values)
    data = {"from": experiment.target.model_dump(), "to": target.model_dump()}
    message = "target changed (both collectors read the same hosts)"
    return await _record(session, experiment, EventKind.retargeted, actor, message, data)
