"""The KPI, wire-size and cost definitions on small hand-computed cases."""

from __future__ import annotations

import pytest

from app.engine.cost import Pricing, estimate_cost
from app.engine.kpi_formulas import cardinality_reduction
from app.engine.kpis import compute_kpis, critical_matcher
from app.engine.otlp_size import request_size
from app.engine.pdata import Metric, MetricsBatch, NumberDataPoint, Resource, ResourceMetrics, ScopeMetrics
from app.engine.pipeline import PipelineRun
from app.engine.series_diff import series_sample
from tests.engine.builders import batch, process

CRITICAL = ["postgres", "nginx", "python[0-9.]*"]


def _run(inp: MetricsBatch, out: MetricsBatch) -> PipelineRun:
    return PipelineRun(input=inp, outputs={"metrics": out}, exports={}, cpu_seconds=0.25, peak_memory_bytes=1024)


def test_request_size_is_the_protobuf_size() -> None:
    # resource{a:"b"} 12 + scope{name:"s"} 5 + metric{name:"m", gauge{point{time, double}}} 27 + framing -> 48
    rm = ResourceMetrics(
        Resource({"a": "b"}),
        [ScopeMetrics("s", "", {}, [Metric("m", type="gauge", data_points=[NumberDataPoint({}, 0, 1, 0.5)])])],
    )
    assert request_size(MetricsBatch([rm])) == 48
    assert request_size(MetricsBatch()) == 0


def test_critical_patterns_are_searched_like_ismatch() -> None:
    is_critical = critical_matcher(CRITICAL)
    assert is_critical("python3.11") and is_critical("nginx")
    assert is_critical("nginx-exporter") and is_critical("mypostgres")  # unanchored, as IsMatch
    anchored = critical_matcher(["^postgres$", "^python[0-9.]*$"])
    assert anchored("postgres") and anchored("python3.11")
    assert not anchored("mypostgres") and not anchored("postgres15") and not anchored("python3-venv")
    assert not critical_matcher([])("postgres") and not critical_matcher([])("")


def test_kpis_of_a_run() -> None:
    inp = batch(
        process(1, "postgres", rss=100, cpu=(1.0, 1.0, 0.0)), process(2, "nginx", rss=50), process(3, "bash", rss=50)
    )
    out = batch(
        process(1, "postgres", rss=100, cpu=(1.0, 1.0, 0.0)),
        process(0, "other", rss=90, cpu=(1.0, 0.5, 0.0), extra={"phoenix.group": "other"}),
    )
    kpis = compute_kpis(_run(inp, out), collection_interval_s=10, critical_patterns=CRITICAL, host="h")
    assert (kpis.input_series, kpis.output_series) == (30, 20)
    assert kpis.output_data_points_per_minute == 20 * 6
    assert kpis.estimated_bytes_per_minute == request_size(out) * 6
    assert kpis.bytes_per_data_point == request_size(out) / 20
    assert (kpis.critical_processes_on_host, kpis.critical_processes_in_output) == (2, 1)
    assert kpis.critical_retention == 0.5 and [p.model_dump() for p in kpis.lost_critical_processes] == [
        {"pid": 2, "name": "nginx"}
    ]
    assert kpis.memory_fidelity_error == pytest.approx(10 / 200)  # 190 out of 200 bytes survive
    assert kpis.fidelity_by_host["h"]["process.cpu.time"] == pytest.approx((5.0 - 3.5) / 5.0)
    assert kpis.engine_cpu_seconds == 0.25 and kpis.engine_peak_memory_bytes == 1024


def test_no_critical_process_on_the_host_means_full_retention() -> None:
    kpis = compute_kpis(
        _run(batch(process(3, "bash")), MetricsBatch()), collection_interval_s=60, critical_patterns=CRITICAL
    )
    assert kpis.critical_retention == 1.0 and kpis.output_series == 0 and kpis.bytes_per_data_point is None


def test_fidelity_is_none_for_a_metric_the_input_lacks() -> None:
    inp = batch(process(1, "a", util=None))
    kpis = compute_kpis(_run(inp, inp), collection_interval_s=60, critical_patterns=CRITICAL, host="h")
    assert kpis.fidelity_by_host["h"]["process.cpu.utilization"] is None and kpis.cpu_fidelity_error == 0.0


def test_cardinality_reduction() -> None:
    assert cardinality_reduction(100, 1000) == pytest.approx(0.9)
    assert cardinality_reduction(0, 0) is None  # nothing to reduce: undefined, not "no change"


def test_cost_is_hourly_volume_times_prices_and_monthly_is_730_hours() -> None:
    estimate = estimate_cost(
        data_points_per_minute=1_000_000,
        bytes_per_minute=1_000_000_000,
        pricing=Pricing(usd_per_gb_ingested=0.30, usd_per_million_data_points=0.10),
    )
    assert estimate.gb_per_hour == 60 and estimate.million_data_points_per_hour == 60
    assert estimate.hourly_usd == pytest.approx(60 * 0.30 + 60 * 0.10)
    assert estimate.monthly_usd == pytest.approx(estimate.hourly_usd * 730)
    assert estimate.assumptions["usd_per_gb_ingested"] == 0.30 and estimate.assumptions["hours_per_month"] == 730
    assert estimate_cost(
        data_points_per_minute=10, bytes_per_minute=10, hosts=3
    ).million_data_points_per_hour == pytest.approx(3 * 600 / 1e6)
    with pytest.raises(ValueError):
        Pricing(usd_per_gb_ingested=-1)


def test_series_sample_lists_dropped_and_merged_series() -> None:
    inp = batch(process(1, "postgres"), process(2, "bash"), process(3, "sleep"))
    out = batch(process(1, "postgres"), process(0, "other", extra={"phoenix.group": "other"}))
    sample = series_sample(inp, out, limit=3)
    assert sample["dropped_count"] == 20 and len(sample["dropped"]) == 3
    assert sample["dropped"][0]["resource"]["process.pid"] == 2
    assert sample["merged_count"] == 10 and sample["merged"][0]["group"] == "other"


def test_preview_puts_kpis_cost_reduction_and_samples_together() -> None:
    from app.engine.preview import preview
    from app.engine.snapshot import Snapshot

    config = """
receivers:
  hostmetrics: {collection_interval: 30s, scrapers: {process: {}}}
processors:
  filter/bash:
    error_mode: ignore
    metrics: {metric: ['resource.attributes["process.executable.name"] == "bash"']}
exporters:
  debug: {}
service:
  pipelines:
    metrics: {receivers: [hostmetrics], processors: [filter/bash], exporters: [debug]}
"""
    snapshot = Snapshot(batch(process(1, "postgres"), process(2, "bash")), host="h", taken_at=1.0, source="file")
    result = preview(config, snapshot, critical_patterns=CRITICAL)
    assert result["cardinality_reduction"] == pytest.approx(0.5)
    assert result["kpis"]["collection_interval_s"] == 30 and result["kpis"]["critical_retention"] == 1.0
    assert result["cost"]["monthly_usd"] > 0 and result["cost"]["assumptions"]["hours_per_month"] == 730
    # the receiver keeps the scraper defaults: no cpu.utilization, so bash loses 7 points, not 10
    assert result["series"]["dropped_count"] == 7 and not result["errors"]
