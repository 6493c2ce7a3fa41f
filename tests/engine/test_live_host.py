"""The engine on this machine: scrape the live host and run every catalog template on it."""

from __future__ import annotations

import pytest

from app.core.config import get_settings
from app.engine.critical_patterns import DEFAULT_CRITICAL_PROCESSES
from app.engine.kpis import compute_kpis
from app.engine.pipeline import compile_pipeline
from app.engine.snapshot import Snapshot, take_live_snapshot
from app.pipelines.render import render_template

TEMPLATES = ("baseline", "priority-filter", "aggregated", "topk", "adaptive", "aggressive", "dynamic")


@pytest.fixture(scope="module")
def live() -> Snapshot:
    return take_live_snapshot(settle_s=0.3)


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_template_runs_on_the_live_host(live: Snapshot, template: str) -> None:
    get_settings.cache_clear()
    pipeline = compile_pipeline(render_template(f"process-{template}-v1").config_yaml)
    run = pipeline.run(live)
    assert not run.errors
    kpis = compute_kpis(
        run,
        collection_interval_s=pipeline.collection_interval_s,
        critical_patterns=DEFAULT_CRITICAL_PROCESSES,
        host=live.host,
    )
    assert kpis.input_series > 0 and kpis.output_series <= kpis.input_series
    if template != "priority-filter":  # a host without critical or high-priority processes exports nothing there
        assert kpis.output_series > 0
    assert kpis.critical_retention == 1.0


def test_live_snapshot_round_trips_through_json(live: Snapshot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "snapshot.json"
    live.save(path)
    loaded = Snapshot.load(path)
    assert loaded.host == live.host and loaded.source == "live"
    assert loaded.batch.series_keys() == live.batch.series_keys()
    assert loaded.metadata["scrape"]["processes_emitted"] == live.process_count()


def test_a_compiled_pipeline_scrapes_this_host_with_state() -> None:
    get_settings.cache_clear()
    pipeline = compile_pipeline(render_template("process-aggregated-v1").config_yaml)
    first = pipeline.run_live()
    second = pipeline.run_live()
    assert not first.errors and not second.errors
    names = {m.name for _, _, m in second.input.iter_metrics()}
    assert "process.cpu.utilization" in names  # the receiver's scraper remembered the first scrape
    assert second.scrape_reports["host_metrics"].processes_emitted > 0
