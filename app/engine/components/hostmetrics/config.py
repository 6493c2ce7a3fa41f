"""`host_metrics` (formerly `hostmetrics`) receiver config, with the process scraper typed for the
pinned release.

Source: `receiver/hostmetricsreceiver/README.md`, `config.go` and the process scraper's
`metadata.yaml` / `config.go` / `internal/metadata/generated_config.go`. Top-level keys are
decoded with "ignore unused", so unknown top-level keys are only warned about; each scraper
section is decoded strictly, and so are its `metrics` and `resource_attributes` (an unknown
metric or attribute name is refused). A metric toggle may leave out `enabled` (the default
stays); since 0.149 a metric with datapoint attributes also takes `attributes` (the subset to
keep) and `aggregation_strategy` (`sum`, `avg`, `min`, `max`) for the points merged by dropping
the others. A resource attribute takes `metrics_include` / `metrics_exclude` filters
(`{strict: ...}` or `{regexp: ...}`).
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, create_model, field_validator, model_validator

from app.engine.collector import PROCESS_METRICS, PROCESS_RESOURCE_ATTRIBUTES
from app.engine.components.base import Introspectable, Path
from app.engine.components.common import GoDuration, Lenient, MatchType, RegexpCache, Strict, go_duration_seconds
from app.engine.regexp import check as check_re2


class MetricToggle(Strict):
    enabled: bool | None = None


class AttributedMetricToggle(MetricToggle):
    """A metric with datapoint attributes; `attributes` is narrowed per metric."""

    aggregation_strategy: Literal["sum", "avg", "min", "max"] | None = None
    attributes: list[str] | None = None


class AttributeFilter(Strict):
    """`go.opentelemetry.io/collector/filter.Config`: one exact value or one RE2 pattern."""

    strict: str | None = None
    regexp: str | None = None

    @model_validator(mode="after")
    def _one(self) -> AttributeFilter:
        if not self.strict and not self.regexp:
            raise ValueError("must specify either strict or regex")
        if self.strict and self.regexp:
            raise ValueError("strict and regex cannot be used together")
        if self.regexp:
            check_re2(self.regexp)
        return self


class ResourceAttributeToggle(Strict):
    enabled: bool | None = None
    metrics_include: list[AttributeFilter] | None = None
    metrics_exclude: list[AttributeFilter] | None = None


def _field_name(dotted: str) -> str:
    return re.sub(r"\W", "_", dotted)


def _metric_toggle(name: str) -> type[MetricToggle]:
    attributes = PROCESS_METRICS[name].attributes
    if not attributes:
        return MetricToggle
    return create_model(  # type: ignore[call-overload, no-any-return]
        f"{_field_name(name)}_toggle",
        __base__=AttributedMetricToggle,
        attributes=(list[Literal[attributes]] | None, None),  # type: ignore[valid-type]
    )


def _default_enabled(defaults: dict[str, bool]) -> Any:
    """A before-validator: a toggle that leaves out `enabled` keeps the name's default."""

    def fill(cls: Any, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        return {
            name: ({"enabled": defaults[name], **toggle} if isinstance(toggle, dict) and name in defaults else toggle)
            for name, toggle in data.items()
        }

    return model_validator(mode="before")(classmethod(fill))


ProcessMetrics = create_model(  # type: ignore[call-overload]
    "ProcessMetrics",
    __base__=Strict,
    __validators__={"_defaults": _default_enabled({n: m.enabled_by_default for n, m in PROCESS_METRICS.items()})},
    **{_field_name(n): (_metric_toggle(n) | None, Field(default=None, alias=n)) for n in PROCESS_METRICS},
)
"""`metrics:` of the process scraper: one toggle per metric of the pinned version."""

ProcessResourceAttributes = create_model(  # type: ignore[call-overload]
    "ProcessResourceAttributes",
    __base__=Strict,
    __validators__={"_defaults": _default_enabled(dict(PROCESS_RESOURCE_ATTRIBUTES))},
    **{
        _field_name(n): (ResourceAttributeToggle | None, Field(default=None, alias=n))
        for n in PROCESS_RESOURCE_ATTRIBUTES
    },
)


class ProcessMatch(Strict):
    """`include` / `exclude` of the process scraper: executable names and how to match them."""

    names: list[str] = Field(default_factory=list)
    match_type: MatchType | None = None
    regexp: RegexpCache | None = None

    @model_validator(mode="after")
    def _match_type_required(self) -> ProcessMatch:
        if self.names and self.match_type is None:
            raise ValueError("match_type is required when names are given (strict or regexp)")
        if self.match_type == "regexp":
            for name in self.names:
                check_re2(name)
        return self


class ProcessScraper(Strict):
    include: ProcessMatch | None = None
    exclude: ProcessMatch | None = None
    mute_process_all_errors: bool | None = None
    mute_process_name_error: bool | None = None
    mute_process_exe_error: bool | None = None
    mute_process_io_error: bool | None = None
    mute_process_user_error: bool | None = None
    mute_process_cgroup_error: bool | None = None
    scrape_process_delay: GoDuration | None = None
    metrics: ProcessMetrics | None = None  # type: ignore[valid-type]
    resource_attributes: ProcessResourceAttributes | None = None  # type: ignore[valid-type]

    def enabled_metrics(self) -> set[str]:
        """Process metrics this scraper emits: the defaults plus/minus the toggles."""
        out = {m.name for m in PROCESS_METRICS.values() if m.enabled_by_default}
        toggles = self.metrics.model_dump(by_alias=True, exclude_none=True) if self.metrics else {}
        for name, toggle in toggles.items():
            (out.add if toggle.get("enabled") else out.discard)(name)
        return out


class Scrapers(Strict):
    """Only known scraper keys are accepted (`invalid scraper key` otherwise)."""

    cpu: dict[str, Any] | None = None
    disk: dict[str, Any] | None = None
    load: dict[str, Any] | None = None
    filesystem: dict[str, Any] | None = None
    memory: dict[str, Any] | None = None
    network: dict[str, Any] | None = None
    nfs: dict[str, Any] | None = None  # Linux only: elsewhere the scraper fails to build
    paging: dict[str, Any] | None = None
    processes: dict[str, Any] | None = None
    process: ProcessScraper | None = None
    system: dict[str, Any] | None = None


class HostmetricsConfig(Lenient, Introspectable):
    collection_interval: GoDuration | None = None
    initial_delay: GoDuration | None = None
    timeout: GoDuration | None = None
    root_path: str | None = None
    metadata_collection_interval: GoDuration | None = None
    scrapers: Scrapers

    @field_validator("scrapers", mode="before")
    @classmethod
    def _at_least_one(cls, value: Any) -> Any:
        if not value:
            raise ValueError("must specify at least one scraper when using host_metrics receiver")
        return {k: ({} if v is None and k == "process" else v) for k, v in value.items()}

    @field_validator("collection_interval")
    @classmethod
    def _positive(cls, value: str | None) -> str | None:
        if value is not None and go_duration_seconds(value) <= 0:
            raise ValueError('"collection_interval": requires positive value')
        return value

    @field_validator("timeout")
    @classmethod
    def _not_negative(cls, value: str | None) -> str | None:
        if value is not None and go_duration_seconds(value) < 0:
            raise ValueError('"timeout": requires positive value')
        return value

    def process_scraper(self) -> ProcessScraper | None:
        return self.scrapers.process

    def metric_references(self) -> list[tuple[Path, str]]:
        scraper = self.scrapers.process
        if scraper is None or scraper.metrics is None:
            return []
        names = scraper.metrics.model_dump(by_alias=True, exclude_none=True)
        return [(("scrapers", "process", "metrics", name), name) for name in names]
