"""What a process scraper config asks for, resolved once: metrics, resource attributes, name filters.

Built from the typed `scrapers.process` block of a hostmetrics receiver (the same model the
validator uses), so the engine and the validator cannot disagree about defaults. Include/exclude
follow the collector's `filterset`: `strict` is string equality, `regexp` is an unanchored RE2
search (`regexp.MatchString`), and both match the executable name only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from app.engine.collector import PROCESS_METRICS, PROCESS_RESOURCE_ATTRIBUTES
from app.engine.components.common import go_duration_seconds
from app.engine.components.hostmetrics.config import ProcessMatch, ProcessScraper
from app.engine.components.matching import StringFilter
from app.engine.errors import EngineUnsupported

SNAPSHOT_METRICS: frozenset[str] = frozenset(
    name
    for name, m in PROCESS_METRICS.items()
    if m.enabled_by_default or name in ("process.cpu.utilization", "process.uptime")
)
"""What a snapshot records: the scraper defaults, process.cpu.utilization (every template enables it)
and process.uptime (the dynamic template's minimum age for heavy processes)."""


def name_filter(match: ProcessMatch | None) -> StringFilter | None:
    """`include`/`exclude` of the process scraper (strict names or unanchored regexps); None when no
    names are given, since the collector only builds a filter set then."""
    if match is None or not match.names:
        return None
    return StringFilter(match.names, regexp=match.match_type == "regexp", component_id="hostmetrics")


@dataclass(frozen=True)
class ScraperSettings:
    metrics: frozenset[str]
    resource_attributes: frozenset[str]
    include: StringFilter | None = None
    exclude: StringFilter | None = None
    mute_all: bool = False
    mute: frozenset[str] = field(default_factory=frozenset)  # name, exe, io, user, cgroup
    scrape_process_delay_s: float = 0.0

    @classmethod
    def from_config(cls, scraper: ProcessScraper | None) -> ScraperSettings:
        """Settings of a `scrapers.process` block (None or `{}` gives the collector defaults)."""
        scraper = scraper or ProcessScraper()
        attributes = {name for name, on in PROCESS_RESOURCE_ATTRIBUTES.items() if on}
        toggles = (
            scraper.resource_attributes.model_dump(by_alias=True, exclude_none=True)
            if scraper.resource_attributes
            else {}
        )
        for name, toggle in toggles.items():
            if toggle.get("metrics_include") or toggle.get("metrics_exclude"):
                raise EngineUnsupported(f"resource_attributes.{name}.metrics_include/metrics_exclude is not supported")
            (attributes.add if toggle["enabled"] else attributes.discard)(name)
        metric_toggles = scraper.metrics.model_dump(by_alias=True, exclude_none=True) if scraper.metrics else {}
        for name, toggle in metric_toggles.items():
            if "attributes" in toggle or "aggregation_strategy" in toggle:
                raise EngineUnsupported(f"metrics.{name}.attributes/aggregation_strategy is not supported")
        mute = {
            kind for kind in ("name", "exe", "io", "user", "cgroup") if getattr(scraper, f"mute_process_{kind}_error")
        }
        delay = go_duration_seconds(scraper.scrape_process_delay) if scraper.scrape_process_delay else 0.0
        return cls(
            metrics=frozenset(scraper.enabled_metrics()),
            resource_attributes=frozenset(attributes),
            include=name_filter(scraper.include),
            exclude=name_filter(scraper.exclude),
            mute_all=bool(scraper.mute_process_all_errors),
            mute=frozenset(mute),
            scrape_process_delay_s=delay,
        )

    @classmethod
    def for_snapshot(cls, extra_metrics: Iterable[str] = ()) -> ScraperSettings:
        """A scraper that records what every catalog template can use (plus `extra_metrics`)."""
        unknown = [m for m in extra_metrics if m not in PROCESS_METRICS]
        if unknown:
            raise ValueError(f"unknown process metric(s) {unknown}; see app.engine.collector.PROCESS_METRICS")
        attributes = frozenset(n for n, on in PROCESS_RESOURCE_ATTRIBUTES.items() if on)
        return cls(metrics=SNAPSHOT_METRICS | frozenset(extra_metrics), resource_attributes=attributes, mute_all=True)

    def wants(self, name: str) -> bool:
        """Whether the include/exclude filters let a process with this executable name through."""
        if self.include is not None and not self.include.matches(name):
            return False
        return not (self.exclude is not None and self.exclude.matches(name))

    def muted(self, kind: str) -> bool:
        return self.mute_all or kind in self.mute
