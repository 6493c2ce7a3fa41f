"""The embedded engine is proven equal to the real collector: every template, over three parameter
sets, on the three simulation profiles and on edge populations, gives the same series and values.

Every difference is an engine bug (or a documented limitation that raises EngineUnsupported); the
`compare` tests at the bottom show that the comparison does see each kind of difference.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.engine.pdata import MetricsBatch
from app.engine.scraper.builder import ProcessMetricsBuilder
from app.engine.scraper.samples import CpuTimes, DiskCounters, ProcessSample
from app.engine.scraper.settings import ScraperSettings
from app.otelcol.differential import compare, differential, harness_config, set_times
from app.pipelines.render import render_template
from app.simulation.profiles import BUILTIN_PROFILE_NAMES, get_profile
from app.simulation.snapshots import synthesize_snapshot
from tests.otelcol.test_validate import _grid
from tests.pipelines.conftest import TEMPLATE_NAMES

PROFILES = BUILTIN_PROFILE_NAMES
GiB = 1024**3
T0 = 1_750_000_000 * 10**9


def _edge_population() -> MetricsBatch:
    """Processes the profiles never produce: kernel threads (no command line, no path), empty and
    unicode names, duplicate names, 15-character names, huge values, and criticals with odd names."""
    specs: list[dict[str, Any]] = [
        {"name": "kworker/0:1H", "command_line": [], "executable_path": "", "rss": 0, "vms": 0},
        {"name": "kthreadd", "command_line": [], "executable_path": "", "rss": 0, "vms": 0, "owner": "root"},
        {"name": "", "command_line": [""], "executable_path": ""},
        {"name": "nginx", "command_line": ["nginx: worker process"]},
        {"name": "nginx", "command_line": ["nginx: worker process"]},
        {"name": "nginx", "command_line": ["nginx: master process /usr/sbin/nginx"]},
        {"name": "postgres", "command_line": ["postgres: checkpointer"]},
        {"name": "postgres15", "command_line": ["/usr/lib/postgresql/15/bin/postgres"]},
        {"name": "python3.11", "command_line": ["python3.11", "-m", "app"]},
        {"name": "php-fpm8.2", "command_line": ["php-fpm: pool www"]},
        {"name": "containerd-shim", "command_line": ["/usr/bin/containerd-shim-runc-v2", "-id", "x" * 500]},
        {"name": "сервер-данных", "command_line": ["/opt/сервер-данных", "--режим=быстрый"]},
        {"name": "日本語プロセス", "command_line": ["/opt/日本語プロセス"]},
        {"name": "a" * 15, "command_line": ["/opt/" + "a" * 40]},
        {"name": "weird name (x)", "command_line": ["weird name (x)", '--flag="quoted"', "back\\slash"]},
        {"name": "hog", "rss": 2**62, "vms": 2**63 - 1, "cpu": CpuTimes(1e9, 5e8, 1e6)},
        {"name": "tiny", "rss": 1, "vms": 1, "cpu": CpuTimes(1e-9, 0.0, 0.0)},
        {"name": "java", "rss": 8 * GiB, "cpu": CpuTimes(3600.5, 120.25, 0.0)},
    ]
    builder = ProcessMetricsBuilder(ScraperSettings.for_snapshot(), logical_cpus=4)
    batch = MetricsBatch()
    for scrape, at in enumerate((T0, T0 + 10 * 10**9)):  # a priming scrape, so cpu.utilization exists
        samples = []
        for pid, spec in enumerate(specs, start=100):
            cpu = spec.get("cpu") or CpuTimes(0.5 * pid, 0.1 * pid, 0.0)
            grown = CpuTimes(cpu.user * (1 + scrape), cpu.system * (1 + scrape), cpu.wait)
            samples.append(
                ProcessSample(
                    pid=pid,
                    name=spec["name"],
                    time_unix_nano=at,
                    create_time_ms=T0 // 10**6 - pid * 1000,
                    parent_pid=1,
                    executable_path=spec.get("executable_path", f"/usr/bin/{spec['name']}"),
                    command_line=spec.get("command_line", [spec["name"]]),
                    owner=spec.get("owner", "app"),
                    cpu=grown,
                    rss=spec.get("rss", 50_000_000 + pid),
                    vms=spec.get("vms", 900_000_000 + pid),
                    disk=DiskCounters(pid * 4096, pid * 512, pid, pid),
                )
            )
        batch = builder.build(samples)
    return batch


def _snapshots() -> dict[str, MetricsBatch]:
    out = {profile: synthesize_snapshot(get_profile(profile)).batch for profile in PROFILES}
    out["edge"] = _edge_population()
    return out


SNAPSHOTS = _snapshots()
CASES = [
    (name, label, params, population)
    for name in TEMPLATE_NAMES
    for label, params in _grid(name)
    for population in SNAPSHOTS
]


@pytest.mark.parametrize(
    ("name", "label", "params", "population"), CASES, ids=[f"{n}-{lbl}-{p}" for n, lbl, _, p in CASES]
)
def test_the_engine_equals_the_real_collector(
    otelcol_bin: Path, name: str, label: str, params: dict[str, Any], population: str
) -> None:
    result = differential(otelcol_bin, render_template(name, params).config_yaml, SNAPSHOTS[population])
    assert result.payload.series_count() > 0
    assert result.differences == [], result.differences[:10]
    # Not vacuous: both sides really produced what was compared (and reductions really reduced).
    assert result.collector_output.series_count() == result.engine_output.series_count()
    if name == "process-baseline-v1":
        assert result.collector_output.series_count() == result.payload.series_count()


def test_the_harness_keeps_the_processors_and_swaps_only_the_ends(tmp_path: Path) -> None:
    import yaml

    original = yaml.safe_load(render_template("process-topk-v1").config_yaml)
    swapped = yaml.safe_load(
        harness_config(
            render_template("process-topk-v1").config_yaml, otlp_port=1, health_port=2, output_path=tmp_path / "o.json"
        )
    )
    assert swapped["processors"] == original["processors"]
    pipeline = swapped["service"]["pipelines"]["metrics"]
    assert pipeline["processors"] == original["service"]["pipelines"]["metrics"]["processors"]
    assert pipeline["receivers"] == ["otlp"] and pipeline["exporters"] == ["file/differential"]


# --- the comparison sees every kind of difference -------------------------------------------------


def _pair() -> tuple[MetricsBatch, MetricsBatch, MetricsBatch]:
    payload = _edge_population()
    return payload, payload.deep_copy(), payload.deep_copy()


def _first_point(batch: MetricsBatch) -> Any:
    _, _, metric = next(iter(batch.iter_metrics()))
    return metric.data_points[0]


def test_compare_sees_a_value_off_by_more_than_the_tolerance() -> None:
    payload, collector, engine = _pair()
    assert compare(collector, engine, payload) == []
    point = _first_point(engine)
    point.value = point.value * (1 + 1e-6) if point.value else 1e-3
    [difference] = compare(collector, engine, payload)
    assert difference.kind == "points"


def test_compare_sees_a_missing_series_and_an_extra_attribute() -> None:
    payload, collector, engine = _pair()
    engine.resource_metrics.pop()
    collector.resource_metrics[0].resource.attributes["phoenix.extra"] = "x"
    kinds = {d.kind for d in compare(collector, engine, payload)}
    assert kinds == {"only_in_collector", "only_in_engine"}


def test_compare_sees_an_int_turned_double_and_a_changed_time() -> None:
    payload, collector, engine = _pair()
    for _, _, metric in engine.iter_metrics():
        if metric.name == "process.memory.usage":
            metric.data_points[0].value = float(metric.data_points[0].value)
            break
    _first_point(collector).time_unix_nano += 1
    assert len(compare(collector, engine, payload)) == 2


def test_compare_sees_a_changed_metric_identity() -> None:
    payload, collector, engine = _pair()
    _, _, metric = next(iter(engine.iter_metrics()))
    metric.unit = "ms"
    differences = compare(collector, engine, payload)
    assert {d.kind for d in differences} == {"metric_identity"}
    assert len(differences) == len(metric.data_points)  # one per series of that metric


def test_a_run_that_crossed_a_second_boundary_is_recognised() -> None:
    """Two set times in one output: a group split by `TruncateTime(Now())` (the harness repeats such runs)."""
    payload, output, _ = _pair()
    assert set_times(output, payload) == set()
    points = [dp for _, _, m in output.iter_metrics() for dp in m.data_points]
    points[0].time_unix_nano, points[1].time_unix_nano = 1_000 * 10**9, 1_001 * 10**9
    assert set_times(output, payload) == {1_000 * 10**9, 1_001 * 10**9}
