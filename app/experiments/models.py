"""Experiments: the table, its audit trail (transitions, events) and the API shapes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import JSON, Index
from sqlmodel import Column, SQLModel
from sqlmodel import Field as SQLField

from app.analysis.models import AnalysisRead
from app.core.db import PydanticJSON, UtcDateTime, utcnow
from app.core.durations import Seconds
from app.core.models import StrictModel
from app.core.naming import DnsLabel
from app.core.pricing import Pricing
from app.core.transitions import TransitionRecord
from app.core.variants import VARIANT_LABELS, VariantLabel
from app.engine.critical_patterns import CriticalPatterns, default_patterns_field
from app.engine.kpi_model import VariantKpisBase
from app.experiments.events import EventKind
from app.experiments.phases import Phase
from app.pipelines.models import VariantSource
from app.runtimes.base import Target
from app.simulation.profiles import ProfileName

MAX_DURATION = 30 * 86400


def _new_id() -> str:
    return uuid.uuid4().hex


class FrozenVariant(BaseModel):
    """One variant of a run as rendered when it started deploying, and the hash Phoenix last applied."""

    config_yaml: str
    template: str
    parameters: dict[str, Any]
    applied_hash: str | None = None


class FrozenVariants(BaseModel):
    """Both variants of a run, rendered once and then frozen: a restart or a catalog change cannot alter a run."""

    baseline: FrozenVariant
    candidate: FrozenVariant

    def of(self, label: str) -> FrozenVariant:
        """The variant labelled `label` (`baseline` or `candidate`)."""
        if label not in VARIANT_LABELS:
            raise KeyError(label)
        return getattr(self, label)

    def replace(self, label: str, **changes: Any) -> FrozenVariants:
        """A copy with `changes` made to one variant."""
        return self.model_copy(update={label: self.of(label).model_copy(update=changes)})


class Experiment(SQLModel, table=True):
    __tablename__ = "experiments"
    # The list's order (newest first, ties by id): a page is an index range scan, never a sort.
    __table_args__ = (Index("ix_experiments_created_at_id", "created_at", "id"),)

    id: str = SQLField(default_factory=_new_id, primary_key=True, max_length=32)
    name: str = SQLField(max_length=63, unique=True, index=True)
    description: str = SQLField(default="", max_length=2000)
    phase: str = SQLField(default=Phase.pending.value, max_length=16, index=True)
    version: int = SQLField(default=1)
    baseline: dict[str, Any] = SQLField(sa_column=Column(JSON, nullable=False))
    candidate: dict[str, Any] = SQLField(sa_column=Column(JSON, nullable=False))
    target: Target = SQLField(sa_column=Column(PydanticJSON(Target), nullable=False))
    critical_processes: list[str] = SQLField(sa_column=Column(JSON, nullable=False))
    duration_seconds: int
    warmup_seconds: int = 0
    success_criteria: dict[str, Any] = SQLField(sa_column=Column(JSON, nullable=False))
    auto_promote: bool = False
    load_profile: dict[str, Any] | None = SQLField(default=None, sa_column=Column(JSON, nullable=True))
    # The backend prices of the run's cost figures, fixed at creation (the request's, else the settings').
    pricing: Pricing = SQLField(default_factory=Pricing, sa_column=Column(PydanticJSON(Pricing), nullable=False))
    created_by: str = SQLField(max_length=80)
    created_at: datetime = SQLField(default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False, index=True))
    updated_at: datetime = SQLField(default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False))
    started_at: datetime | None = SQLField(default=None, sa_column=Column(UtcDateTime(), nullable=True))
    running_at: datetime | None = SQLField(default=None, sa_column=Column(UtcDateTime(), nullable=True))
    finished_at: datetime | None = SQLField(default=None, sa_column=Column(UtcDateTime(), nullable=True))
    # Set once the runtime no longer runs either variant (after any terminal phase).
    cleaned_up_at: datetime | None = SQLField(default=None, sa_column=Column(UtcDateTime(), nullable=True))
    # Rendered configs, fixed when deployment starts, so a restart or a catalog change cannot alter a run.
    variant_configs: FrozenVariants | None = SQLField(
        default=None, sa_column=Column(PydanticJSON(FrozenVariants), nullable=True)
    )
    # Standing deployments on the same target, suspended for the run and restored unless one is promoted.
    suspended_deployments: list[str] = SQLField(default_factory=list, sa_column=Column(JSON, nullable=False))
    results: dict[str, Any] | None = SQLField(default=None, sa_column=Column(JSON, nullable=True))
    verdict: str | None = SQLField(default=None, max_length=32)
    promoted_variant: str | None = SQLField(default=None, max_length=16)
    # Pause: the run's clock stops (no samples, duration extended by the time spent paused).
    paused_at: datetime | None = SQLField(default=None, sa_column=Column(UtcDateTime(), nullable=True))
    paused_seconds: float = 0.0
    simulation_id: str | None = SQLField(default=None, max_length=32)


class ExperimentSample(VariantKpisBase, table=True):
    """One sampling interval of one variant: the KPIs the analysis works from (fields of `VariantKpisBase`)."""

    __tablename__ = "experiment_samples"

    id: int | None = SQLField(default=None, primary_key=True)
    experiment_id: str = SQLField(foreign_key="experiments.id", ondelete="CASCADE", max_length=32)
    variant: str = SQLField(max_length=16)
    taken_at: datetime = SQLField(sa_column=Column(UtcDateTime(), nullable=False))
    warmup: bool = False

    __table_args__ = (Index("ix_experiment_samples_experiment_taken", "experiment_id", "taken_at"),)


class ExperimentTransition(TransitionRecord, table=True):
    """One phase change: from, to, who or what triggered it, and why."""

    __tablename__ = "experiment_transitions"

    experiment_id: str = SQLField(foreign_key="experiments.id", ondelete="CASCADE", index=True, max_length=32)
    from_phase: str | None = SQLField(default=None, max_length=16)
    to_phase: str = SQLField(max_length=16)


class ExperimentEvent(SQLModel, table=True):
    """Something worth showing on the experiment's timeline that is not a phase change."""

    __tablename__ = "experiment_events"

    id: int | None = SQLField(default=None, primary_key=True)
    experiment_id: str = SQLField(foreign_key="experiments.id", ondelete="CASCADE", index=True, max_length=32)
    kind: str = SQLField(max_length=40)  # an `EventKind` value
    message: str = SQLField(default="", max_length=2000)
    data: dict[str, Any] = SQLField(default_factory=dict, sa_column=Column(JSON, nullable=False))
    actor: str = SQLField(default="", max_length=80)
    created_at: datetime = SQLField(default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False))


