"""Golden cases for cumulativetodelta (README): monotonic cumulative sums become deltas across
payloads, first point per initial_value, resets dropped, non-monotonic sums untouched."""

from __future__ import annotations

from app.engine.components.cumulativetodelta.config import CumulativeToDeltaConfig
from app.engine.components.cumulativetodelta.processor import CumulativeToDeltaProcessor
from tests.engine.builders import batch, metric, process, values

SECOND = 1_000_000_000
STARTED = 1_700_000_000 * SECOND  # when the processor "started"
OLD = STARTED - 3600 * SECOND  # a process that was running before the collector
NEW = STARTED + 5 * SECOND  # a process born after the collector started


def _c2d(**config: object) -> CumulativeToDeltaProcessor:
    return CumulativeToDeltaProcessor(
        "cumulativetodelta", CumulativeToDeltaConfig.model_validate(config), clock=lambda: STARTED
    )


def _scrape(cpu_user: float, t: int, start: int = OLD, rss: int = 100):  # type: ignore[no-untyped-def]
    return batch(process(1, "a", cpu=(cpu_user, 0.0, 0.0), time=STARTED + t * SECOND, start=start, rss=rss))


def test_auto_drops_the_first_point_of_a_series_older_than_the_processor() -> None:
    c2d = _c2d()
    first = c2d.process(_scrape(10.0, 10))
    assert metric(first, "process.cpu.time") is None and metric(first, "process.disk.io") is None
    second = c2d.process(_scrape(12.5, 20))
    cpu = metric(second, "process.cpu.time")
    assert cpu.aggregation_temporality == "delta" and values(cpu)[(("state", "user"),)] == 2.5
    assert cpu.data_points[0].start_time_unix_nano == STARTED + 10 * SECOND  # previous timestamp
    third = metric(c2d.process(_scrape(13.0, 30)), "process.cpu.time")
    assert values(third)[(("state", "user"),)] == 0.5


def test_auto_keeps_the_first_point_of_a_series_started_after_the_processor() -> None:
    cpu = metric(_c2d().process(_scrape(1.5, 10, start=NEW)), "process.cpu.time")
    assert values(cpu)[(("state", "user"),)] == 1.5 and cpu.data_points[0].start_time_unix_nano == NEW


def test_keep_and_drop_initial_values() -> None:
    assert (
        values(metric(_c2d(initial_value="keep").process(_scrape(4.0, 10)), "process.cpu.time"))[(("state", "user"),)]
        == 4.0
    )
    assert metric(_c2d(initial_value="drop").process(_scrape(1.5, 10, start=NEW)), "process.cpu.time") is None


def test_non_monotonic_sums_and_gauges_are_untouched() -> None:
    c2d = _c2d()
    out = c2d.process(_scrape(10.0, 10, rss=100))
    memory = metric(out, "process.memory.usage")
    assert memory.aggregation_temporality == "cumulative" and values(memory) == {(): 100}
    assert metric(out, "process.cpu.utilization").type == "gauge"


def test_a_decrease_is_a_reset_and_drops_that_point() -> None:
    c2d = _c2d()
    c2d.process(_scrape(10.0, 10))
    after_reset = values(metric(c2d.process(_scrape(4.0, 20)), "process.cpu.time"))
    assert (("state", "user"),) not in after_reset  # 4.0 < 10.0: reset, point dropped
    assert after_reset[(("state", "system"),)] == 0.0  # the other states did not decrease
    assert values(metric(c2d.process(_scrape(5.0, 30)), "process.cpu.time"))[(("state", "user"),)] == 1.0


def test_a_new_start_time_is_a_new_series() -> None:
    c2d = _c2d()
    c2d.process(_scrape(10.0, 10))
    restarted = c2d.process(_scrape(0.5, 20, start=NEW))  # pid reused by a process born after start
    assert values(metric(restarted, "process.cpu.time"))[(("state", "user"),)] == 0.5


def test_include_and_exclude_select_metrics_by_name() -> None:
    c2d = _c2d(include={"metrics": ["process.disk.io"], "match_type": "strict"})
    out = c2d.process(_scrape(10.0, 10))
    assert (
        metric(out, "process.disk.io") is None
        and metric(out, "process.cpu.time").aggregation_temporality == "cumulative"
    )
    c2d = _c2d(exclude={"metrics": ["^process\\.cpu"], "match_type": "regexp"})
    out = c2d.process(_scrape(10.0, 10))
    assert metric(out, "process.cpu.time") is not None and metric(out, "process.disk.io") is None


def test_max_staleness_forgets_series_not_seen_for_that_long() -> None:
    c2d = _c2d(max_staleness="30s", initial_value="keep")
    c2d.process(_scrape(10.0, 10))
    c2d.process(batch(process(2, "other", time=STARTED + 100 * SECOND, start=OLD)))  # pid 1 not seen for 90s
    again = c2d.process(_scrape(12.0, 110))
    assert values(metric(again, "process.cpu.time"))[(("state", "user"),)] == 12.0  # first point again, kept


def test_max_staleness_defaults_to_one_hour_since_0_142_and_zero_never_forgets() -> None:
    for config, forgotten in (({}, True), ({"max_staleness": "0s"}, False)):
        c2d = _c2d(initial_value="keep", **config)
        c2d.process(_scrape(10.0, 10))
        c2d.process(batch(process(2, "other", time=STARTED + 3700 * SECOND, start=OLD)))  # pid 1 idle 61 min
        again = c2d.process(_scrape(12.0, 3710))
        expected = 12.0 if forgotten else 2.0  # forgotten: a first point again; remembered: the delta
        assert values(metric(again, "process.cpu.time"))[(("state", "user"),)] == expected, config
