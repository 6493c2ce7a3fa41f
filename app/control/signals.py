"""Control signals: each kind executed through the same services as the REST endpoints (one code
path), stored with status pending -> executing -> completed | failed and who sent it.

A signal that fails on a client error (wrong phase, bad parameters, 409 race) is stored as `failed`
with the reason and the caller gets the usual error envelope naming the signal; nothing of the
failed change is written. Any other failure (the runtime, the database) is stored as `failed` too
when the database still answers; a signal left `executing` because it could not be
(`INTERRUPTED_AFTER` old) is failed by `fail_interrupted`, which the control loop runs.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.control.models import ControlSignal, SignalCreate, SignalKind, SignalStatus
from app.core.db import utcnow
from app.core.errors import Invalid, NotFound, PhoenixError
from app.deployments import service as deployments
from app.experiments import changes
from app.experiments import service as experiments
from app.runtimes.base import Runtime

log = logging.getLogger(__name__)

# A signal executes within one request; one still `executing` after this long was cut off (Phoenix
# stopped, or lost its database, while it ran).
INTERRUPTED_AFTER = timedelta(minutes=10)
INTERRUPTED = "interrupted: Phoenix stopped or lost its database while the signal ran; nothing says it finished"

Executor = Callable[[AsyncSession, SignalCreate, str, Runtime], Awaitable[dict[str, Any]]]


# --- experiments --------------------------------------------------------------------------------


async def _promote(session: AsyncSession, signal: SignalCreate, actor: str, runtime: Runtime) -> dict[str, Any]:
    experiment = await experiments.promote(
        session, experiment_id=str(signal.experiment_id), variant=str(signal.variant), actor=actor, runtime=runtime
    )
    return {"promoted_variant": experiment.promoted_variant}


async def _stop(session: AsyncSession, signal: SignalCreate, actor: str, runtime: Runtime) -> dict[str, Any]:
    experiment = await experiments.stop(
        session, experiment_id=str(signal.experiment_id), actor=actor, reason=signal.reason or "stop signal"
    )
    return {"phase": experiment.phase}


async def _pause(session: AsyncSession, signal: SignalCreate, actor: str, runtime: Runtime) -> dict[str, Any]:
    await changes.pause(session, experiment_id=str(signal.experiment_id), actor=actor, reason=signal.reason or "")
    return {"paused": True}


async def _resume(session: AsyncSession, signal: SignalCreate, actor: str, runtime: Runtime) -> dict[str, Any]:
    experiment = await changes.resume(session, experiment_id=str(signal.experiment_id), actor=actor)
    return {"paused_seconds": experiment.paused_seconds}


async def _experiment_config_update(
    session: AsyncSession, signal: SignalCreate, actor: str, runtime: Runtime
) -> dict[str, Any]:
    label = str(signal.variant)
    experiment = await changes.update_parameters(
        session,
        experiment_id=str(signal.experiment_id),
        label=label,
        parameters=signal.parameters or {},
        actor=actor,
        runtime=runtime,
    )
    return {"variant": label, "parameters": getattr(experiment, label).get("parameters", {})}


async def _experiment_retarget(
    session: AsyncSession, signal: SignalCreate, actor: str, runtime: Runtime
) -> dict[str, Any]:
    experiment = await changes.retarget(
        session, experiment_id=str(signal.experiment_id), target=signal.target, actor=actor, runtime=runtime
    )
    return {"target": experiment.target.model_dump()}


# --- deployments --------------------------------------------------------------------------------


async def _deployment_signal(
    session: AsyncSession, signal: SignalCreate, actor: str, runtime: Runtime
) -> dict[str, Any]:
    kind, deployment_id, reason = signal.kind, str(signal.deployment_id), signal.reason or ""
    if kind == SignalKind.pause:
        paused = await deployments.pause(session, deployment_id=deployment_id, actor=actor, reason=reason)
        return {"status": paused.status}
    if kind == SignalKind.resume:
        resumed = await deployments.resume(session, deployment_id=deployment_id, actor=actor, reason=reason)
        return {"status": resumed.status}
    if kind == SignalKind.stop:
        stopped = await deployments.remove(
            session, deployment_id=deployment_id, actor=actor, reason=reason or "stop signal"
        )
        return {"status": stopped.status}
    if kind == SignalKind.rollback:
        rolled = await deployments.rollback(
            session, deployment_id=deployment_id, actor=actor, runtime=runtime, reason=reason
        )
        return {"restored_deployment": rolled.restored.id, "name": rolled.restored.name}
    if kind == SignalKind.config_update:
        updated = await deployments.update_parameters(
            session, deployment_id=deployment_id, parameters=signal.parameters or {}, runtime=runtime
        )
        return {"config_hash": updated.config_hash}
    if kind == SignalKind.retarget:
        deployment = await deployments.retarget(
            session, deployment_id=deployment_id, target=signal.target, runtime=runtime
        )
        return {"target": deployment.target.model_dump()}
    raise Invalid(
        f"'{kind.value}' applies to experiments, not deployments",
        [{"path": "body.kind", "message": "not a deployment signal"}],
    )


EXPERIMENT_SIGNALS: dict[SignalKind, Executor] = {
    SignalKind.promote: _promote,
    SignalKind.rollback: _stop,  # rolling back a running experiment = stopping it, restoring what ran before
    SignalKind.stop: _stop,
    SignalKind.pause: _pause,
    SignalKind.resume: _resume,
    SignalKind.config_update: _experiment_config_update,
    SignalKind.retarget: _experiment_retarget,
}


async def execute(
    session: AsyncSession, *, data: SignalCreate, actor: str, runtime: Runtime, at: datetime | None = None
) -> ControlSignal:
    """Store the signal, execute it, store the outcome. Client errors are re-raised after recording.

    `at` stamps the signal (loops driven by an injected clock pass theirs; default: now)."""
    if data.experiment_id:
        await experiments.get(session, experiment_id=data.experiment_id)
    payload = data.model_dump(mode="json", exclude_none=True, exclude={"kind", "experiment_id", "deployment_id"})
    signal = ControlSignal(
        kind=data.kind,
        experiment_id=data.experiment_id,
        deployment_id=data.deployment_id,
        payload=payload,
        created_by=actor,
        status=SignalStatus.executing,
        created_at=at or utcnow(),
        started_at=at or utcnow(),
    )
    session.add(signal)
    await session.commit()
    signal_id = signal.id
    try:
        if data.experiment_id:
            result = await EXPERIMENT_SIGNALS[data.kind](session, data, actor, runtime)
        else:
            result = await _deployment_signal(session, data, actor, runtime)
    except PhoenixError as exc:
        await session.rollback()
        await _finish(session, signal_id, SignalStatus.failed, error=exc.message)
        exc.details = {
            "signal_id": signal_id,
            **(exc.details if isinstance(exc.details, dict) else {"errors": exc.details} if exc.details else {}),
        }
        raise
    except Exception as exc:
        # Not the caller's fault: record it if the database lets us, then answer as any error would.
        await session.rollback()
        with contextlib.suppress(Exception):
            await _finish(session, signal_id, SignalStatus.failed, error=f"{type(exc).__name__}: {exc}"[:2000])
        raise
    return await _finish(session, signal_id, SignalStatus.completed, result=result)


async def fail_interrupted(session: AsyncSession, *, now: datetime) -> int:
    """Fail the signals still `executing` `INTERRUPTED_AFTER` after they started; returns how many."""
    result = await session.execute(
        update(ControlSignal)
        .where(ControlSignal.status == SignalStatus.executing, ControlSignal.started_at < now - INTERRUPTED_AFTER)
        .values(status=SignalStatus.failed, error=INTERRUPTED, finished_at=now)
    )
    await session.commit()
    count = result.rowcount or 0  # type: ignore[attr-defined]
    if count:
        log.warning("%d control signal(s) were left executing and are now failed (interrupted)", count)
    return count


async def _finish(
    session: AsyncSession,
    signal_id: str,
    status: SignalStatus,
    *,
    result: dict[str, Any] | None = None,
    error: str | None = None,
) -> ControlSignal:
    signal = await session.get(ControlSignal, signal_id, populate_existing=True)
    assert signal is not None
    signal.status, signal.result, signal.error, signal.finished_at = status, result, error, utcnow()
    await session.commit()
    return signal


async def get(session: AsyncSession, *, signal_id: str) -> ControlSignal:
    """One signal, or NotFound."""
    signal = await session.get(ControlSignal, signal_id)
    if signal is None:
        raise NotFound(f"signal {signal_id} not found")
    return signal


async def list_recent(session: AsyncSession, *, experiment_id: str | None, limit: int) -> list[ControlSignal]:
    """Signals, newest first."""
    query = select(ControlSignal).order_by(ControlSignal.created_at.desc()).limit(limit)
    if experiment_id:
        query = query.where(ControlSignal.experiment_id == experiment_id)
    return list((await session.execute(query)).scalars())
