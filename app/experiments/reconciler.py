"""The reconciler: one tick drives every unfinished experiment one step and makes the runtime run
exactly the active deployments.

One query loads the experiments that need work (non-terminal, or terminal but not yet cleaned up),
so a tick costs one query plus the work each experiment actually needs, linear in their number.
Each experiment is handled in its own session: one failing experiment cannot stop the others. Only
the leader (PostgreSQL advisory lock) reconciles; other replicas skip the tick.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.db_outage import OutageGuard, database_unavailable
from app.core.errors import Conflict
from app.core.jobs import JobContext
from app.core.leader import LeaderLock
from app.core.metrics import RECONCILE_DURATION, RECONCILE_ERRORS
from app.core.phoenix_metrics import ExperimentMetrics, clear_experiments, sync_experiments
from app.deployments import service as deployments
from app.deployments.models import DeploymentStatus
from app.experiments.events import EventKind
from app.experiments.flows import analyzing, cleanup, deploying, running
from app.experiments.models import Experiment, ExperimentEvent
from app.experiments.phases import TERMINAL, Phase
from app.runtimes.base import Runtime

log = logging.getLogger(__name__)

Handler = Callable[[JobContext[Runtime], AsyncSession, Experiment], Awaitable[None]]
HANDLERS: dict[Phase, Handler] = {
    Phase.deploying: deploying.handle,
    Phase.running: running.handle,
    Phase.analyzing: analyzing.handle,
}


@dataclass
class TickReport:
    leader: bool
    experiments: int = 0
    deployments: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


class Reconciler:
    def __init__(self, ctx: JobContext[Runtime], leader: LeaderLock) -> None:
        self.ctx = ctx
        self.leader = leader
        self.last: TickReport | None = None
        self._outage = OutageGuard("reconciler")

    async def _export_metrics(self) -> None:
        """Phoenix's own gauges (phase, reduction, retention, cost) for every experiment worth showing:
        unfinished ones and those finished in the last day."""
        since = self.ctx.now() - timedelta(days=1)
        async with self.ctx.sessionmaker() as session:
            rows = (
                await session.execute(
                    select(Experiment).where(or_(Experiment.finished_at.is_(None), Experiment.finished_at >= since))
                )
            ).scalars()
            items = [ExperimentMetrics.from_analysis(e.name, e.phase, e.results) for e in rows]
        sync_experiments(items, phases=[p.value for p in Phase])

    async def _work(self) -> list[Experiment]:
        async with self.ctx.sessionmaker() as session:
            query = select(Experiment).where(
                or_(Experiment.phase.not_in([p.value for p in TERMINAL]), Experiment.cleaned_up_at.is_(None)),
                Experiment.phase != Phase.pending,
            )
            return list((await session.execute(query)).scalars())

    async def _handle(self, experiment: Experiment) -> None:
        phase = Phase(experiment.phase)
        handler = cleanup.handle if phase in TERMINAL else HANDLERS.get(phase)
        if handler is None:
            return
        async with self.ctx.sessionmaker() as session:
            # The row loaded by this tick's one query, attached without another SELECT; any write
            # goes through the version check, so a stale copy can only lose, never overwrite.
            current = await session.merge(experiment, load=False)
            try:
                await handler(self.ctx, session, current)
            except Conflict:
                pass  # changed by someone else meanwhile (a stop, another replica): next tick re-reads
            except Exception as exc:
                if database_unavailable(exc):
                    raise  # nothing to record it in; the session rolls back what this step began
                await session.rollback()
                RECONCILE_ERRORS.labels(phase.value).inc()
                session.add(
                    ExperimentEvent(
                        experiment_id=experiment.id,
                        kind=EventKind.reconcile_error,
                        actor="reconciler",
                        message=f"{type(exc).__name__}: {exc}"[:2000],
                    )
                )
                await session.commit()
                raise

    async def _deployments(self) -> int:
        async with self.ctx.sessionmaker() as session:
            rows = await deployments.to_reconcile(session)
            records = []
            for deployment in rows:
                variant = deployments.as_variant(deployment)
                applied, in_runtime = deployment.applied_hash, deployment.in_runtime
                if deployment.status == DeploymentStatus.active:
                    # Apply when absent or when Phoenix changed the config; other differences are drift.
                    status = await self.ctx.runtime.status(variant)
                    if status.state == "absent" or deployment.applied_hash != deployment.config_hash:
                        await self.ctx.runtime.apply(variant)
                        applied = deployment.config_hash
                    in_runtime = True
                else:
                    await self.ctx.runtime.remove(variant)
                    applied, in_runtime = None, False
                if (applied, in_runtime) != (deployment.applied_hash, deployment.in_runtime):
                    records.append(deployments.RuntimeRecord(deployment.id, applied, in_runtime))
            # Bookkeeping, written without the version check so users' writes never fail on it.
            await deployments.record_runtime(session, records)
            await session.commit()
            return len(rows)

    async def tick(self) -> TickReport:
        """One reconcile pass; errors of one experiment are recorded and the others go on. While the
        database is unreachable the tick stops where it is (each step commits on its own, so what it
        did is whole or absent) and the next one starts again from the stored state."""

        def skipped(exc: BaseException) -> TickReport:
            self.last = TickReport(leader=self.leader.held, errors=[f"database unavailable: {type(exc).__name__}"])
            return self.last

        return await self._outage.run(self._tick, skipped)

    async def _tick(self) -> TickReport:
        started = time.perf_counter()
        if not await self.leader.ensure():
            clear_experiments()  # the leader exports them; a follower's copy would go stale
            self.last = TickReport(leader=False)
            return self.last
        report = TickReport(leader=True)
        experiments = await self._work()
        report.experiments = len(experiments)
        for experiment in experiments:
            try:
                await self._handle(experiment)
            except Exception as exc:
                if database_unavailable(exc):
                    raise
                log.exception("reconciling experiment %s failed", experiment.name)
                report.errors.append(f"{experiment.name}: {type(exc).__name__}: {exc}")
        try:
            report.deployments = await self._deployments()
        except Exception as exc:
            if database_unavailable(exc):
                raise
            log.exception("reconciling deployments failed")
            RECONCILE_ERRORS.labels("deployments").inc()
            report.errors.append(f"deployments: {type(exc).__name__}: {exc}")
        try:
            await self._export_metrics()
        except Exception as exc:
            if database_unavailable(exc):
                raise
            log.exception("exporting experiment metrics failed")
            report.errors.append(f"metrics: {type(exc).__name__}: {exc}")
        report.seconds = time.perf_counter() - started
        RECONCILE_DURATION.observe(report.seconds)
        self.last = report
        return report
