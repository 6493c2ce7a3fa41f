"""Small constructors for hand-written golden inputs: a process resource with the scraper's metrics,
and helpers that read values back out of a batch, so golden tests read like the component docs."""

from __future__ import annotations

from typing import Any

from app.engine.pdata import Metric, MetricsBatch, NumberDataPoint, Resource, ResourceMetrics, ScopeMetrics

SCOPE = (
    "github.com/open-telemetry/opentelemetry-collector-contrib/receiver/hostmetricsreceiver/internal/scraper/"
    "processscraper"
)
START, NOW = 1_700_000_000_000_000_000, 1_700_000_010_000_000_000


def process(
    pid: int,
    name: str,
    *,
    cpu: tuple[float, float, float] = (1.0, 0.5, 0.0),
    util: float | None = 0.01,
    rss: int = 1000,
    disk: tuple[int, int] = (10, 20),
    time: int = NOW,
    start: int = START,
    extra: dict[str, Any] | None = None,
) -> ResourceMetrics:
    """One process as the scraper emits it (cpu.time, cpu.utilization, memory.*, disk.io)."""

    def points(values: list[tuple[dict, Any]]) -> list[NumberDataPoint]:
        return [NumberDataPoint(dict(a), start, time, v) for a, v in values]

    states = [({"state": "user"}, cpu[0]), ({"state": "system"}, cpu[1]), ({"state": "wait"}, cpu[2])]
    metrics = [Metric("process.cpu.time", "", "s", "sum", True, "cumulative", points(states))]
    if util is not None:
        metrics.append(
            Metric(
                "process.cpu.utilization",
                "",
                "1",
                "gauge",
                data_points=points(
                    [({"state": "user"}, util), ({"state": "system"}, util / 2), ({"state": "wait"}, 0.0)]
                ),
            )
        )
    metrics += [
        Metric("process.memory.usage", "", "By", "sum", False, "cumulative", points([({}, rss)])),
        Metric("process.memory.virtual", "", "By", "sum", False, "cumulative", points([({}, rss * 4)])),
        Metric(
            "process.disk.io",
            "",
            "By",
            "sum",
            True,
            "cumulative",
            points([({"direction": "read"}, disk[0]), ({"direction": "write"}, disk[1])]),
        ),
    ]
    attributes = {
        "process.pid": pid,
        "process.parent_pid": 1,
        "process.executable.name": name,
        "process.executable.path": f"/usr/bin/{name}",
        "process.command": f"/usr/bin/{name}",
        "process.command_line": f"/usr/bin/{name} --id {pid}",
        "process.owner": "root",
        **(extra or {}),
    }
    return ResourceMetrics(Resource(attributes), [ScopeMetrics(SCOPE, "0.128.0", {}, metrics)])


def batch(*resources: ResourceMetrics) -> MetricsBatch:
    return MetricsBatch(list(resources))


def names(b: MetricsBatch) -> list[str]:
    """Executable names of the resources, in order."""
    return [rm.resource.attributes.get("process.executable.name") for rm in b.resource_metrics]


def metric(b: MetricsBatch, name: str, resource_index: int = 0) -> Metric | None:
    for sm in b.resource_metrics[resource_index].scope_metrics:
        for m in sm.metrics:
            if m.name == name:
                return m
    return None


def values(m: Metric) -> dict[tuple, Any]:
    """Point values keyed by their sorted attribute items."""
    return {tuple(sorted(dp.attributes.items())): dp.value for dp in m.data_points}
