"""The transform processor's metric functions and the filter's datapoint converters, from their READMEs."""

from __future__ import annotations

import pytest

from app.engine.ottl import (
    OttlRuntimeError,
    StatementSequence,
    compile_condition,
    compile_statement,
    execute_statements,
    iter_contexts,
)
from app.engine.pdata import Metric, MetricsBatch, NumberDataPoint, Resource, ResourceMetrics, ScopeMetrics


def memory_metric(*points: tuple[dict, int | float], name: str = "system.memory.usage") -> Metric:
    return Metric(
        name,
        unit="By",
        type="sum",
        aggregation_temporality="cumulative",
        data_points=[NumberDataPoint(dict(attrs), 5, 10, value) for attrs, value in points],
    )


def one_resource(*metrics: Metric) -> MetricsBatch:
    scope = ScopeMetrics(metrics=list(metrics))
    return MetricsBatch([ResourceMetrics(Resource({"host.name": "h"}), [scope])])


def run_metric(statement: str, data: MetricsBatch) -> MetricsBatch:
    execute_statements(data, "metric", StatementSequence([compile_statement(statement, "metric")]))
    return data


def values(metric: Metric) -> list[tuple[dict, int | float]]:
    return [(dp.attributes, dp.value) for dp in metric.data_points]


USAGE = (
    ({"state": "used", "device": "a"}, 10),
    ({"state": "used", "device": "b"}, 20),
    ({"state": "free", "device": "a"}, 5),
    ({"state": "free", "device": "a"}, 1),
)


def test_aggregate_keeping_listed_attributes() -> None:
    # README: "only the specified data point attributes are kept ... aggregation is performed by grouping
    # on the remaining attributes".
    metric = memory_metric(*USAGE)
    run_metric(
        'aggregate_on_attributes("sum", ["state"]) where metric.name == "system.memory.usage"', one_resource(metric)
    )
    assert values(metric) == [({"state": "used"}, 30), ({"state": "free"}, 6)]
    assert metric.type == "sum" and metric.aggregation_temporality == "cumulative"


def test_aggregate_without_attribute_list_combines_identical_sets() -> None:
    # README: omitted → "all existing data point attributes are kept. Aggregation only combines data points
    # that already share the same full attribute set."
    metric = memory_metric(*USAGE)
    run_metric('aggregate_on_attributes("sum")', one_resource(metric))
    assert values(metric) == [
        ({"state": "used", "device": "a"}, 10),
        ({"state": "used", "device": "b"}, 20),
        ({"state": "free", "device": "a"}, 6),
    ]


def test_aggregate_with_empty_list_sums_everything() -> None:
    # README: "[] (empty list): all datapoint attributes are removed. Aggregation is performed across all
    # data points in the metric."
    metric = memory_metric(*USAGE)
    run_metric('aggregate_on_attributes("sum", [])', one_resource(metric))
    assert values(metric) == [({}, 36)]


@pytest.mark.parametrize(
    ("function", "expected"),
    [
        ("max", 20),
        ("min", 1),
        ("mean", 9),
        ("median", 7),
        ("count", 4),
    ],
)
def test_aggregation_functions(function: str, expected: int) -> None:
    metric = memory_metric(*USAGE)
    run_metric(f'aggregate_on_attributes("{function}", [])', one_resource(metric))
    assert values(metric) == [({}, expected)]


def test_aggregate_double_points_and_start_times() -> None:
    metric = memory_metric(({"cpu": "0"}, 0.25), ({"cpu": "1"}, 0.5), name="system.cpu.utilization")
    metric.data_points[1].start_time_unix_nano = 1
    run_metric('aggregate_on_attributes("mean", [])', one_resource(metric))
    assert values(metric) == [({}, 0.375)]
    assert metric.data_points[0].start_time_unix_nano == 1  # the earliest start time is kept


