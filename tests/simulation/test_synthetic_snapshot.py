"""Synthetic snapshots look like scrapes: same pdata shape as the live scraper, seeded and
reproducible, cpu.utilization only for processes seen in the previous scrape, JSON round trip."""

from __future__ import annotations

import json

from app.engine.scraper.settings import SNAPSHOT_METRICS
from app.engine.snapshot import Snapshot
from app.simulation.profiles import get_profile
from app.simulation.snapshots import synthesize_sequence, synthesize_snapshot


def _metric_names(snapshot: Snapshot) -> set[str]:
    return {m.name for _, _, m in snapshot.batch.iter_metrics()}


def test_a_seed_gives_the_same_snapshot_every_time() -> None:
    first = synthesize_snapshot(get_profile("realistic", seed=9))
    again = synthesize_snapshot(get_profile("realistic", seed=9))
    assert json.dumps(first.to_dict()) == json.dumps(again.to_dict())
    assert first.source == "synthetic" and first.metadata["profile"] == "realistic" and first.metadata["seed"] == 9
    other = synthesize_snapshot(get_profile("realistic", seed=10))
    assert other.batch.series_keys() != first.batch.series_keys()


def test_snapshots_carry_what_the_templates_read() -> None:
    snapshot = synthesize_snapshot(get_profile("realistic"))
    assert _metric_names(snapshot) == set(SNAPSHOT_METRICS)
    assert snapshot.process_count() >= 120  # 120 long-lived processes plus the odd cron job
    for rm in snapshot.batch.resource_metrics:
        assert {"process.pid", "process.executable.name", "process.command_line", "process.owner"} <= set(
            rm.resource.attributes
        )
        for sm in rm.scope_metrics:
            for m in sm.metrics:
                if m.name == "process.cpu.utilization":
                    assert 0.0 <= sum(dp.value for dp in m.data_points) <= 1.0


def test_processes_born_between_scrapes_have_no_utilization_yet() -> None:
    first, second = synthesize_sequence(get_profile("high-churn"), count=2, interval_s=1.0)
    before = {rm.resource.attributes["process.pid"] for rm in first.batch.resource_metrics}
    for rm in second.batch.resource_metrics:
        names = {m.name for m in rm.scope_metrics[0].metrics}
        born = rm.resource.attributes["process.pid"] not in before
        assert ("process.cpu.utilization" in names) is not born


def test_a_snapshot_round_trips_through_json(tmp_path) -> None:  # type: ignore[no-untyped-def]
    snapshot = synthesize_snapshot(get_profile("high-churn"))
    path = tmp_path / "s.json"
    snapshot.save(path)
    loaded = Snapshot.load(path)
    assert loaded.batch.to_dict() == snapshot.batch.to_dict()
    assert (loaded.host, loaded.taken_at, loaded.source) == (snapshot.host, snapshot.taken_at, "synthetic")
