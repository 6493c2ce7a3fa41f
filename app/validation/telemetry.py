"""`service.telemetry` as the pinned collector reads it: logs, metrics, traces and resource.

From core v0.159.0 `service/telemetry/otelconftelemetry` (its `migration.*ConfigV030` structs and
`Config.Validate`) and the otelconf v0.3.0 schema it embeds. Levels are case-insensitive; unknown
keys are refused (`has invalid keys`), and so is any exporter other than `prometheus` under a pull
reader (the collector panics on it). The SDK blocks inside (log and span processors, periodic
readers, views, span limits, samplers, declarative resource attributes and detectors) are left as
loose mappings: the validator reports them as not checked.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, model_validator

from app.engine.components.common import GoDuration, Lowercase, Strict

# configtelemetry.Level; the collector's default is `normal`.
MetricsLevel = Annotated[Literal["none", "basic", "normal", "detailed"], Lowercase]
# zapcore.Level (the empty string means info).
LogLevel = Annotated[Literal["", "debug", "info", "warn", "warning", "error", "dpanic", "panic", "fatal"], Lowercase]
DEFAULT_METRICS_LEVEL = "normal"


class LogsSampling(Strict):
    enabled: bool | None = None
    tick: GoDuration | None = None
    initial: StrictInt | None = None
    thereafter: StrictInt | None = None


class TelemetryLogs(Strict):
    level: LogLevel | None = None
    development: bool | None = None
    encoding: str | None = None
    disable_caller: bool | None = None
    disable_stacktrace: bool | None = None
    sampling: LogsSampling | None = None
    output_paths: list[str] | None = None
    error_output_paths: list[str] | None = None
    initial_fields: dict[str, object] | None = None  # free-form by design
    processors: list[Any] | None = None
    disable_zap_resource: bool | None = None


class IncludeExclude(Strict):
    included: list[str] | None = None
    excluded: list[str] | None = None


class PrometheusReader(Strict):
    host: str | None = None
    port: StrictInt | None = None
    with_resource_constant_labels: IncludeExclude | None = None
    without_scope_info: bool | None = None
    without_type_suffix: bool | None = None
    without_units: bool | None = None


class PullExporter(Strict):
    prometheus: PrometheusReader | None = None


class PullReader(Strict):
    exporter: PullExporter = Field(default_factory=PullExporter)


class MetricReader(Strict):
    periodic: dict[str, Any] | None = None
    producers: list[Any] | None = None
    pull: PullReader | None = None


class TelemetryMetrics(Strict):
    level: MetricsLevel | None = None
    readers: list[MetricReader] | None = None
    views: list[Any] | None = None


class TelemetryTraces(Strict):
    level: MetricsLevel | None = None
    propagators: list[str] | None = None
    processors: list[Any] | None = None
    limits: dict[str, Any] | None = None
    sampler: dict[str, Any] | None = None


class TelemetryResource(BaseModel):
    """The declarative resource schema, or the legacy inline `attribute: value` map (the extras)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    attributes: list[Any] | None = None
    attributes_list: str | None = None
    detectors: dict[str, Any] | None = None
    schema_url: str | None = None
    detection_development: dict[str, Any] | None = Field(default=None, alias="detection/development")

    @model_validator(mode="after")
    def _as_the_collector_checks(self) -> TelemetryResource:
        legacy = self.model_extra or {}
        if self.attributes_list is not None:
            raise ValueError("resource::attributes_list is not currently supported, please use resource::attributes")
        for key, value in legacy.items():
            if value is not None and not isinstance(value, str):
                raise ValueError(f"legacy resource attribute {key!r} must be string or null")
        if self.attributes and legacy:
            raise ValueError("resource::attributes cannot be used together with legacy inline resource attributes")
        return self


class Telemetry(Strict):
    logs: TelemetryLogs | None = None
    metrics: TelemetryMetrics | None = None
    traces: TelemetryTraces | None = None
    resource: TelemetryResource | None = None

    @model_validator(mode="after")
    def _as_the_collector_checks(self) -> Telemetry:
        metrics = self.metrics
        if metrics is None:
            return self
        level = metrics.level or DEFAULT_METRICS_LEVEL
        if level != "none" and metrics.readers is not None and not metrics.readers:
            raise ValueError("collector telemetry metrics reader should exist when metric level is not none")
        if metrics.views is not None and level != "detailed":
            raise ValueError(
                "service::telemetry::metrics::views can only be set when service::telemetry::metrics::level is detailed"
            )
        return self
