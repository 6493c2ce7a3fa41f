"""Saved custom pipelines (versioned) and the request/response shapes of the pipelines API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, ClassVar, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import JSON, Text, UniqueConstraint
from sqlmodel import Column, SQLModel
from sqlmodel import Field as SQLField

from app.analysis.models import CostRead
from app.core.db import UtcDateTime, utcnow
from app.core.models import StrictModel
from app.core.naming import DnsLabel
from app.core.variants import CANDIDATE
from app.engine.critical_patterns import PATTERNS_DESCRIPTION, CriticalPatterns
from app.engine.kpis import VariantKpis
from app.pipelines.graph import PipelineGraph
from app.runtimes.base import Target

MAX_CONFIG_BYTES = 256 * 1024


class CustomPipeline(SQLModel, table=True):
    __tablename__ = "custom_pipelines"

    id: str = SQLField(default_factory=lambda: uuid.uuid4().hex, primary_key=True, max_length=32)
    name: str = SQLField(max_length=63, unique=True, index=True)
    description: str = SQLField(default="", max_length=2000)
    version: int = 1
    created_by: str = SQLField(max_length=80)
    created_at: datetime = SQLField(default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False))
    updated_at: datetime = SQLField(default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False))


class CustomPipelineVersion(SQLModel, table=True):
    """One immutable version: the YAML that runs and the builder graph it came from or maps to."""

    __tablename__ = "custom_pipeline_versions"
    __table_args__ = (UniqueConstraint("pipeline_id", "version"),)

    id: int | None = SQLField(default=None, primary_key=True)
    pipeline_id: str = SQLField(foreign_key="custom_pipelines.id", ondelete="CASCADE", index=True, max_length=32)
    version: int
    config_yaml: str = SQLField(sa_column=Column(Text, nullable=False))
    graph: dict[str, Any] = SQLField(sa_column=Column(JSON, nullable=False))
    # The static validation report (a `ValidationRead`) the version passed when it was saved, shown on
    # every read so reads never validate; NULL on rows saved before it was stored (filled on first read).
    validation: dict[str, Any] | None = SQLField(default=None, sa_column=Column(JSON, nullable=True))
    created_by: str = SQLField(max_length=80)
    created_at: datetime = SQLField(default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False))


# --- API shapes -------------------------------------------------------------------------------


class IssueRead(BaseModel):
    tier: str
    path: str
    line: int | None
    message: str
    severity: str
    refused_by: str = Field(
        description="`collector`: the pinned collector would not load the config; `phoenix`: it loads, but "
        "breaks a Phoenix policy or would not do what a process pipeline should"
    )
    code: str = Field(
        "",
        description="Stable identifier of the finding, e.g. `schema.unknown_key`, `policy.batch_last`; every code "
        "is listed with an example in docs/validation.md. `policy.*` findings are warnings unless `strict`",
    )
    hint: str = Field("", description="How to fix it, in one sentence (empty when the message says it)")
    column: int | None = Field(
        None, description="1-based column inside the OTTL statement or condition the finding points into"
    )


class ValidationRead(BaseModel):
    valid: bool
    errors: list[IssueRead]
    warnings: list[IssueRead]
    tiers_run: list[str] = Field(
        description="Tiers that ran, in order; `otelcol` (the real collector's `validate`) only when a "
        "collector binary is available"
    )
    collector: str | None = Field(
        None, description="The collector that ran the `otelcol` tier, e.g. `otelcol-phoenix 0.159.0`"
    )


class TemplateSummary(BaseModel):
    name: str
    version: str
    strategy: str
    description: str
    expected_reduction: dict[str, float] | None
    processors: list[str]


class TemplateDetail(TemplateSummary):
    parameters: dict[str, Any] = Field(description="parameter specs: type, default, bounds, description")
    parameters_schema: dict[str, Any] = Field(description="JSON schema of the parameters, for forms")
    default_config_yaml: str = Field(description="the config rendered with every default")


class RenderRequest(StrictModel):
    template: str = Field(min_length=1, max_length=63)
    parameters: dict[str, Any] = Field(default_factory=dict)


class RenderRead(BaseModel):
    config_yaml: str
    warnings: list[str]
    parameters: dict[str, Any] = Field(description="every parameter, defaults filled in")


class ValidateRequest(StrictModel):
    config_yaml: str = Field(min_length=1, max_length=MAX_CONFIG_BYTES)
    critical_processes: CriticalPatterns | None = Field(
        default=None,
        description=PATTERNS_DESCRIPTION + " Filters are checked not to drop them; default: Phoenix's default list.",
    )
    strict: bool = Field(
        False, description="Report Phoenix's policies (`policy.*` findings, warnings otherwise) as errors"
    )


class VariantSource(StrictModel):
    """A pipeline to run: a catalog template with parameters, or a saved custom pipeline. The one
    source shape of experiment variants and deployments (`PipelineSource` adds YAML as is)."""

    SOURCES: ClassVar[tuple[str, ...]] = ("template", "pipeline_id")

    template: str | None = Field(default=None, max_length=63, examples=["process-topk-v1"])
    parameters: dict[str, Any] = Field(default_factory=dict)
    pipeline_id: str | None = Field(default=None, max_length=64)

    @model_validator(mode="after")
    def _exactly_one_source(self) -> Self:
        if sum(getattr(self, k) is not None for k in self.SOURCES) != 1:
            *first, last = (f"'{k}'" for k in self.SOURCES)
            raise ValueError(f"give exactly one of {', '.join(first)} or {last}")
        if self.parameters and self.template is None:
            raise ValueError("'parameters' only apply to a 'template'")
        return self


class PipelineSource(VariantSource):
    """Where a config comes from: a catalog template, a saved pipeline, or YAML as is."""

    SOURCES: ClassVar[tuple[str, ...]] = ("template", "pipeline_id", "config_yaml")

    config_yaml: str | None = Field(default=None, max_length=MAX_CONFIG_BYTES)


class ManifestsRequest(PipelineSource):
    experiment: DnsLabel = Field(min_length=1)
    variant: DnsLabel = Field(default=CANDIDATE, min_length=1)
    target: Target = Field(default_factory=Target)


class ManifestsRead(BaseModel):
    config_hash: str
    objects: list[dict[str, Any]]
    yaml: str = Field(description="all objects as one multi-document YAML, in apply order")


class GitOpsExportRead(BaseModel):
    commit_id: str | None = Field(description="commit the branch points at after the export")
    branch: str
    folder: str
    paths: list[str]
    created: bool = Field(description="false when identical manifests were already committed")
    pushed: bool


class ComponentRead(BaseModel):
    """One palette entry (`app.engine.registry.ComponentSpec.palette_entry`)."""

    kind: Literal["receiver", "processor", "exporter", "extension"]
    type: str
    description: str
    signals: list[str] = Field(description="the signals (traces, metrics, logs) it handles")
    docs: str = Field(description="path of its README in the collector repositories")
    # `example` and `schema` are open-ended JSON: a config and a JSON schema that differ per component.
    example: dict[str, Any] = Field(description="a working config of the component")
    config_schema: dict[str, Any] = Field(alias="schema", description="JSON schema of its config, for builder forms")
    aliases: list[str] = Field(description="earlier type names the pinned collector still accepts (deprecated)")


class PaletteRead(BaseModel):
    collector_version: str = Field(description="the opentelemetry-collector-contrib release the palette follows")
    components: list[ComponentRead]


class PreviewSnapshotRead(BaseModel):
    host: str
    source: Literal["live", "synthetic", "file"]
    taken_at: float = Field(description="Unix seconds")
    processes: int


class DroppedSeries(BaseModel):
    metric: str
    resource: dict[str, Any] = Field(description="the identifying resource attributes")
    attributes: dict[str, Any]


class MergedSeries(DroppedSeries):
    group: Any = Field(description="the group the series was merged into")
    value: int | float | None


class SeriesSampleRead(BaseModel):
    dropped: list[DroppedSeries] = Field(description="a sample of the data points dropped, up to `sample_limit`")
    dropped_count: int
    merged: list[MergedSeries] = Field(description="a sample of the merged output series, up to `sample_limit`")
    merged_count: int


class PreviewRead(BaseModel):
    snapshot: PreviewSnapshotRead
    kpis: VariantKpis
    cardinality_reduction: float | None
    reduction_basis: str = Field(description="what the reduction is measured against")
    cost: CostRead
    series: SeriesSampleRead
    warnings: list[str]
    errors: list[str]
    measured_by: str = Field(description="what produced the figures: a preview always runs in the embedded engine")


class GraphToYamlRead(BaseModel):
    config_yaml: str
    validation: ValidationRead


class YamlToGraphRequest(StrictModel):
    config_yaml: str = Field(min_length=1, max_length=MAX_CONFIG_BYTES)


class CustomPipelineCreate(StrictModel):
    name: DnsLabel = Field(min_length=1)
    description: str = Field(default="", max_length=2000)
    graph: PipelineGraph | None = None
    config_yaml: str | None = Field(default=None, max_length=MAX_CONFIG_BYTES)

    @model_validator(mode="after")
    def _one_source(self) -> CustomPipelineCreate:
        if (self.graph is None) == (self.config_yaml is None):
            raise ValueError("give exactly one of 'graph' or 'config_yaml'")
        return self


class CustomPipelineUpdate(StrictModel):
    description: str | None = Field(default=None, max_length=2000)
    graph: PipelineGraph | None = None
    config_yaml: str | None = Field(default=None, max_length=MAX_CONFIG_BYTES)
    version: int = Field(ge=1, description="the version you edited; a newer one on the server is a 409")

    @model_validator(mode="after")
    def _at_most_one_source(self) -> CustomPipelineUpdate:
        if self.graph is not None and self.config_yaml is not None:
            raise ValueError("give at most one of 'graph' or 'config_yaml'")
        return self


class CustomPipelineRead(BaseModel):
    id: str
    name: str
    description: str
    version: int
    created_by: str
    created_at: datetime
    updated_at: datetime
    config_yaml: str
    graph: PipelineGraph
    validation: ValidationRead


class CustomPipelineVersionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: int
    created_by: str
    created_at: datetime


# Names listed per pattern by `POST /pipelines/critical-matches`, most processes first; the counts
# always cover every match.
NAMES_SHOWN = 50


class NameCount(BaseModel):
    name: str
    processes: int


class PatternMatches(BaseModel):
    pattern: str
    processes: int = Field(description="processes whose executable name this pattern matches")
    names: list[NameCount] = Field(description=f"the names it matches, most processes first (at most {NAMES_SHOWN})")


class CriticalMatchesRead(BaseModel):
    host: str
    snapshot_source: str
    total_processes: int
    critical_processes: int = Field(description="processes at least one pattern matches")
    patterns: list[PatternMatches]
    unmatched_patterns: list[str] = Field(description="patterns that match no process here (a typo?)")
