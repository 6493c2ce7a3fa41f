"""Control signals and drift reports: stored, audited, and the API shapes."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import JSON
from sqlmodel import Column, SQLModel
from sqlmodel import Field as SQLField

from app.core.db import UtcDateTime, utcnow
from app.core.models import StrictModel
from app.core.variants import VARIANT_LABELS
from app.engine.kpi_model import VariantKpisBase
from app.runtimes.base import Target


class SignalKind(StrEnum):
    promote = "promote"
    rollback = "rollback"
    pause = "pause"
    resume = "resume"
    stop = "stop"
    config_update = "config_update"
    retarget = "retarget"


class SignalStatus(StrEnum):
    pending = "pending"
    executing = "executing"
    completed = "completed"
    failed = "failed"


class ControlSignal(SQLModel, table=True):
    __tablename__ = "control_signals"

    id: str = SQLField(default_factory=lambda: uuid.uuid4().hex, primary_key=True, max_length=32)
    kind: str = SQLField(max_length=20, index=True)
    experiment_id: str | None = SQLField(default=None, max_length=32, index=True)
    deployment_id: str | None = SQLField(default=None, max_length=32, index=True)
    payload: dict[str, Any] = SQLField(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = SQLField(default=SignalStatus.pending.value, max_length=12)
    result: dict[str, Any] | None = SQLField(default=None, sa_column=Column(JSON, nullable=True))
    error: str | None = SQLField(default=None, max_length=2000)
    created_by: str = SQLField(max_length=80)
    created_at: datetime = SQLField(default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False))
    started_at: datetime | None = SQLField(default=None, sa_column=Column(UtcDateTime(), nullable=True))
    finished_at: datetime | None = SQLField(default=None, sa_column=Column(UtcDateTime(), nullable=True))


class DriftReport(SQLModel, table=True):
    """A difference between what Phoenix wants and what runs (config), or between what a deployment
    delivers now and what its experiment measured (KPI). Open until the difference is gone."""

    __tablename__ = "drift_reports"

    id: int | None = SQLField(default=None, primary_key=True)
    kind: str = SQLField(max_length=12)  # config | kpi
    subject: str = SQLField(max_length=140, index=True)  # runtime key: <owner>/<label>
    deployment_id: str | None = SQLField(default=None, max_length=32)
    experiment_id: str | None = SQLField(default=None, max_length=32)
    score: float
    metrics: dict[str, Any] = SQLField(default_factory=dict, sa_column=Column(JSON, nullable=False))
    recommended_action: str = SQLField(max_length=40)
    remediated: bool = False
    detected_at: datetime = SQLField(default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False))
    resolved_at: datetime | None = SQLField(default=None, sa_column=Column(UtcDateTime(), nullable=True))


# --- API shapes -------------------------------------------------------------------------------


class SignalCreate(StrictModel):
    kind: SignalKind
    experiment_id: str | None = Field(default=None, max_length=64)
    deployment_id: str | None = Field(default=None, max_length=64)
    variant: str | None = Field(default=None, pattern=f"^({'|'.join(VARIANT_LABELS)})$")
    parameters: dict[str, Any] | None = Field(default=None, description="config_update: new template parameters")
    target: Target | None = Field(default=None, description="retarget: the new target")
    reason: str = Field(default="", max_length=1000)

    @model_validator(mode="after")
    def _subject(self) -> SignalCreate:
        if (self.experiment_id is None) == (self.deployment_id is None):
            raise ValueError("give exactly one of 'experiment_id' or 'deployment_id'")
        needs_variant = self.kind == SignalKind.promote or (
            self.kind == SignalKind.config_update and self.experiment_id
        )
        if needs_variant and self.variant is None:
            raise ValueError(f"'{self.kind.value}' on an experiment needs 'variant'")
        if self.kind == SignalKind.config_update and self.parameters is None:
            raise ValueError("'config_update' needs 'parameters'")
        if self.kind == SignalKind.retarget and self.target is None:
            raise ValueError("'retarget' needs 'target'")
        return self


class SignalRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    kind: SignalKind
    experiment_id: str | None
    deployment_id: str | None
    payload: dict[str, Any]
    status: SignalStatus
    result: dict[str, Any] | None
    error: str | None
    created_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class DriftReportRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    subject: str
    deployment_id: str | None
    experiment_id: str | None
    score: float
    metrics: dict[str, Any]
    recommended_action: str
    remediated: bool
    detected_at: datetime
    resolved_at: datetime | None


class LeaderRead(BaseModel):
    is_leader: bool = Field(description="this process holds the leader lock and runs the control loop's jobs")
    identity: str


class JobStatus(BaseModel):
    """One periodic job of the scheduler (`app.core.scheduler.Scheduler.status`)."""

    next_run: str | None = Field(description="ISO 8601; null while the job is paused")
    last_run: str | None = Field(description="ISO 8601; null before its first run")
    last_duration_seconds: float | None
    last_error: str | None
    runs: int
    errors: int


class SchedulerStatus(BaseModel):
    running: bool
    jobs: dict[str, JobStatus] = Field(description="by job id (reconciler, sampler, drift, dynamic, ...)")


class ReconcileReport(BaseModel):
    """`app.experiments.reconciler.TickReport`: what the last reconcile tick did."""

    leader: bool = Field(description="false: this process was not the leader and did nothing")
    experiments: int = Field(description="experiments reconciled")
    deployments: int = Field(description="deployments reconciled")
    errors: list[str]
    seconds: float


class ControlStatus(BaseModel):
    runtime: str
    leader: LeaderRead
    scheduler: SchedulerStatus
    last_reconcile: ReconcileReport | None = Field(description="null before the first reconcile tick")
    open_drift_reports: int
    drift_auto_remediate: bool


class DeploymentLiveRead(VariantKpisBase):
    """The latest live sample of one active deployment: what it does now, as the drift detector
    measured it (every reconcile interval, on the leader)."""

    deployment_id: str
    deployment_name: str
    taken_at: datetime
