"""`running`: keep both variants applied (a restarted local runtime starts empty) and move to
`analyzing` once the run's duration has passed since it started running.

Most ticks find nothing to do: both variants run the configs Phoenix applied and the run is not
over. Such a step only reads the runtime's status, opens no session and writes nothing; the hashes
of variants it had to apply again are noted in the reconciler's `Ledger`, which writes those of
every experiment of the tick at once at its end. A step that changes the experiment (a phase, a
simulation started) writes them first, in its own session, as before.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.jobs import JobContext
from app.experiments.flows.apply import Observed, ensure_applied
from app.experiments.flows.context import move
from app.experiments.flows.simulation import ensure_simulation, simulation_needed
from app.experiments.flows.variants import Ledger, reapplied_event, record_applied
from app.experiments.models import Experiment
from app.experiments.phases import Phase
from app.runtimes.base import Runtime

# What a running step reads of the experiment (the reconciler loads only these columns for it).
READS = (
    Experiment.id,
    Experiment.name,
    Experiment.phase,
    Experiment.version,
    Experiment.target,
    Experiment.critical_processes,
    Experiment.duration_seconds,
    Experiment.warmup_seconds,
    Experiment.load_profile,
    Experiment.started_at,
    Experiment.running_at,
    Experiment.paused_at,
    Experiment.paused_seconds,
    Experiment.simulation_id,
    Experiment.variant_configs,
)


def over(ctx: JobContext[Runtime], experiment: Experiment) -> bool:
    """Whether the run's duration has passed (a paused run's clock is stopped: resume adds the pause
    to the duration)."""
    if experiment.paused_at is not None:
        return False
    running_at = experiment.running_at or experiment.started_at or ctx.now()
    return ctx.now() >= running_at + timedelta(seconds=experiment.duration_seconds + experiment.paused_seconds)


async def _observe(ctx: JobContext[Runtime], experiment: Experiment, ledger: Ledger) -> Observed:
    frozen = ledger.frozen(experiment)
    return await ensure_applied(ctx.runtime, frozen.variants, frozen.applied(), frozen.desired)


async def _write(ctx: JobContext[Runtime], session: AsyncSession, experiment: Experiment, observed: Observed) -> None:
    """Record what was applied, then move the experiment if it failed or its run is over."""
    if observed.applied:
        experiment = await record_applied(session, experiment, observed.applied)
        session.add(reapplied_event(experiment, observed.applied))
        await session.commit()
    if observed.failed:
        await move(session, experiment, Phase.failed, f"a variant failed while running: {observed.failed}")
    elif over(ctx, experiment):
        await move(session, experiment, Phase.analyzing, f"duration of {experiment.duration_seconds}s elapsed")


async def handle(ctx: JobContext[Runtime], experiment: Experiment, ledger: Ledger) -> bool:
    """One step; True when it wrote nothing to the experiment (at most the ledger's bookkeeping), so
    the experiment as read is still current."""
    if simulation_needed(ctx, experiment):
        async with ctx.sessionmaker() as session:
            experiment = await ensure_simulation(ctx, session, experiment)
            await _write(ctx, session, experiment, await _observe(ctx, experiment, ledger))
        return False
    observed = await _observe(ctx, experiment, ledger)
    if observed.failed or over(ctx, experiment):
        async with ctx.sessionmaker() as session:
            await _write(ctx, session, experiment, observed)
        return False
    if observed.applied:
        ledger.note(experiment, observed.applied)
    return True
