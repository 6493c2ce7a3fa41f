"""The bytes estimate: Prometheus names of the scraper's metrics, and a lossless round trip.

A synthetic host's scrape is exposed the way the `prometheus` exporter would expose it (resource
and point attributes as labels, dots as underscores, suffixed names, scope labels, plus target
labels); rebuilding OTLP from those labels must give exactly the engine's encoder size.
"""

from __future__ import annotations

import pytest

from app.engine.collector import PROCESS_METRICS
from app.engine.otlp_size import request_size
from app.engine.pdata import MetricsBatch
from app.runtimes.kubernetes.wire_size import (
    BY_PROMETHEUS_NAME,
    batch_from_series,
    bytes_per_data_point,
    prometheus_name,
)
from app.simulation.profiles import get_profile
from app.simulation.snapshots import synthesize_snapshot

EXPECTED_NAMES = {
    "process.cpu.time": "process_cpu_time_seconds_total",
    "process.cpu.utilization": "process_cpu_utilization_ratio",
    "process.memory.usage": "process_memory_usage_bytes",
    "process.memory.virtual": "process_memory_virtual_bytes",
    "process.memory.utilization": "process_memory_utilization_ratio",
    "process.disk.io": "process_disk_io_bytes_total",
    "process.disk.operations": "process_disk_operations_total",
    "process.paging.faults": "process_paging_faults_total",
    "process.context_switches": "process_context_switches_total",
    "process.signals_pending": "process_signals_pending",
    "process.threads": "process_threads",
    "process.open_file_descriptors": "process_open_file_descriptors",
    "process.handles": "process_handles",
    "process.uptime": "process_uptime_seconds",
}
TARGET = {
    "job": "phoenix-collectors",
    "instance": "10.0.0.7:8889",
    "phoenix_io_experiment": "e",
    "phoenix_io_variant": "baseline",
    "namespace": "observability",
}


def test_prometheus_names_of_every_scraper_metric() -> None:
    assert {name: prometheus_name(spec) for name, spec in PROCESS_METRICS.items()} == EXPECTED_NAMES
    assert len(BY_PROMETHEUS_NAME) == len(PROCESS_METRICS)


def _as_prometheus(batch: MetricsBatch) -> list[dict[str, str]]:
    series = []
    for rm, sm, metric in batch.iter_metrics():
        resource = {k.replace(".", "_"): str(v) for k, v in rm.resource.attributes.items()}
        for dp in metric.data_points:
            series.append(
                {
                    "__name__": prometheus_name(PROCESS_METRICS[metric.name]),
                    **resource,
                    **{k: str(v) for k, v in dp.attributes.items()},
                    "otel_scope_name": sm.scope_name,
                    "otel_scope_version": sm.scope_version,
                    **TARGET,
                }
            )
    return series


@pytest.mark.parametrize("profile", ["realistic", "high-cardinality"])
def test_rebuilt_batch_has_the_engine_size(profile: str) -> None:
    batch = synthesize_snapshot(get_profile(profile, seed=7)).batch
    series = _as_prometheus(batch)
    rebuilt = batch_from_series(series, TARGET)
    assert rebuilt.data_point_count() == batch.data_point_count()
    assert len(rebuilt.resource_metrics) == len(batch.resource_metrics)
    assert request_size(rebuilt) == request_size(batch)
    assert bytes_per_data_point(series, TARGET) == pytest.approx(request_size(batch) / batch.data_point_count())


def test_target_labels_and_empty_values_are_not_resource_attributes() -> None:
    labels = {"__name__": "process_memory_usage_bytes", "host_name": "n1", "process_owner": "", **TARGET}
    (rm,) = batch_from_series([labels], TARGET).resource_metrics
    assert rm.resource.attributes == {"host_name": "n1"}
    assert bytes_per_data_point([], TARGET) is None


def test_an_unknown_metric_is_sized_with_its_prometheus_name() -> None:
    batch = batch_from_series([{"__name__": "my_gauge", "host_name": "n1", "state": "user"}])
    (metric,) = [m for _, _, m in batch.iter_metrics()]
    assert metric.name == "my_gauge"
    # `state` is a point attribute only for scraper metrics it belongs to; here it stays on the resource.
    assert batch.resource_metrics[0].resource.attributes == {"host_name": "n1", "state": "user"}