def test_aggregate_only_merges_points_of_one_metric_with_equal_timestamps() -> None:
    first, second = memory_metric(({"state": "used"}, 1)), memory_metric(({"state": "used"}, 2))
    data = MetricsBatch(
        [
            ResourceMetrics(Resource({"process.pid": pid}), [ScopeMetrics(metrics=[metric])])
            for pid, metric in ((1, first), (2, second))
        ]
    )
    run_metric('aggregate_on_attributes("sum", [])', data)
    assert values(first) == [({}, 1)] and values(second) == [({}, 2)]  # never across resources
    late = memory_metric(({"a": "x"}, 1), ({"a": "y"}, 2))
    late.data_points[1].time_unix_nano = 11
    run_metric('aggregate_on_attributes("sum", [])', one_resource(late))
    assert [dp.value for dp in late.data_points] == [1, 2]


def test_aggregate_rejects_summaries() -> None:
    summary = Metric("rpc.duration", type="summary")
    with pytest.raises(OttlRuntimeError, match="does not support aggregating Summary"):
        run_metric('aggregate_on_attributes("sum")', one_resource(summary))


def test_convert_sum_and_gauge() -> None:
    counter = memory_metric(({}, 3), name="system.processes.count")
    gauge = Metric("prometheus_metric", type="gauge", data_points=[NumberDataPoint({}, 0, 1, 2.5)])
    data = one_resource(counter, gauge)
    run_metric('convert_sum_to_gauge() where metric.name == "system.processes.count"', data)
    run_metric('convert_gauge_to_sum("cumulative", false) where metric.name == "prometheus_metric"', data)
    assert (counter.type, counter.is_monotonic, counter.aggregation_temporality) == ("gauge", False, "unspecified")
    assert (gauge.type, gauge.is_monotonic, gauge.aggregation_temporality) == ("sum", False, "cumulative")
    assert values(counter) == [({}, 3)] and values(gauge) == [({}, 2.5)]
    run_metric('convert_gauge_to_sum("delta", true)', data)  # a no-op for the (now) sum
    assert gauge.aggregation_temporality == "cumulative"


def test_scale_and_copy_metric() -> None:
    metric = memory_metric(({}, 1000), name="process.memory.usage")
    data = one_resource(metric)
    run_metric('copy_metric(name = "process.memory.usage.kb") where metric.name == "process.memory.usage"', data)
    run_metric('scale_metric(0.001, "kBy") where metric.name == "process.memory.usage.kb"', data)
    names = [(m.name, m.unit, m.data_points[0].value) for _, _, m in data.iter_metrics()]
    assert names == [("process.memory.usage", "By", 1000), ("process.memory.usage.kb", "kBy", 1)]


def test_filter_datapoint_attribute_converters() -> None:
    metric = Metric(
        "http.requests",
        type="sum",
        data_points=[NumberDataPoint({"http.method": "POST"}), NumberDataPoint({"http.method": "GET"})],
    )
    tc = next(iter_contexts(one_resource(metric), "metric"))
    assert compile_condition('HasAttrKeyOnDatapoint("http.method")', "metric").eval(tc) is True
    assert compile_condition('HasAttrKeyOnDatapoint("http.route")', "metric").eval(tc) is False
    assert compile_condition('HasAttrOnDatapoint("http.method", "POST")', "metric").eval(tc) is True
    # The README says "any datapoint"; the 0.128 code only compares the first point that has the key.
    assert compile_condition('HasAttrOnDatapoint("http.method", "GET")', "metric").eval(tc) is False


def test_aggregate_on_attributes_sums_ints_in_int64_and_wraps_like_go() -> None:
    # Found by the differential suite: two 2**62 + 2**62 + ... memory values overflow int64 in the
    # collector, which wraps around; the engine used to return a number no int64 can hold.
    metric = memory_metric(({}, 2**62), ({}, 2**62), ({}, 7), name="process.memory.usage")
    run_metric('aggregate_on_attributes("sum", [])', one_resource(metric))
    assert values(metric) == [({}, -(2**63) + 7)]


def test_aggregate_on_attributes_mean_of_ints_truncates_toward_zero_exactly() -> None:
    metric = memory_metric(({}, -(2**60) - 1), ({}, -(2**60)), ({}, 0), name="process.memory.usage")
    run_metric('aggregate_on_attributes("mean", [])', one_resource(metric))
    assert values(metric) == [({}, -((2**61 + 1) // 3))]
