"""After any terminal phase: remove both variants from the runtime and give the target back to the
deployments the run suspended (unless a promotion replaced them). Runs until it has succeeded once."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.jobs import JobContext
from app.deployments import service as deployments
from app.experiments import service
from app.experiments.events import EventKind
from app.experiments.flows.context import RECONCILER
from app.experiments.flows.simulation import stop_simulation
from app.experiments.flows.variants import variants
from app.experiments.models import Experiment, ExperimentEvent
from app.runtimes.base import Runtime


async def handle(ctx: JobContext[Runtime], session: AsyncSession, experiment: Experiment) -> None:
    removed = []
    for variant in variants(experiment):
        await ctx.runtime.remove(variant)
        removed.append(variant.key)
    simulation = await stop_simulation(ctx, experiment)
    restored = await deployments.restore(
        session,
        deployment_ids=list(experiment.suspended_deployments),
        actor=RECONCILER,
        reason=f"experiment {experiment.name} finished ({experiment.phase})",
    )
    experiment = await service.write(session, experiment, {"cleaned_up_at": ctx.now()})
    session.add(
        ExperimentEvent(
            experiment_id=experiment.id,
            kind=EventKind.cleaned_up,
            actor=RECONCILER,
            message="variants removed from the runtime",
            data={"removed": removed, "restored_deployments": restored, "stopped_simulation": simulation},
        )
    )
    await session.commit()
