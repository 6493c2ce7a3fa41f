"""Control API: signals, drift reports, and the status of the control loop."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import func, select

from app.auth.dependencies import Operator, Viewer
from app.control import signals
from app.control.models import (
    ControlStatus,
    DeploymentLiveRead,
    DriftReport,
    DriftReportRead,
    SignalCreate,
    SignalRead,
)
from app.core.db import SessionDep

router = APIRouter(prefix="/api/v1/control", tags=["control"])


@router.post("/signals", response_model=SignalRead, status_code=201)
async def send_signal(body: SignalCreate, principal: Operator, request: Request, session: SessionDep) -> SignalRead:
    """Send a control signal; it is executed at once and stored with its outcome."""
    signal = await signals.execute(session, data=body, actor=principal.actor, runtime=request.app.state.runtime)
    return SignalRead.model_validate(signal)


@router.get("/signals", response_model=list[SignalRead])
async def list_signals(
    _: Viewer,
    session: SessionDep,
    experiment_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[SignalRead]:
    """Recent signals, newest first."""
    rows = await signals.list_recent(session, experiment_id=experiment_id, limit=limit)
    return [SignalRead.model_validate(s) for s in rows]


@router.get("/signals/{signal_id}", response_model=SignalRead)
async def get_signal(signal_id: str, _: Viewer, session: SessionDep) -> SignalRead:
    """One signal and its outcome."""
    return SignalRead.model_validate(await signals.get(session, signal_id=signal_id))


@router.get("/drift", response_model=list[DriftReportRead])
async def list_drift(
    _: Viewer,
    session: SessionDep,
    open_only: bool = Query(False, description="only unresolved reports"),
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[DriftReportRead]:
    """Drift reports, newest first."""
    query = select(DriftReport).order_by(DriftReport.detected_at.desc(), DriftReport.id.desc()).limit(limit)
    if open_only:
        query = query.where(DriftReport.resolved_at.is_(None))
    return [DriftReportRead.model_validate(r) for r in (await session.execute(query)).scalars()]


@router.get("/deployments/live", response_model=list[DeploymentLiveRead])
async def live_deployment_kpis(_: Viewer, request: Request) -> list[DeploymentLiveRead]:
    """Each active deployment's latest live KPIs, sampled by the drift detector every reconcile
    interval (on the leader replica; empty until its first pass)."""
    return sorted(request.app.state.drift.live.values(), key=lambda live: live.deployment_name)


@router.get("/status", response_model=ControlStatus)
async def control_status(_: Viewer, request: Request, session: SessionDep) -> dict[str, Any]:
    """The loop: jobs with last run, duration, next run and errors; the leader; the last reconcile."""
    state = request.app.state
    last = state.reconciler.last
    open_drift = await session.scalar(
        select(func.count()).select_from(DriftReport).where(DriftReport.resolved_at.is_(None))
    )
    return {
        "runtime": state.runtime.name,
        "leader": {"is_leader": state.leader.held, "identity": state.leader.identity},
        "scheduler": state.scheduler.status(),
        "last_reconcile": asdict(last) if last else None,
        "open_drift_reports": open_drift,
        "drift_auto_remediate": state.settings.drift_auto_remediate,
    }
