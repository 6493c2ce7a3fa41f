"""`analyzing`: analyse the stored samples, store results and verdict, complete, and promote the
candidate when the experiment asked for it and the verdict is `adopt_candidate`."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.analysis.service import analyze
from app.analysis.verdict import Verdict
from app.core.jobs import JobContext
from app.core.variants import CANDIDATE
from app.experiments import service
from app.experiments.flows.context import RECONCILER, move
from app.experiments.models import Experiment, ExperimentSample
from app.experiments.phases import Phase
from app.runtimes.base import Runtime


async def samples_of(session: AsyncSession, experiment_id: str) -> list[ExperimentSample]:
    query = (
        select(ExperimentSample)
        .where(ExperimentSample.experiment_id == experiment_id)
        .order_by(ExperimentSample.taken_at, ExperimentSample.id)
    )
    return list((await session.execute(query)).scalars())


async def handle(ctx: JobContext[Runtime], session: AsyncSession, experiment: Experiment) -> None:
    samples = await samples_of(session, experiment.id)
    results = analyze(samples, experiment.success_criteria, pricing=experiment.pricing)
    experiment = await move(
        session,
        experiment,
        Phase.completed,
        f"verdict {results['verdict']}: {results['reasons'][0]}",
        extra={"results": results, "verdict": results["verdict"]},
    )
    if experiment.auto_promote and results["verdict"] == Verdict.adopt_candidate:
        await service.promote(
            session,
            experiment_id=experiment.id,
            variant=CANDIDATE,
            actor=f"{RECONCILER}:auto_promote",
            runtime=ctx.runtime,
        )
