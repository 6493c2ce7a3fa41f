"""Standing deployments: a pipeline that runs on a target outside any experiment (often a promoted
winner), and the API shapes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field
from sqlalchemy import JSON, Text
from sqlalchemy.orm import declared_attr
from sqlmodel import Column, SQLModel
from sqlmodel import Field as SQLField

from app.core.db import PydanticJSON, UtcDateTime, utcnow
from app.core.models import StrictModel
from app.core.naming import DnsLabel
from app.core.transitions import TransitionRecord
from app.deployments.states import DeploymentStatus, allowed_from
from app.engine.critical_patterns import CriticalPatterns, default_patterns_field
from app.pipelines.models import VariantSource
from app.runtimes.base import Target


class Deployment(SQLModel, table=True):
    """A standing deployment. Every ORM write of a row is `UPDATE ... WHERE id = :id AND version = :read`
    (SQLAlchemy's `version_id_col`), so a writer that read an older version fails instead of
    overwriting; `app.deployments.service` turns that into a 409. Only the reconciler's runtime
    bookkeeping (`applied_hash`, `in_runtime`) is written without it (see `service.record_runtime`)."""

    __tablename__ = "deployments"

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}

    id: str = SQLField(default_factory=lambda: uuid.uuid4().hex, primary_key=True, max_length=32)
    name: str = SQLField(max_length=63, index=True)
    source: dict[str, Any] = SQLField(sa_column=Column(JSON, nullable=False))
    config_yaml: str = SQLField(sa_column=Column(Text, nullable=False))
    config_hash: str = SQLField(max_length=64)
    # The hash Phoenix last applied: a runtime running anything else has drifted (see app.control.drift).
    applied_hash: str | None = SQLField(default=None, max_length=64)
    target: Target = SQLField(sa_column=Column(PydanticJSON(Target), nullable=False))
    critical_processes: list[str] = SQLField(sa_column=Column(JSON, nullable=False))
    status: str = SQLField(default=DeploymentStatus.active.value, max_length=16, index=True)
    source_experiment_id: str | None = SQLField(default=None, max_length=32)
    # Whether the runtime may still run it: the reconciler applies active deployments and removes
    # the others once, so its work stays proportional to what is (or was just) running.
    in_runtime: bool = False
    version: int = 1
    created_by: str = SQLField(max_length=80)
    created_at: datetime = SQLField(default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False))
    updated_at: datetime = SQLField(default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False))


class DeploymentTransition(TransitionRecord, table=True):
    """One status change of a deployment: from, to, who or what triggered it, and why."""

    __tablename__ = "deployment_transitions"

    deployment_id: str = SQLField(foreign_key="deployments.id", ondelete="CASCADE", index=True, max_length=32)
    from_status: str | None = SQLField(default=None, max_length=16)
    to_status: str = SQLField(max_length=16)


# --- API shapes -------------------------------------------------------------------------------


class DeploymentCreate(StrictModel):
    name: DnsLabel = Field(min_length=1)
    pipeline: VariantSource
    target: Target = Field(default_factory=Target)
    critical_processes: CriticalPatterns = default_patterns_field()


class DeploymentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    source: dict[str, Any]
    config_hash: str
    target: Target
    critical_processes: list[str]
    status: DeploymentStatus
    source_experiment_id: str | None
    version: int
    created_by: str
    created_at: datetime
    updated_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def allowed_transitions(self) -> list[DeploymentStatus]:
        """Statuses this deployment may move to next (see `app.deployments.states`)."""
        return allowed_from(self.status)


class DeploymentDetail(DeploymentRead):
    config_yaml: str


class DeploymentTransitionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    from_status: DeploymentStatus | None
    to_status: DeploymentStatus
    trigger: str
    reason: str
    created_at: datetime


class DeploymentChangeRequest(StrictModel):
    """Why an operator pauses, resumes or rolls back a deployment (recorded with the transition)."""

    reason: str = Field(default="", max_length=1000)


class RollbackRead(BaseModel):
    """The outcome of a rollback: the deployment restored on the target and the one it removed."""

    restored: DeploymentRead
    removed: DeploymentRead