# --- API shapes -------------------------------------------------------------------------------

Fraction = float


class SuccessCriteria(StrictModel):
    min_cardinality_reduction: Fraction = Field(default=0.5, ge=0, le=1)
    min_critical_retention: Fraction = Field(default=1.0, ge=0, le=1)
    max_cpu_overhead: Fraction = Field(
        default=0.05, ge=0, le=1, description="extra share of one CPU core the candidate's collector may use"
    )
    max_memory_overhead: Fraction = Field(
        default=0.25, ge=0, le=1, description="relative increase of the candidate collector's peak memory"
    )
    min_cost_reduction: Fraction = Field(default=0.0, ge=0, le=1)


class LoadProfile(StrictModel):
    profile: ProfileName
    process_count: int | None = Field(default=None, ge=1, le=100_000)
    churn_rate: float | None = Field(default=None, ge=0, le=1000)
    duration: Seconds | None = None
    seed: int | None = None
    custom: dict[str, Any] | None = Field(default=None, description="the custom profile's definition")


class ExperimentCreate(StrictModel):
    name: DnsLabel = Field(min_length=1, examples=["topk-vs-baseline"])
    description: str = Field(default="", max_length=2000)
    baseline: VariantSource
    candidate: VariantSource
    target: Target = Field(default_factory=Target)
    critical_processes: CriticalPatterns = default_patterns_field()
    duration: Seconds = Field(default=1800, description="e.g. '30m' or seconds")
    warmup: Seconds = Field(default=60, description="e.g. '1m' or seconds")
    success_criteria: SuccessCriteria = Field(default_factory=SuccessCriteria)
    auto_promote: bool = False
    load_profile: LoadProfile | None = None
    pricing: Pricing | None = Field(
        default=None, description="backend prices for the cost figures; default: the server's (PHOENIX_PRICE_*)"
    )

    @model_validator(mode="after")
    def _durations(self) -> ExperimentCreate:
        if not 0 < self.duration <= MAX_DURATION:
            raise ValueError(f"duration must be between 1s and {MAX_DURATION // 86400}d")
        if self.warmup >= self.duration:
            raise ValueError("warmup must be shorter than duration")
        return self


class ExperimentUpdate(StrictModel):
    """Fields that may change while the experiment is pending; `version` guards against lost updates."""

    description: str | None = Field(default=None, max_length=2000)
    baseline: VariantSource | None = None
    candidate: VariantSource | None = None
    target: Target | None = None
    critical_processes: CriticalPatterns | None = None
    duration: Seconds | None = None
    warmup: Seconds | None = None
    success_criteria: SuccessCriteria | None = None
    auto_promote: bool | None = None
    load_profile: LoadProfile | None = None
    pricing: Pricing | None = None
    version: int | None = Field(default=None, ge=1, description="expected current version")


class ExperimentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    description: str
    phase: Phase
    version: int
    baseline: dict[str, Any]
    candidate: dict[str, Any]
    target: Target
    critical_processes: list[str]
    duration_seconds: int
    warmup_seconds: int
    success_criteria: dict[str, Any]
    auto_promote: bool
    load_profile: dict[str, Any] | None
    pricing: Pricing
    created_by: str
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    running_at: datetime | None
    finished_at: datetime | None
    verdict: str | None
    promoted_variant: str | None
    paused_at: datetime | None
    simulation_id: str | None
    allowed_transitions: list[Phase] = Field(default_factory=list)


class ExperimentPage(BaseModel):
    items: list[ExperimentRead]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last page")


class TransitionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    from_phase: Phase | None
    to_phase: Phase
    trigger: str
    reason: str
    created_at: datetime


class EventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    kind: EventKind
    message: str
    data: dict[str, Any]
    actor: str
    created_at: datetime


class PromoteRequest(StrictModel):
    variant: VariantLabel


class SampleRead(VariantKpisBase):
    """One stored sample: when, whether in warm-up, and the KPIs of `VariantKpisBase`."""

    # Every field is always present in a response, so the OpenAPI schema marks them all required.
    model_config = ConfigDict(from_attributes=True, json_schema_serialization_defaults_required=True)

    taken_at: datetime
    warmup: bool


class TimeseriesRead(BaseModel):
    baseline: list[SampleRead]
    candidate: list[SampleRead]


class _Finality(BaseModel):
    final: bool = Field(
        description="true: the stored analysis of a completed run; false: provisional, on the samples so far"
    )


class ExperimentResults(AnalysisRead, _Finality):
    """An experiment's analysis; `final` comes first, as the service returns it (the last base's fields lead)."""


class StopRequest(StrictModel):
    reason: str = Field(default="", max_length=1000)
