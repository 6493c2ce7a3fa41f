"""The reconciler: one tick drives every unfinished experiment one step and makes the runtime run
exactly the active deployments.

One query lists the experiments that need work (non-terminal, or terminal but not yet cleaned up)
by id and version; a second loads the rows this process has not read at that version (all of them
on the first tick, then only those that changed, and those in the short phases: deploying,
analyzing, cleanup). Every change of an experiment but the runtime bookkeeping bumps its version, so
a row read at the same version is still current. So a tick costs a few queries plus the work each
experiment actually needs: a running experiment with nothing to do costs two status reads of the
runtime and no SQL, and the hashes of variants applied again are written for all experiments at
the tick's end, in one transaction (`flows.variants.Ledger`). An experiment that does write is
handled in its own session: one failing experiment cannot stop the others. Only the leader
(PostgreSQL advisory lock) reconciles; other replicas skip the tick.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import load_only

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
from app.experiments.flows.variants import Ledger
from app.experiments.models import Experiment, ExperimentEvent
from app.experiments.phases import TERMINAL, Phase
from app.runtimes.base import Runtime

log = logging.getLogger(__name__)

Handler = Callable[[JobContext[Runtime], AsyncSession, Experiment], Awaitable[None]]
HANDLERS: dict[Phase, Handler] = {
    Phase.deploying: deploying.handle,
    Phase.analyzing: analyzing.handle,
}
# Phase.running: `running.handle`, which also takes the reconciler's `Ledger`.

# Reads at most this many rows by id in one statement (SQLite binds up to 32,766 parameters).
_CHUNK = 900


def _needs_work() -> ColumnElement[bool]:
    return and_(
        or_(Experiment.phase.not_in([p.value for p in TERMINAL]), Experiment.cleaned_up_at.is_(None)),
        Experiment.phase != Phase.pending,
    )


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
        self._ledger = Ledger()
        # Running experiments as last read, by id, kept while their version is unchanged.
        self._known: dict[str, Experiment] = {}

    def _forget_all(self) -> None:
        self._known.clear()
        self._ledger.clear()

    async def _export_metrics(self) -> None:
        """Phoenix's own gauges (phase, reduction, retention, cost) for every experiment worth showing:
        unfinished ones and those finished in the last day."""
        since = self.ctx.now() - timedelta(days=1)
        async with self.ctx.sessionmaker() as session:
            rows = await session.execute(
                select(Experiment.name, Experiment.phase, Experiment.results).where(
                    or_(Experiment.finished_at.is_(None), Experiment.finished_at >= since)
                )
            )
            items = [ExperimentMetrics.from_analysis(name, phase, results) for name, phase, results in rows]
        sync_experiments(items, phases=[p.value for p in Phase])

    async def _work(self) -> list[Experiment]:
        """The experiments to reconcile: those this process read at their current version as it
        read them, the others loaded now (detached: never attached to a session, so a handler's
        rollback cannot expire them)."""
        async with self.ctx.sessionmaker() as session:
            listing = select(Experiment.id, Experiment.version, Experiment.phase).where(_needs_work())
            listed = (await session.execute(listing)).all()
            known = self._known
            stale = [
                (id_, phase) for id_, version, phase in listed if (k := known.get(id_)) is None or k.version != version
            ]
            loaded: dict[str, Experiment] = {}
            # Running experiments: only the columns a running step reads (and only while still running).
            for ids, query in (
                (
                    [id_ for id_, phase in stale if phase == Phase.running],
                    select(Experiment).options(load_only(*running.READS)).where(Experiment.phase == Phase.running),
                ),
                ([id_ for id_, phase in stale if phase != Phase.running], select(Experiment).where(_needs_work())),
            ):
                for start in range(0, len(ids), _CHUNK):
                    chunk = query.where(Experiment.id.in_(ids[start : start + _CHUNK]))
                    loaded.update((e.id, e) for e in (await session.execute(chunk)).scalars())
        work = []
        to_load = {id_ for id_, _phase in stale}
        for id_, _version, _phase in listed:
            experiment = loaded.get(id_) if id_ in to_load else known[id_]
            if experiment is not None:  # None: it left the work meanwhile
                work.append(experiment)
        ids = {e.id for e in work}
        self._known = {id_: e for id_, e in known.items() if id_ in ids}
        self._ledger.retain(ids)
        return work

    async def _handle(self, experiment: Experiment) -> None:
        phase = Phase(experiment.phase)
        self._known.pop(experiment.id, None)  # kept again below only when the step wrote nothing
        if phase == Phase.running:
            handler: Handler | None = None
        else:
            handler = cleanup.handle if phase in TERMINAL else HANDLERS.get(phase)
            if handler is None:
                return
        # The row as this tick read it, not attached: any write goes through the version check, so
        # a stale copy can only lose, never overwrite.
        try:
            if handler is None:  # running: a step with nothing to do opens no session
                if await running.handle(self.ctx, experiment, self._ledger):
                    self._known[experiment.id] = experiment
                else:
                    self._ledger.forget(experiment.id)
            else:
                async with self.ctx.sessionmaker() as session:
                    await handler(self.ctx, session, experiment)
        except Conflict:
            # Changed by someone else meanwhile (a stop, another replica): next tick re-reads.
            self._ledger.forget(experiment.id)
        except Exception as exc:
            self._ledger.forget(experiment.id)
            if database_unavailable(exc):
                raise  # nothing to record it in; the step's session rolled back what it began
            RECONCILE_ERRORS.labels(phase.value).inc()
            async with self.ctx.sessionmaker() as session:
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
            self._forget_all()  # the leader meanwhile changes what this replica read
            self.last = TickReport(leader=False)
            return self.last
        report = TickReport(leader=True)
        self._ledger.discard_pending()  # what an interrupted tick left: applied again and noted anew
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
            async with self.ctx.sessionmaker() as session:
                await self._ledger.flush(session)
        except Exception as exc:
            self._forget_all()  # not recorded: read everything again and apply again
            if database_unavailable(exc):
                raise
            log.exception("recording the applied variants failed")
            RECONCILE_ERRORS.labels(Phase.running.value).inc()
            report.errors.append(f"applied variants: {type(exc).__name__}: {exc}")
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
