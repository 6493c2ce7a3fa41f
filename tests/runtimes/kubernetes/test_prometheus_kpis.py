"""Phoenix's PromQL against a real Prometheus scraping a known fleet: the KPIs equal the fleet's values.

The fleet (`fleet_fixture`): experiment `checkout` on two nodes, baseline 80 + 60 = 140 series from
14 processes (7 critical), candidate 48 + 28 = 76 series that lost one critical process of node-b,
and a standing deployment `steady/prod` on node-a with no baseline. Counts and gauge-derived values
must be exact. Rates come from counters the fixture computes from its own clock when scraped, while
Prometheus stamps the scrape's start: that jitter (milliseconds against 1 s scrapes, over a 4-5 s
sampled interval) is well under 1%, and `rate`'s extrapolation is exact for a linear counter, so
5% (`RATE_TOLERANCE`) still separates every plausible mistake (x60, sum instead of average over the
two nodes, counting the OTLP exporter's copy as well, each at least a factor 1.6 off).
"""

from __future__ import annotations

import pytest

from app.core.variants import VARIANT_LABELS
from app.engine.collector import CONTRIB_VERSION
from app.pipelines.render import render_template
from app.runtimes.base import VariantDeployment
from app.runtimes.kubernetes.prometheus import PrometheusClient
from app.runtimes.kubernetes.prometheus_kpis import PrometheusKpiSource
from app.runtimes.kubernetes.wire_size import bytes_per_data_point
from tests.runtimes.kubernetes import fleet_fixture as fleet
from tests.runtimes.kubernetes.conftest import RATE_WINDOW

RATE_TOLERANCE = 0.05
TARGET_LABELS = {"job", "instance", "phoenix_io_experiment", "phoenix_io_variant"}


def _variant(owner: str, label: str, template: str) -> VariantDeployment:
    rendered = render_template(
        template,
        {
            "experiment_id": owner,
            "variant": label,
            "critical_processes": list(fleet.CRITICAL),
            "collection_interval": "10s",
        },
    )
    return VariantDeployment(
        owner=owner,
        owner_id=f"id-{owner}",
        label=label,
        config_yaml=rendered.config_yaml,
        template=template,
        parameters=rendered.parameters,
        critical_processes=fleet.CRITICAL,
    )


VARIANTS = [
    _variant(fleet.EXPERIMENT, "baseline", "process-baseline-v1"),
    _variant(fleet.EXPERIMENT, "candidate", "process-aggressive-v1"),
    _variant(fleet.STEADY, "prod", "process-topk-v1"),
    _variant("ghost", "baseline", "process-baseline-v1"),  # never scraped: left out
]


def _series_count(experiment: str, variant: str) -> int:
    return sum(
        len(fleet.output_series(experiment, variant, node))
        for node in fleet.NODES
        if (experiment, variant, node) in fleet.COLLECTORS
    )


def _node_sum(experiment: str, variant: str, node: str, metric: str) -> float:
    return sum(v for name, _, v in fleet.output_series(experiment, variant, node) if name == metric)


def _expected_bytes_per_point(experiment: str, variant: str, node: str) -> float:
    targets = {
        "job": "phoenix-collectors",
        "instance": "10.0.0.1:8889",
        "phoenix_io_experiment": experiment,
        "phoenix_io_variant": variant,
    }
    exposed = fleet.output_series(experiment, variant, node)
    series = [{"__name__": name, **labels, **targets} for name, labels, _ in exposed]
    value = bytes_per_data_point(series, TARGET_LABELS)
    assert value is not None
    return value


@pytest.fixture
async def samples(fleet_prometheus):  # type: ignore[no-untyped-def]
    client = PrometheusClient(fleet_prometheus.url, timeout=5)
    source = PrometheusKpiSource(client, rate_window=RATE_WINDOW)
    try:
        result = await source.sample_with_status(VARIANTS)
    finally:
        await client.close()
    return result


def test_the_fixture_is_what_the_docstring_says() -> None:
    assert _series_count(fleet.EXPERIMENT, "baseline") == 140
    assert _series_count(fleet.EXPERIMENT, "candidate") == 76
    assert _series_count(fleet.STEADY, "prod") == 48


