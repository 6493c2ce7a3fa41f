"""The pinned collector: its version and the facts of its process scraper that Phoenix relies on.

Every template, validator rule and engine semantic is written against this one release of
`otelcol-contrib`. The facts below are transcribed from that release's component docs
(`receiver/hostmetricsreceiver/internal/scraper/processscraper/metadata.yaml` and
`documentation.md`); `docs/collector.md` cites them. Change the version only together with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

CONTRIB_VERSION = "0.159.0"
"""The contrib and core release of every collector module (see `collector/builder-config.yaml`)."""
CORE_STABLE_VERSION = "1.65.0"
"""The release of the core's stable (1.x) modules that goes with `CONTRIB_VERSION`."""
CONTRIB_IMAGE = f"otel/opentelemetry-collector-contrib:{CONTRIB_VERSION}"

MetricType = Literal["sum", "gauge"]
ValueType = Literal["int", "double"]


@dataclass(frozen=True)
class ScraperMetric:
    """One metric the process scraper can emit, as its metadata.yaml declares it."""

    name: str
    unit: str
    type: MetricType
    value_type: ValueType
    enabled_by_default: bool
    monotonic: bool = False
    cumulative: bool = False
    attributes: tuple[str, ...] = ()
    platform: str = ""
    description: str = ""
    # Datapoint attributes kept when non-critical processes are rolled up (sum per remaining set).
    rollup_attributes: tuple[str, ...] = field(default=())


_SUM = "sum"
_GAUGE = "gauge"

PROCESS_METRICS: dict[str, ScraperMetric] = {
    m.name: m
    for m in (
        ScraperMetric(
            "process.cpu.time",
            "s",
            _SUM,
            "double",
            True,
            monotonic=True,
            cumulative=True,
            attributes=("state",),
            rollup_attributes=("state",),
            description="Total CPU seconds broken down by different states.",
        ),
        ScraperMetric(
            "process.cpu.utilization",
            "1",
            _GAUGE,
            "double",
            False,
            attributes=("state",),
            rollup_attributes=("state",),
            description="Share of total CPU time used since the last scrape, 0-1, divided by the "
            "number of logical CPUs; no point on the first scrape.",
        ),
        ScraperMetric(
            "process.memory.usage",
            "By",
            _SUM,
            "int",
            True,
            cumulative=True,
            description="The amount of physical memory in use (RSS).",
        ),
        ScraperMetric(
            "process.memory.virtual", "By", _SUM, "int", True, cumulative=True, description="Virtual memory size."
        ),
        ScraperMetric(
            "process.memory.utilization",
            "1",
            _GAUGE,
            "double",
            False,
            description="Percentage of total physical memory that is used by the process.",
        ),
        ScraperMetric(
            "process.disk.io",
            "By",
            _SUM,
            "int",
            True,
            monotonic=True,
            cumulative=True,
            attributes=("direction",),
            rollup_attributes=("direction",),
            description="Disk bytes transferred.",
        ),
        ScraperMetric(
            "process.disk.operations",
            "{operations}",
            _SUM,
            "int",
            False,
            monotonic=True,
            cumulative=True,
            attributes=("direction",),
            rollup_attributes=("direction",),
            description="Number of disk operations performed by the process.",
        ),
        ScraperMetric(
            "process.paging.faults",
            "{faults}",
            _SUM,
            "int",
            False,
            monotonic=True,
            cumulative=True,
            attributes=("type",),
            rollup_attributes=("type",),
            platform="linux",
            description="Number of page faults the process has made.",
        ),
        ScraperMetric(
            "process.context_switches",
            "{count}",
            _SUM,
            "int",
            False,
            monotonic=True,
            cumulative=True,
            attributes=("type",),
            rollup_attributes=("type",),
            platform="linux",
            description="Number of times the process has been context switched.",
        ),
        ScraperMetric(
            "process.signals_pending",
            "{signals}",
            _SUM,
            "int",
            False,
            cumulative=True,
            platform="linux",
            description="Number of pending signals for the process.",
        ),
        ScraperMetric(
            "process.threads", "{threads}", _SUM, "int", False, cumulative=True, description="Process threads count."
        ),
        ScraperMetric(
            "process.open_file_descriptors",
            "{count}",
            _SUM,
            "int",
            False,
            cumulative=True,
            platform="linux",
            description="Number of file descriptors in use by the process.",
        ),
        ScraperMetric(
            "process.handles",
            "{count}",
            _SUM,
            "int",
            False,
            cumulative=True,
            platform="windows",
            description="Number of handles held by the process.",
        ),
        ScraperMetric(
            "process.uptime", "s", _GAUGE, "double", False, description="The time the process has been running."
        ),
    )
}
"""Every metric of the pinned process scraper, by name."""

PROCESS_RESOURCE_ATTRIBUTES: dict[str, bool] = {
    "process.pid": True,
    "process.parent_pid": True,
    "process.executable.name": True,
    "process.executable.path": True,
    "process.command": True,
    "process.command_line": True,
    "process.owner": True,
    "process.cgroup": False,
}
"""Resource attributes of the process scraper and whether each is enabled by default."""

PROCESS_IDENTITY_ATTRIBUTES: tuple[str, ...] = (
    "process.pid",
    "process.parent_pid",
    "process.executable.path",
    "process.command",
    "process.command_line",
    "process.owner",
    "process.cgroup",
)
"""The per-process resource attributes a roll-up deletes so that grouped resources become identical."""

EXECUTABLE_NAME = "process.executable.name"

PROCESS_SCRAPER_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "state": ("system", "user", "wait"),
    "direction": ("read", "write"),
    "type": ("major", "minor", "involuntary", "voluntary"),
}
"""Datapoint attributes of the process scraper and their values."""

PROCESS_SCRAPER_SCOPE = (
    "github.com/open-telemetry/opentelemetry-collector-contrib/receiver/hostmetricsreceiver/"
    "internal/scraper/processscraper"
)

HOSTMETRICS_SCRAPERS = (
    "cpu",
    "disk",
    "load",
    "filesystem",
    "memory",
    "network",
    "nfs",
    "paging",
    "processes",
    "process",
    "system",
)

OTTL_ERROR_MODES = ("ignore", "silent", "propagate")
DEFAULT_ERROR_MODE = "ignore"
"""filter and transform: `ignore` since 0.153 (#47232, PR #48415), for good since 0.157 (was `propagate`)."""
DEFAULT_MAX_STALENESS_S = 3600.0
"""cumulativetodelta forgets a series idle this long (1h since 0.142, #44427; `0` keeps it forever)."""
FILTER_ERROR_MODES = ("ignore", "silent", "propagate")


def is_process_metric(name: str) -> bool:
    """Whether `name` belongs to the process scraper's namespace (`process.*`)."""
    return name.startswith("process.")


def default_enabled_metrics() -> list[str]:
    """Process metrics emitted without any `metrics:` configuration."""
    return [m.name for m in PROCESS_METRICS.values() if m.enabled_by_default]


PROCESS_METRIC_MISNOMERS: dict[str, str] = {
    "process.memory.physical": "process.memory.usage",
    "process.memory.physical_usage": "process.memory.usage",  # removed in 2023
    "process.memory.virtual_usage": "process.memory.virtual",  # removed in 2023
    "process.memory.rss": "process.memory.usage",
    "process.cpu.percent": "process.cpu.utilization",
    "process.cpu.usage": "process.cpu.utilization",
}
"""Names people (and older docs) use for process metrics, with the pinned version's real name."""
