"""An experiment's load profile: the simulation that runs for the experiment's run.

Started when the variants are deployed, kept alive while the experiment runs (a restarted Phoenix
has lost its simulations, whose processes died with it, so a missing one is started again), and
stopped at cleanup. Both variants read the same host, so both see the same simulated processes.
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
from app.runtimes.base import Runtime
from app.simulation.models import SimulationCreate

log = logging.getLogger(__name__)


def _request(experiment: Experiment) -> SimulationCreate:
    return service.simulation_request(
        dict(experiment.load_profile or {}), experiment.duration_seconds + experiment.warmup_seconds
    )


def simulation_needed(ctx: JobContext[Runtime], experiment: Experiment) -> bool:
    """Whether the experiment has a load profile and no simulation of this process runs it."""
    manager = ctx.simulations
    if not experiment.load_profile or manager is None:
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
    manager = ctx.simulations
    if not simulation_needed(ctx, experiment):
        return experiment
    try:
        simulation = await asyncio.to_thread(manager.start, _request(experiment))
    except PhoenixError as exc:
        session.add(
            ExperimentEvent(
                experiment_id=experiment.id,
                kind=EventKind.simulation_failed,
                actor=RECONCILER,
                message=f"the load profile could not start: {exc.message}",
            )
        )
        await session.commit()
        return experiment
    experiment = await service.write(session, experiment, {"simulation_id": simulation.id})
    session.add(
        ExperimentEvent(
            experiment_id=experiment.id,
            kind=EventKind.simulation_started,
            actor=RECONCILER,
            message=f"load profile {simulation.profile} started ({simulation.process_count} "
            f"processes, churn {simulation.churn_rate}/s)",
            data={"simulation_id": simulation.id},
        )
    )
    await session.commit()
    return await service.get(session, experiment_id=experiment.id)


async def stop_simulation(ctx: JobContext[Runtime], experiment: Experiment) -> str | None:
    """Stop the experiment's simulation (if this process still runs it); its id, for the record."""
    if not experiment.simulation_id or ctx.simulations is None:
        return None
    # Not in this process (restart): its processes already died with the old one.
    with contextlib.suppress(NotFound):
        await asyncio.to_thread(ctx.simulations.stop, experiment.simulation_id)
    return experiment.simulation_id
