"""An experiment's load profile: the simulation that runs for the experiment's run.

Started when the variants are deployed and stopped at cleanup, where the variants run, so both see
the same simulated processes:
- on this host (local runtimes), in Phoenix's SimulationManager, kept alive while the experiment
  runs: a restarted Phoenix has lost its simulations, whose processes died with it, so a missing one
  is started again;
- on the target's hosts when the runtime places load there (`Runtime.target_load`; on Kubernetes a
  simulation DaemonSet on the target's nodes), started once: it is declarative and outlives a
  restart of Phoenix.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import NotFound, PhoenixError
from app.core.jobs import JobContext
from app.experiments import service
from app.experiments.events import EventKind
from app.experiments.flows.context import RECONCILER
from app.experiments.models import Experiment, ExperimentEvent
from app.runtimes.base import Runtime, TargetLoad
from app.simulation.models import SimulationCreate

log = logging.getLogger(__name__)


def _request(experiment: Experiment) -> SimulationCreate:
    return service.simulation_request(
        dict(experiment.load_profile or {}), experiment.duration_seconds + experiment.warmup_seconds
    )


def simulation_needed(ctx: JobContext[Runtime], experiment: Experiment) -> bool:
    """Whether the experiment has a load profile and no simulation runs it (locally: none of this process)."""
    if not experiment.load_profile:
        return False
    if ctx.runtime.target_load is not None:
        return not experiment.simulation_id
    manager = ctx.simulations
    if manager is None:
        return False
    if experiment.simulation_id:
        try:
            return bool(manager.get(experiment.simulation_id).status.finished)
        except NotFound:
            pass  # lost with a restart: start it again
    return True


async def ensure_simulation(ctx: JobContext[Runtime], session: AsyncSession, experiment: Experiment) -> Experiment:
    """Start the experiment's simulation if it has a load profile and none is running for it; the
    experiment as it is then (the same object when nothing was written)."""
    if not simulation_needed(ctx, experiment):
        return experiment
    if ctx.runtime.target_load is not None:
        return await _start_on_target(ctx.runtime.target_load, session, experiment)
    try:
        simulation = await asyncio.to_thread(ctx.simulations.start, _request(experiment))
    except PhoenixError as exc:
        session.add(_event(experiment, EventKind.simulation_failed, f"the load profile could not start: {exc.message}"))
        await session.commit()
        return experiment
    experiment = await service.write(session, experiment, {"simulation_id": simulation.id})
    message = (
        f"load profile {simulation.profile} started ({simulation.process_count} "
        f"processes, churn {simulation.churn_rate}/s)"
    )
    session.add(_event(experiment, EventKind.simulation_started, message, {"simulation_id": simulation.id}))
    await session.commit()
    return await service.get(session, experiment_id=experiment.id)


async def _start_on_target(load: TargetLoad, session: AsyncSession, experiment: Experiment) -> Experiment:
    request = _request(experiment)
    try:
        started = await load.start(
            owner=experiment.name, owner_id=experiment.id, request=request, target=experiment.target
        )
    except PhoenixError as exc:
        message = f"the load profile could not start on the target: {exc.message}"
        session.add(_event(experiment, EventKind.simulation_failed, message))
        await session.commit()
        return experiment
    experiment = await service.write(session, experiment, {"simulation_id": started})
    message = f"load profile {request.profile} started on the target's hosts (simulation {started})"
    session.add(_event(experiment, EventKind.simulation_started, message, {"simulation_id": started}))
    await session.commit()
    return await service.get(session, experiment_id=experiment.id)


def _event(experiment: Experiment, kind: EventKind, message: str, data: dict | None = None) -> ExperimentEvent:
    return ExperimentEvent(experiment_id=experiment.id, kind=kind, actor=RECONCILER, message=message, data=data or {})


async def stop_simulation(ctx: JobContext[Runtime], experiment: Experiment) -> str | None:
    """Stop the experiment's simulation (locally: if this process still runs it); its id, for the record."""
    if not experiment.simulation_id:
        return None
    if ctx.runtime.target_load is not None:
        await ctx.runtime.target_load.stop(owner=experiment.name, owner_id=experiment.id, target=experiment.target)
        return experiment.simulation_id
    if ctx.simulations is None:
        return None
    # Not in this process (restart): its processes already died with the old one.
    with contextlib.suppress(NotFound):
        await asyncio.to_thread(ctx.simulations.stop, experiment.simulation_id)
    return experiment.simulation_id
