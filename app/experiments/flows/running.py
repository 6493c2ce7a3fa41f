"""`running`: keep both variants applied (a restarted local runtime starts empty) and move to
`analyzing` once the run's duration has passed since it started running."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.jobs import JobContext
from app.experiments.events import EventKind
from app.experiments.flows.context import RECONCILER, move
from app.experiments.flows.simulation import ensure_simulation
from app.experiments.flows.variants import apply_variants
from app.experiments.models import Experiment, ExperimentEvent
from app.experiments.phases import Phase
from app.runtimes.base import Runtime


async def handle(ctx: JobContext[Runtime], session: AsyncSession, experiment: Experiment) -> None:
    experiment = await ensure_simulation(ctx, session, experiment)
    experiment, observed = await apply_variants(ctx.runtime, session, experiment)
    if observed.applied:
        session.add(
            ExperimentEvent(
                experiment_id=experiment.id,
                kind=EventKind.variants_reapplied,
                actor=RECONCILER,
                message="variants applied again (not running after a restart, or their config changed)",
                data={"variants": sorted(observed.applied)},
            )
        )
        await session.commit()
    if observed.failed:
        await move(session, experiment, Phase.failed, f"a variant failed while running: {observed.failed}")
        return
    if experiment.paused_at is not None:
        return  # the run's clock is stopped; resume adds the pause to the duration
    running_at = experiment.running_at or experiment.started_at or ctx.now()
    if ctx.now() >= running_at + timedelta(seconds=experiment.duration_seconds + experiment.paused_seconds):
        await move(session, experiment, Phase.analyzing, f"duration of {experiment.duration_seconds}s elapsed")
