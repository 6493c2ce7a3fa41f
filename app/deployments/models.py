"""Standing deployments: a pipeline that runs on a target outside any experiment (often a promoted
winner), and the API shapes."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import JSON, Text
from sqlmodel import Column, SQLModel
from sqlmodel import Field as SQLField

from app.core.db import UtcDateTime, utcnow
from app.experiments.models import DNS_1123_LABEL, TargetSpec, VariantSpec
from app.pipelines.critical_processes import DEFAULT_CRITICAL_PROCESSES, PATTERNS_DESCRIPTION, validate_patterns


class DeploymentStatus(StrEnum):
    active = "active"  # should run on its target
    suspended = "suspended"  # paused while an experiment runs on the same target
    replaced = "replaced"  # superseded by a promotion on the same target
    removed = "removed"  # deleted by a user


class Deployment(SQLModel, table=True):
    __tablename__ = "deployments"

    id: str = SQLField(default_factory=lambda: uuid.uuid4().hex, primary_key=True, max_length=32)
    name: str = SQLField(max_length=63, index=True)
    source: dict[str, Any] = SQLField(sa_column=Column(JSON, nullable=False))
    config_yaml: str = SQLField(sa_column=Column(Text, nullable=False))
    config_hash: str = SQLField(max_length=64)
    # The hash Phoenix last applied: a runtime running anything else has drifted (see app.control.drift).
    applied_hash: str | None = SQLField(default=None, max_length=64)
    target: dict[str, Any] = SQLField(sa_column=Column(JSON, nullable=False))
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


class DeploymentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=63, pattern=DNS_1123_LABEL)
    pipeline: VariantSpec
    target: TargetSpec = Field(default_factory=TargetSpec)
    critical_processes: list[str] = Field(
        default_factory=lambda: list(DEFAULT_CRITICAL_PROCESSES), max_length=100, description=PATTERNS_DESCRIPTION
    )

    @field_validator("critical_processes")
    @classmethod
    def _patterns(cls, value: list[str]) -> list[str]:
        return validate_patterns(value)


class DeploymentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    source: dict[str, Any]
    config_hash: str
    target: dict[str, Any]
    critical_processes: list[str]
    status: DeploymentStatus
    source_experiment_id: str | None
    version: int
    created_by: str
    created_at: datetime
    updated_at: datetime


class DeploymentDetail(DeploymentRead):
    config_yaml: str
