"""Experiment records: create, list, read, update, delete, and phase transitions.

Every phase change goes through `transition()`, which checks the state-machine table and writes the
change with a conditional UPDATE on the version column, so two racing changes cannot both win.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.analysis.service import analyze
from app.core.change_feed import record
from app.core.db import utcnow
from app.core.errors import Conflict, Invalid, NotFound
from app.core.pricing import Pricing
from app.core.variants import BASELINE, CANDIDATE, VARIANT_LABELS
from app.deployments import service as deployments
from app.experiments.events import EventKind
from app.experiments.models import (
    Experiment,
    ExperimentCreate,
    ExperimentEvent,
    ExperimentRead,
    ExperimentSample,
    ExperimentTransition,
    ExperimentUpdate,
    FrozenVariants,
    SampleRead,
    TimeseriesRead,
)
from app.experiments.phases import TERMINAL, Phase, allowed_from, can_transition
from app.pipelines import saved as saved_pipelines
from app.pipelines import service as pipelines
from app.pipelines.models import VariantSource
from app.runtimes.base import Runtime
from app.simulation.models import SimulationCreate
from app.simulation.service import resolve_profile


def to_read(experiment: Experiment) -> ExperimentRead:
    read = ExperimentRead.model_validate(experiment)
    read.allowed_transitions = allowed_from(Phase(experiment.phase))
    return read


async def _resolved_variant(session: AsyncSession, label: str, spec: VariantSource) -> dict[str, Any]:
    """The variant as stored: template and parameters checked, or a saved pipeline pinned to its version."""
    path = f"body.{label}"
    if spec.template is not None:
        pipelines.check_template_parameters(spec.template, spec.parameters, path=path)
        return spec.model_dump(exclude_none=True)
    try:
        pipeline, version = await saved_pipelines.get_pipeline(session, pipeline_id=str(spec.pipeline_id))
    except NotFound:
        raise Invalid(
            f"{label}: custom pipeline {spec.pipeline_id!r} not found",
            [{"path": f"{path}.pipeline_id", "message": "pipeline not found", "type": "not_found"}],
        ) from None
    return {"pipeline_id": pipeline.id, "pipeline_version": version.version, "pipeline_name": pipeline.name}


# A load profile's simulation outlives the run by this much, in case the reconciler is late to stop
# it; cleanup stops it as soon as the experiment ends.
SIMULATION_GRACE_S = 300


def simulation_request(load_profile: dict[str, Any], run_seconds: int) -> SimulationCreate:
    """The simulation an experiment's load profile asks for, lasting the run unless it says otherwise."""
    return SimulationCreate(
        profile=load_profile["profile"],
        process_count=load_profile.get("process_count"),
        churn_rate=load_profile.get("churn_rate"),
        duration=load_profile.get("duration") or (run_seconds + SIMULATION_GRACE_S),
        seed=load_profile.get("seed"),
        custom=load_profile.get("custom"),
    )


def check_load_profile(load_profile: dict[str, Any], run_seconds: int) -> None:
    """Refuse at creation a load profile the simulator would refuse at deploy time."""
    try:
        resolve_profile(simulation_request(load_profile, run_seconds))
    except Invalid as exc:
        details = [
            {**d, "path": f"body.load_profile.{d['path']}" if d.get("path") else "body.load_profile"}
            for d in (exc.details if isinstance(exc.details, list) else [])
        ]
        raise Invalid(
            f"load_profile: {exc.message}", details or [{"path": "body.load_profile", "message": exc.message}]
        ) from None


async def get(session: AsyncSession, *, experiment_id: str) -> Experiment:
    """One experiment by id, or NotFound."""
    experiment = await session.get(Experiment, experiment_id, populate_existing=True)
    if experiment is None:
        raise NotFound(f"experiment {experiment_id} not found")
    return experiment


async def create(
    session: AsyncSession,
    *,
    data: ExperimentCreate,
    actor: str,
    default_pricing: Pricing,
    runtime: Runtime,
) -> Experiment:
    """A new pending experiment; Invalid for unknown templates or a target `runtime` refuses, Conflict for a
    taken name. Its pricing is the request's, else `default_pricing` (the settings'), fixed on the run."""
    runtime.check_target(data.target)
    baseline = await _resolved_variant(session, BASELINE, data.baseline)
    candidate = await _resolved_variant(session, CANDIDATE, data.candidate)
    if data.load_profile is not None:
        check_load_profile(data.load_profile.model_dump(exclude_none=True), data.duration + data.warmup)
    experiment = Experiment(
        name=data.name,
        description=data.description,
        baseline=baseline,
        candidate=candidate,
        target=data.target,
        critical_processes=data.critical_processes,
        duration_seconds=data.duration,
        warmup_seconds=data.warmup,
        success_criteria=data.success_criteria.model_dump(),
        auto_promote=data.auto_promote,
        load_profile=data.load_profile.model_dump(exclude_none=True) if data.load_profile else None,
        pricing=data.pricing or default_pricing,
        created_by=actor,
    )
    session.add(experiment)
    try:
        await session.flush()
    except IntegrityError:
        await session.rollback()
        raise Conflict(f"an experiment named {data.name!r} already exists", {"name": data.name}) from None
    session.add(
        ExperimentTransition(
            experiment_id=experiment.id, from_phase=None, to_phase=Phase.pending, trigger=actor, reason="created"
        )
    )
    await session.commit()
    return experiment


