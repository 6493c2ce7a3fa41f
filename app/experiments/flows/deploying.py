"""`deploying`: render and freeze both configs, suspend what ran on the target, apply both variants,
and move to `running` once both are ready, or to `failed` on error or after the deploy timeout."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import PhoenixError
from app.core.jobs import JobContext
from app.deployments import service as deployments
from app.experiments import service
from app.experiments.events import EventKind
from app.experiments.flows.context import RECONCILER, move
from app.experiments.flows.simulation import ensure_simulation
from app.experiments.flows.variants import apply_variants, render_variants
from app.experiments.models import Experiment, ExperimentEvent
from app.experiments.phases import Phase
from app.runtimes.base import Runtime


async def _freeze(ctx: JobContext[Runtime], session: AsyncSession, experiment: Experiment) -> Experiment | None:
    try:
        configs = await render_variants(session, experiment, ctx.runtime)
    except PhoenixError as exc:
        await move(session, experiment, Phase.failed, f"cannot render the variants: {exc.message}")
        return None
    suspended = await deployments.suspend_on_target(
        session,
        target=experiment.target,
        runtime=ctx.runtime,
        actor=RECONCILER,
        reason=f"experiment {experiment.name} runs on the target",
    )
    experiment = await service.write(
        session, experiment, {"variant_configs": configs, "suspended_deployments": suspended}
    )
    session.add(
        ExperimentEvent(
            experiment_id=experiment.id,
            kind=EventKind.configs_rendered,
            actor=RECONCILER,
            message="variant configs rendered and frozen for the run",
            data={"suspended_deployments": suspended},
        )
    )
    await session.commit()
    return await service.get(session, experiment_id=experiment.id)


async def handle(ctx: JobContext[Runtime], session: AsyncSession, experiment: Experiment) -> None:
    if experiment.variant_configs is None:
        frozen = await _freeze(ctx, session, experiment)
        if frozen is None:
            return
        experiment = frozen
    experiment = await ensure_simulation(ctx, session, experiment)
    experiment, observed = await apply_variants(ctx.runtime, session, experiment)
    if observed.failed:
        await move(session, experiment, Phase.failed, f"a variant failed to deploy: {observed.failed}")
    elif observed.ready:
        await move(
            session,
            experiment,
            Phase.running,
            f"both variants ready ({observed.describe()})",
            extra={"running_at": ctx.now()},
        )
    elif experiment.started_at and (ctx.now() - experiment.started_at).total_seconds() > ctx.settings.deploy_timeout:
        await move(
            session,
            experiment,
            Phase.failed,
            f"deploy timed out after {ctx.settings.deploy_timeout:.0f}s ({observed.describe()})",
        )
