"""The dynamic-threshold and adaptive-profile loops for standing deployments.

Every interval, each active `process-dynamic-v1` deployment is sampled and its thresholds retuned
towards `target_series_per_host`, and each `process-adaptive-v1` deployment switches profile on the
host's process count (the laws are in `thresholds`). A hold time (the template's
`retune_interval`) keeps two changes of one deployment at least that far apart.

Every change is a `config_update` control signal from `control:dynamic`, validated and audited like
an operator's, and the reconciler applies the re-rendered config. The last change time comes from
those stored signals, so a restart does not reset the hold time; what the dynamic law has learned
(its bracket) lives in memory and is relearned after a restart or a manual change.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.control import signals
from app.control.models import ControlSignal, SignalCreate, SignalKind, SignalStatus
from app.control.thresholds import Bracket, Thresholds, retune, switch_profile
from app.core.db_outage import OutageGuard
from app.core.durations import parse_duration
from app.core.errors import PhoenixError
from app.core.jobs import JobContext
from app.core.leader import LeaderLock
from app.deployments import service as deployments
from app.deployments.models import Deployment, DeploymentStatus
from app.runtimes.base import Runtime, VariantSample

log = logging.getLogger(__name__)

ACTOR = "control:dynamic"
DYNAMIC = "process-dynamic-v1"
ADAPTIVE = "process-adaptive-v1"
DEFAULT_HOLD_S = 300.0


@dataclass(frozen=True)
class Decision:
    deployment: str
    action: str  # hold | retune | switch
    reason: str
    parameters: dict[str, Any] | None = None


def hold_seconds(parameters: dict[str, Any]) -> float:
    try:
        return float(parse_duration(parameters.get("retune_interval", DEFAULT_HOLD_S)))
    except ValueError:
        return DEFAULT_HOLD_S


class DynamicController:
    def __init__(self, ctx: JobContext[Runtime], leader: LeaderLock) -> None:
        self.ctx = ctx
        self.leader = leader
        self._brackets: dict[str, tuple[Bracket, Thresholds]] = {}  # deployment id -> (bracket, thresholds it set)
        self._outage = OutageGuard("dynamic")

    def _bracket(self, deployment: Deployment, parameters: dict[str, Any]) -> Bracket:
        """This deployment's bracket, new when the target changed or someone else set the thresholds."""
        target = float(parameters.get("target_series_per_host", 200))
        known = self._brackets.get(deployment.id)
        if known is None or known[0].target != target or known[1] != Thresholds.of(parameters):
            known = (Bracket(target), Thresholds.of(parameters))
            self._brackets[deployment.id] = known
        return known[0]

    async def _last_change(self, session: AsyncSession, deployment_id: str) -> datetime | None:
        query = (
            select(ControlSignal.created_at)
            .where(
                ControlSignal.deployment_id == deployment_id,
                ControlSignal.created_by == ACTOR,
                ControlSignal.status == SignalStatus.completed,
            )
            .order_by(ControlSignal.created_at.desc())
            .limit(1)
        )
        return (await session.execute(query)).scalar_one_or_none()

    async def _decide(self, session: AsyncSession, deployment: Deployment, sample: VariantSample) -> Decision:
        template = deployment.source.get("template")
        parameters = dict(deployment.source.get("parameters") or {})
        if template == DYNAMIC:
            change, reason = retune(parameters, sample.output_series, self._bracket(deployment, parameters))
            action = "retune"
        else:
            change, reason = switch_profile(parameters, sample.input_processes)
            action = "switch"
        if change is None:
            return Decision(deployment.name, "hold", reason)
        last = await self._last_change(session, deployment.id)
        hold = hold_seconds(parameters)
        if last is not None and self.ctx.now() - last < timedelta(seconds=hold):
            return Decision(deployment.name, "hold", f"{reason}; held: last change under {hold:.0f}s ago")
        return Decision(deployment.name, action, reason, change)

    async def tick(self) -> list[Decision]:
        """Sample every dynamic/adaptive deployment once and retune those outside their band. While
        the database is unreachable the tick is skipped (no decision); each change is one committed
        signal, so a change is stored whole or not at all and the next tick decides again."""
        return await self._outage.run(self._tick, lambda _exc: [])

    async def _tick(self) -> list[Decision]:
        if not await self.leader.ensure():
            return []
        async with self.ctx.sessionmaker() as session:
            await signals.fail_interrupted(session, now=self.ctx.now())
            rows = list(
                (
                    await session.execute(select(Deployment).where(Deployment.status == DeploymentStatus.active))
                ).scalars()
            )
            managed = [d for d in rows if d.source.get("template") in (DYNAMIC, ADAPTIVE) and d.applied_hash]
            if not managed:
                return []
            samples = await self.ctx.runtime.sample([deployments.as_variant(d) for d in managed])
            decisions = []
            for deployment in managed:
                sample = samples.get(deployments.as_variant(deployment).key)
                if sample is None:
                    continue
                decision = await self._decide(session, deployment, sample)
                decisions.append(decision)
                if decision.parameters is None:
                    continue
                request = SignalCreate(
                    kind=SignalKind.config_update,
                    deployment_id=deployment.id,
                    parameters=decision.parameters,
                    reason=decision.reason,
                )
                try:
                    await signals.execute(
                        session, data=request, actor=ACTOR, runtime=self.ctx.runtime, at=self.ctx.now()
                    )
                except PhoenixError as exc:
                    log.warning("dynamic control of %s failed: %s", deployment.name, exc.message)
                    continue
                if deployment.id in self._brackets and decision.action == "retune":
                    bracket = self._brackets[deployment.id][0]
                    now_set = {**(deployment.source.get("parameters") or {}), **decision.parameters}
                    self._brackets[deployment.id] = (bracket, Thresholds.of(now_set))
            return decisions