async def write(session: AsyncSession, experiment: Experiment, values: dict[str, Any]) -> Experiment:
    """Apply `values` only if nobody changed the experiment since it was read; else Conflict."""
    expected = experiment.version  # read before a rollback would expire it
    values = {**values, "version": expected + 1, "updated_at": utcnow()}
    result = await session.execute(
        update(Experiment)
        .where(Experiment.id == experiment.id, Experiment.version == expected)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        await session.rollback()
        raise Conflict(
            "the experiment was changed concurrently; re-read it and retry",
            {"expected_version": expected},
        )
    record(session.sync_session, "experiments", experiment.id, "updated")  # which row, for the event stream
    return experiment


async def transition(
    session: AsyncSession,
    *,
    experiment: Experiment,
    to: Phase,
    trigger: str,
    reason: str = "",
    extra: dict[str, Any] | None = None,
) -> Experiment:
    """Move an experiment to phase `to` (the one way phases change), recording who and why."""
    current = Phase(experiment.phase)
    if not can_transition(current, to):
        raise Conflict(
            f"cannot go from {current.value} to {to.value}",
            {"phase": current.value, "requested": to.value, "allowed": [p.value for p in allowed_from(current)]},
        )
    values: dict[str, Any] = {"phase": to.value, **(extra or {})}
    if to in TERMINAL:
        values["finished_at"] = utcnow()
    await write(session, experiment, values)
    session.add(
        ExperimentTransition(
            experiment_id=experiment.id, from_phase=current.value, to_phase=to.value, trigger=trigger, reason=reason
        )
    )
    await session.commit()
    return await get(session, experiment_id=experiment.id)


async def promote(
    session: AsyncSession, *, experiment_id: str, variant: str, actor: str, runtime: Runtime
) -> Experiment:
    """Make a completed experiment's variant the standing deployment of its target. Racing promotes:
    the version check lets exactly one win; the other gets 409 and nothing of it is written."""
    experiment = await get(session, experiment_id=experiment_id)
    if experiment.phase != Phase.completed:
        raise Conflict(
            f"only completed experiments can be promoted; this one is {experiment.phase}",
            {"phase": experiment.phase, "hint": "wait for the analysis, or stop the experiment"},
        )
    if experiment.promoted_variant:
        raise Conflict(f"already promoted: {experiment.promoted_variant}", {"promoted": experiment.promoted_variant})
    if experiment.variant_configs is None:
        raise Conflict(f"the {variant} variant never ran, so it has no config to promote")
    source = getattr(experiment, variant)
    config_yaml = experiment.variant_configs.of(variant).config_yaml
    if source.get("template"):
        # The same template and parameters, rendered for the deployment's identity (its name, the
        # `deployment` label) and the runtime's placement of it (on Kubernetes, the deployment's ports).
        config_yaml, _, _ = await pipelines.render_for_run(
            session,
            source,
            owner=experiment.name,
            label=deployments.DEPLOYMENT_LABEL,
            critical_processes=list(experiment.critical_processes),
            runtime=runtime,
        )
    await write(session, experiment, {"promoted_variant": variant})
    deployment = await deployments.promote(
        session,
        name=experiment.name,
        source=source,
        config_yaml=config_yaml,
        target=experiment.target,
        critical_processes=list(experiment.critical_processes),
        experiment_id=experiment.id,
        actor=actor,
        runtime=runtime,
    )
    session.add(
        ExperimentEvent(
            experiment_id=experiment.id,
            kind=EventKind.promoted,
            actor=actor,
            message=f"{variant} promoted to deployment {deployment.name}",
            data={"variant": variant, "deployment_id": deployment.id},
        )
    )
    await session.commit()
    return await get(session, experiment_id=experiment.id)


async def start(session: AsyncSession, *, experiment_id: str, actor: str) -> Experiment:
    """Ask for a pending experiment to be deployed; the reconciler takes it from there."""
    experiment = await get(session, experiment_id=experiment_id)
    return await transition(
        session,
        experiment=experiment,
        to=Phase.deploying,
        trigger=actor,
        reason="start requested",
        extra={"started_at": utcnow()},
    )


async def stop(session: AsyncSession, *, experiment_id: str, actor: str, reason: str = "") -> Experiment:
    """Cancel an experiment from any non-terminal phase."""
    experiment = await get(session, experiment_id=experiment_id)
    return await transition(
        session, experiment=experiment, to=Phase.cancelled, trigger=actor, reason=reason or "stop requested"
    )


async def update_pending(
    session: AsyncSession, *, experiment_id: str, data: ExperimentUpdate, actor: str, runtime: Runtime
) -> Experiment:
    """Change a pending experiment; other phases are read-only. A new target must suit `runtime`."""
    if data.target is not None:
        runtime.check_target(data.target)
    experiment = await get(session, experiment_id=experiment_id)
    if experiment.phase != Phase.pending:
        raise Conflict(
            f"only pending experiments can be changed; this one is {experiment.phase}", {"phase": experiment.phase}
        )
    if data.version is not None and data.version != experiment.version:
        raise Conflict(
            "version mismatch: the experiment changed since you read it",
            {"expected_version": data.version, "current_version": experiment.version},
        )
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    values: dict[str, Any] = {}
    for label in VARIANT_LABELS:
        spec: VariantSource | None = getattr(data, label)
        if spec is not None:
            values[label] = await _resolved_variant(session, label, spec)
    for key in ("description", "critical_processes", "auto_promote", "target", "success_criteria", "pricing"):
        if changes.get(key) is not None:
            field = getattr(data, key)
            values[key] = field.model_dump() if key == "success_criteria" else field
    if "load_profile" in changes:  # null clears it
        values["load_profile"] = data.load_profile.model_dump(exclude_none=True) if data.load_profile else None
    duration = data.duration if data.duration is not None else experiment.duration_seconds
    warmup = data.warmup if data.warmup is not None else experiment.warmup_seconds
    if not duration > 0 or warmup >= duration:
        raise Invalid(
            "warmup must be shorter than duration, and duration positive",
            [{"path": "body.warmup", "message": "warmup must be shorter than duration"}],
        )
    values["duration_seconds"], values["warmup_seconds"] = duration, warmup
    await write(session, experiment, values)
    session.add(
        ExperimentEvent(
            experiment_id=experiment.id,
            kind=EventKind.updated,
            actor=actor,
            message="updated " + ", ".join(sorted(changes)),
            data={"fields": sorted(changes)},
        )
    )
    await session.commit()
    return await get(session, experiment_id=experiment.id)


async def delete(session: AsyncSession, *, experiment_id: str) -> None:
    """Delete a finished experiment and its history; running ones must be stopped first."""
    experiment = await get(session, experiment_id=experiment_id)
    if Phase(experiment.phase) not in TERMINAL:
        raise Conflict(
            f"only finished experiments can be deleted; this one is {experiment.phase}",
            {"phase": experiment.phase, "hint": "stop it first"},
        )
    await session.delete(experiment)
    await session.commit()


async def transitions(session: AsyncSession, *, experiment_id: str) -> list[ExperimentTransition]:
    """The experiment's phase history, oldest first."""
    await get(session, experiment_id=experiment_id)
    query = (
        select(ExperimentTransition)
        .where(ExperimentTransition.experiment_id == experiment_id)
        .order_by(ExperimentTransition.id)
    )
    return list((await session.execute(query)).scalars())


async def events(session: AsyncSession, *, experiment_id: str) -> list[ExperimentEvent]:
    """The experiment's timeline events, oldest first."""
    await get(session, experiment_id=experiment_id)
    query = select(ExperimentEvent).where(ExperimentEvent.experiment_id == experiment_id).order_by(ExperimentEvent.id)
    return list((await session.execute(query)).scalars())


async def names_using_pipeline(session: AsyncSession, pipeline_id: str) -> list[str]:
    """Names of unfinished experiments that run a saved pipeline (few rows: only non-terminal ones)."""
    query = select(Experiment).where(Experiment.phase.not_in([p.value for p in TERMINAL]))
    rows = (await session.execute(query)).scalars()
    return [e.name for e in rows if pipeline_id in (e.baseline.get("pipeline_id"), e.candidate.get("pipeline_id"))]


async def variant_configs(session: AsyncSession, *, experiment_id: str) -> FrozenVariants:
    """The run's frozen variant configs; Conflict before they exist (a pending experiment)."""
    experiment = await get(session, experiment_id=experiment_id)
    if experiment.variant_configs is None:
        raise Conflict(
            "this experiment's variants are rendered when it starts deploying",
            {"phase": experiment.phase},
        )
    return experiment.variant_configs


async def timeseries(session: AsyncSession, *, experiment_id: str) -> TimeseriesRead:
    """Both variants' samples, oldest first."""
    await get(session, experiment_id=experiment_id)
    query = (
        select(ExperimentSample)
        .where(ExperimentSample.experiment_id == experiment_id)
        .order_by(ExperimentSample.taken_at, ExperimentSample.id)
    )
    rows = list((await session.execute(query)).scalars())
    return TimeseriesRead(
        baseline=[SampleRead.model_validate(r) for r in rows if r.variant == BASELINE],
        candidate=[SampleRead.model_validate(r) for r in rows if r.variant == CANDIDATE],
    )


async def results(session: AsyncSession, *, experiment_id: str) -> dict[str, Any]:
    """Stored results of a completed experiment, or a provisional analysis of the samples so far."""
    experiment = await get(session, experiment_id=experiment_id)
    if experiment.results is not None:
        return {"final": True, **experiment.results}
    query = select(ExperimentSample).where(ExperimentSample.experiment_id == experiment_id)
    samples = list((await session.execute(query)).scalars())
    return {"final": False, **analyze(samples, experiment.success_criteria, pricing=experiment.pricing)}