async def test_counts_are_exact(samples) -> None:  # type: ignore[no-untyped-def]
    assert samples.degraded == []
    assert set(samples.samples) == {"checkout/baseline", "checkout/candidate", "steady/prod"}
    base, cand = samples.samples["checkout/baseline"], samples.samples["checkout/candidate"]
    assert (base.output_series, cand.output_series) == (140, 76)
    assert base.input_series == cand.input_series == 140
    assert base.input_processes == cand.input_processes == 14
    assert (base.critical_processes_on_host, base.critical_processes_in_output, base.critical_retention) == (7, 7, 1.0)
    assert (cand.critical_processes_on_host, cand.critical_processes_in_output) == (7, 6)
    assert cand.critical_retention == pytest.approx(6 / 7, abs=1e-12)
    assert cand.extra["cardinality_reduction"] == pytest.approx(1 - 76 / 140, abs=1e-12)
    assert base.extra["hosts"] == cand.extra["hosts"] == 2
    # Real collectors measured them: the otelcol-contrib of the image every kubernetes variant runs.
    assert {s.measured_by for s in samples.samples.values()} == {f"otelcol-contrib {CONTRIB_VERSION} (Prometheus)"}


async def test_rates_and_collector_overhead(samples) -> None:  # type: ignore[no-untyped-def]
    base, cand = samples.samples["checkout/baseline"], samples.samples["checkout/candidate"]
    # Output points per minute: 140 and 76 series every 10 s, counted once (the OTLP exporter's copy is excluded).
    assert base.output_data_points_per_minute == pytest.approx(840, rel=RATE_TOLERANCE)
    assert cand.output_data_points_per_minute == pytest.approx(456, rel=RATE_TOLERANCE)
    assert base.extra["data_points_source"] == "otelcol_exporter_sent_metric_points"
    assert cand.extra["input_data_points_per_minute"] == pytest.approx(840, rel=RATE_TOLERANCE)
    # Cores per collector: the average of the two nodes' collectors, not their sum.
    assert base.collector_cpu_cores == pytest.approx((0.04 + 0.06) / 2, rel=RATE_TOLERANCE)
    assert cand.collector_cpu_cores == pytest.approx((0.03 + 0.05) / 2, rel=RATE_TOLERANCE)
    # Peak RSS of the heaviest collector over the window: node-b's gauge plus the every-other-scrape spike.
    assert base.collector_peak_memory_bytes == 100_000_000 + 20_000_000
    assert cand.collector_peak_memory_bytes == 80_000_000 + 20_000_000


async def test_total_fidelity_is_matched_per_host(samples) -> None:  # type: ignore[no-untyped-def]
    base, cand = samples.samples["checkout/baseline"], samples.samples["checkout/candidate"]
    assert base.memory_fidelity_error == base.cpu_fidelity_error == 0.0
    # node-a's roll-up preserves its totals; node-b lost python3 (400 MiB, 200 + 100 CPU s): the worst host counts.
    memory_b = _node_sum(fleet.EXPERIMENT, "baseline", "node-b", "process_memory_usage_bytes")
    cpu_b = _node_sum(fleet.EXPERIMENT, "baseline", "node-b", "process_cpu_time_seconds_total")
    assert cand.memory_fidelity_error == pytest.approx(400 * 1024 * 1024 / memory_b, rel=1e-9)
    assert cand.cpu_fidelity_error == pytest.approx(300.0 / cpu_b, rel=1e-9)
    assert cand.memory_fidelity_error == pytest.approx(400 / 725, rel=1e-9)


async def test_bytes_are_priced_on_one_shared_host(samples) -> None:  # type: ignore[no-untyped-def]
    for label in VARIANT_LABELS:
        sample = samples.samples[f"checkout/{label}"]
        assert sample.extra["bytes_sampled_host"] == "node-a"
        per_point = _expected_bytes_per_point(fleet.EXPERIMENT, label, "node-a")
        assert sample.extra["bytes_per_data_point"] == pytest.approx(per_point, rel=1e-12)
        assert sample.estimated_bytes_per_minute == pytest.approx(sample.output_data_points_per_minute * per_point)
    base, cand = samples.samples["checkout/baseline"], samples.samples["checkout/candidate"]
    assert cand.estimated_bytes_per_minute < base.estimated_bytes_per_minute


async def test_a_standing_deployment_without_baseline(samples) -> None:  # type: ignore[no-untyped-def]
    prod = samples.samples["steady/prod"]
    assert prod.output_series == 48
    # Input from the scraper's accepted points: 8 points/s x 10 s interval = one scrape of node-a's 80 series.
    assert prod.input_series == 80
    assert (prod.critical_processes_on_host, prod.critical_processes_in_output, prod.critical_retention) == (4, 4, 1.0)
    assert prod.extra["critical_on_host_source"].startswith("unknown")
    assert prod.memory_fidelity_error is None and prod.cpu_fidelity_error is None
    assert prod.collector_cpu_cores == pytest.approx(0.02, rel=RATE_TOLERANCE)
