"""time.Time and time.Duration in OTTL: the converters' README examples, LANGUAGE.md's time math,
and the timestamp alignment the process templates rely on."""

from __future__ import annotations

import pytest

from app.engine.ottl import OttlRuntimeError, StatementSequence, compile_statement, execute_statements, gotime
from app.engine.ottl.gotime import GoDuration, GoTime, parse_duration, truncate
from app.engine.pdata import Metric, MetricsBatch, NumberDataPoint, Resource, ResourceMetrics, ScopeMetrics

NOW = 1_700_000_123_456_789_012  # 2023-11-14T22:15:23.456789012Z


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gotime, "clock", lambda: NOW)


def one_point(time_unix_nano: int = 1_000, **attributes: object) -> MetricsBatch:
    point = NumberDataPoint(dict(attributes), 500, time_unix_nano, 1)
    metric = Metric("process.cpu.time", type="sum", aggregation_temporality="cumulative", data_points=[point])
    resource = Resource({"phoenix.group": "other"})
    return MetricsBatch([ResourceMetrics(resource, [ScopeMetrics(metrics=[metric])])])


def run(statement: str, data: MetricsBatch) -> NumberDataPoint:
    execute_statements(data, "datapoint", StatementSequence([compile_statement(statement, "datapoint")]))
    return data.resource_metrics[0].scope_metrics[0].metrics[0].data_points[0]


@pytest.mark.parametrize(
    ("text", "nanos"),
    [
        ("3s", 3_000_000_000),
        ("333ms", 333_000_000),
        ("1000000h", 3_600_000_000_000_000_000),
        ("1.5h", 5_400_000_000_000),
        ("-2m3.5s", -123_500_000_000),
        ("1us", 1_000),
        ("1µs", 1_000),
        ("0", 0),
    ],
)
def test_parse_duration_examples(text: str, nanos: int) -> None:
    assert parse_duration(text) == GoDuration(nanos)


@pytest.mark.parametrize("text", ["", "3", "s", "1d", "1.5", ".s", "9999999999h"])
def test_parse_duration_rejects_what_go_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="invalid duration"):
        parse_duration(text)


def test_truncate_rounds_down_like_go() -> None:
    assert truncate(GoTime(NOW), GoDuration(1_000_000_000)) == GoTime(1_700_000_123_000_000_000)
    assert truncate(GoTime(NOW), GoDuration(3_600_000_000_000)) == GoTime(1_699_999_200_000_000_000)
    assert truncate(GoTime(NOW), GoDuration(0)) == GoTime(NOW)


def test_templates_align_grouped_points_on_one_second() -> None:
    point = run(
        'set(time, TruncateTime(Now(), Duration("1s"))) where resource.attributes["phoenix.group"] != nil', one_point()
    )
    assert point.time_unix_nano == 1_700_000_123_000_000_000
    assert point.start_time_unix_nano == 500


def test_time_converters_from_the_readme() -> None:
    data = one_point()
    run('set(attributes["seconds"], Seconds(Duration("1h")))', data)
    run('set(attributes["millis"], Milliseconds(Duration("1h")))', data)
    run('set(attributes["unix"], UnixSeconds(Now()))', data)
    run('set(attributes["epoch"], UnixNano(Unix(1672527600)))', data)
    point = run('set(attributes["age"], Milliseconds(time - start_time))', data)
    assert point.attributes == {
        "seconds": 3600.0,
        "millis": 3_600_000,
        "unix": 1_700_000_123,
        "epoch": 1_672_527_600_000_000_000,
        "age": 0,
    }


def test_time_math_and_comparisons() -> None:
    # LANGUAGE.md: time - time is a duration; time + duration and time - duration are times.
    point = run(
        'set(start_time, time - Duration("1ms")) where time - start_time > Duration("0s")',
        one_point(time_unix_nano=5_000_000),
    )
    assert point.start_time_unix_nano == 4_000_000
    point = run('set(time, start_time + Duration("2ns")) where start_time < time', one_point(time_unix_nano=900))
    assert point.time_unix_nano == 502
    with pytest.raises(OttlRuntimeError, match="is not supported between"):
        run("set(time, time + time)", one_point())
    with pytest.raises(OttlRuntimeError, match="expected duration"):
        run("set(time, TruncateTime(time, metric.name))", one_point())
    with pytest.raises(OttlRuntimeError, match="invalid duration"):
        run('set(time, TruncateTime(time, Duration("1 second")))', one_point())
