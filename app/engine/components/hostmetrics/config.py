"""`hostmetrics` receiver config, with the process scraper typed for the pinned release.

Source: `receiver/hostmetricsreceiver/README.md`, `config.go` and the process scraper's
`metadata.yaml` / `config.go`. Top-level keys are decoded with "ignore unused", so unknown
top-level keys are only warned about; each scraper section is decoded strictly.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field, create_model, field_validator, model_validator

from app.engine.collector import PROCESS_METRICS, PROCESS_RESOURCE_ATTRIBUTES
from app.engine.components.base import Introspectable, Path
from app.engine.components.common import (
    GoDuration,
    Lenient,
    MatchType,
    RegexpCache,
    Strict,
    go_duration_seconds,
)
from app.engine.components.regex import check_re2


class MetricToggle(Strict):
    enabled: bool


class ResourceAttributeToggle(Strict):
    enabled: bool
    metrics_include: list[dict[str, Any]] | None = None
    metrics_exclude: list[dict[str, Any]] | None = None


def _field_name(dotted: str) -> str:
    return re.sub(r"\W", "_", dotted)


ProcessMetrics = create_model(  # type: ignore[call-overload]
    "ProcessMetrics",
    __base__=Strict,
    **{_field_name(n): (MetricToggle | None, Field(default=None, alias=n)) for n in PROCESS_METRICS},
)
"""`metrics:` of the process scraper: one `{enabled}` toggle per metric of the pinned version."""

ProcessResourceAttributes = create_model(  # type: ignore[call-overload]
    "ProcessResourceAttributes",
    __base__=Strict,
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
            (out.add if toggle["enabled"] else out.discard)(name)
        return out


class Scrapers(Strict):
    """Only known scraper keys are accepted (`invalid scraper key` otherwise)."""

    cpu: dict[str, Any] | None = None
    disk: dict[str, Any] | None = None
    load: dict[str, Any] | None = None
    filesystem: dict[str, Any] | None = None
    memory: dict[str, Any] | None = None
    network: dict[str, Any] | None = None
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
            raise ValueError("must specify at least one scraper when using hostmetrics receiver")
        return {k: ({} if v is None and k == "process" else v) for k, v in value.items()}

    @field_validator("collection_interval")
    @classmethod
    def _positive(cls, value: str | None) -> str | None:
        if value is not None and go_duration_seconds(value) <= 0:
            raise ValueError('"collection_interval": requires positive value')
        return value

    def process_scraper(self) -> ProcessScraper | None:
        return self.scrapers.process

    def metric_references(self) -> list[tuple[Path, str]]:
        scraper = self.scrapers.process
        if scraper is None or scraper.metrics is None:
            return []
        names = scraper.metrics.model_dump(by_alias=True, exclude_none=True)
        return [(("scrapers", "process", "metrics", name), name) for name in names]
