"""The transform processor's metric functions and the filter processor's datapoint converters (0.128.0).

`aggregate_on_attributes` follows `internal/coreinternal/aggregateutil` exactly, including its
corners: points are grouped by their (kept) attributes *and* timestamp (and start time for delta
sums); the first point of a group keeps its timestamps, flags and value type; an int group adds
the raw int value of later points (a double point adds 0); `mean` on ints truncates; `count`
only overwrites the value when a group has more than one point. Omitting `attributes` keeps every
attribute, `[]` drops them all. The collector emits groups in Go map order (random); the engine
keeps first-seen order. Histogram and exponential-histogram metrics are not aggregated locally.

`HasAttrOnDatapoint` compares only the first point that has the key, as the 0.128 code does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.engine.ottl.errors import OttlRuntimeError
from app.engine.ottl.values import as_string, wrap_int64
from app.engine.pdata import Metric, NumberDataPoint, attributes_key

Fn = Callable[[Any], Any]


def _int_value(dp: NumberDataPoint) -> int:
    return dp.value if type(dp.value) is int else int(dp.value)


def _merge(points: list[NumberDataPoint], function: str) -> NumberDataPoint:
    first = points[0]
    merged = NumberDataPoint(
        first.attributes, first.start_time_unix_nano, first.time_unix_nano, first.value, first.flags
    )
    start = min(p.start_time_unix_nano for p in points)
    is_double = type(first.value) is float
    values = [float(p.value) if is_double else _int_value(p) for p in points]
    if len(points) == 1:
        return merged
    merged.start_time_unix_nano = start
    if function in ("sum", "mean"):
        if is_double:
            total: float | int = sum(values)
        else:  # the Go code adds IntValue(), which is 0 for a double point, in int64 (it wraps)
            total = wrap_int64(first.value + sum(p.value if type(p.value) is int else 0 for p in points[1:]))
        if function == "mean":
            n = len(points)
            # Go's integer division truncates toward zero (exactly, even past 2**53).
            total = total / n if is_double else -(-total // n) if total < 0 else total // n
        merged.value = total
    elif function == "max":
        merged.value = max(values)
    elif function == "min":
        merged.value = min(values)
    elif function == "median":
        ordered, mid = sorted(values), len(values) // 2
        if len(ordered) % 2:
            merged.value = ordered[mid]
        else:
            pair = ordered[mid - 1] + ordered[mid]
            merged.value = pair / 2 if is_double else int(wrap_int64(pair) / 2)
    elif function == "count":
        merged.value = float(len(points)) if is_double else len(points)
    return merged


def aggregate_on_attributes(metric: Metric, function: str, keep: list[str] | None) -> None:
    """Aggregate the metric's points in place, grouping by the kept attributes (and timestamps)."""
    if metric.type == "summary":
        raise OttlRuntimeError("aggregate_on_attributes does not support aggregating Summary metrics")
    if metric.type in ("histogram", "exponential_histogram"):
        raise OttlRuntimeError(
            f"aggregate_on_attributes on {metric.type} metrics is valid but not supported by the local engine"
        )
    if keep is not None:
        wanted = frozenset(keep)
        for dp in metric.data_points:
            for key in [k for k in dp.attributes if k not in wanted]:
                del dp.attributes[key]
    by_start = metric.type == "sum" and metric.aggregation_temporality == "delta"
    groups: dict[tuple, list[NumberDataPoint]] = {}
    for dp in metric.data_points:
        start = dp.start_time_unix_nano if by_start else None
        key = (attributes_key(dp.attributes), dp.time_unix_nano, start)
        groups.setdefault(key, []).append(dp)  # type: ignore[arg-type]
    metric.data_points = [_merge(points, function) for points in groups.values()]


def _aggregate(args: list) -> Fn:
    function, keep = args
    return lambda tc: aggregate_on_attributes(tc.metric, function, keep)


def _sum_to_gauge(args: list) -> Fn:
    def run(tc: Any) -> None:
        metric = tc.metric
        if metric.type == "sum":
            metric.type, metric.is_monotonic, metric.aggregation_temporality = "gauge", False, "unspecified"

    return run


def _gauge_to_sum(args: list) -> Fn:
    temporality, monotonic = args

    def run(tc: Any) -> None:
        metric = tc.metric
        if metric.type == "gauge":
            metric.type, metric.is_monotonic, metric.aggregation_temporality = "sum", monotonic, temporality

    return run


def _scale_metric(args: list) -> Fn:
    factor, unit = args

    def run(tc: Any) -> None:
        metric = tc.metric
        if metric.type not in ("gauge", "sum"):
            raise OttlRuntimeError(
                f"scale_metric on {metric.type} metrics is valid but not supported by the local engine"
            )
        for dp in metric.data_points:
            dp.value = dp.value * factor if type(dp.value) is float else int(dp.value * factor)
        if unit is not None:
            metric.unit = as_string(unit(tc))

    return run


def _copy_metric(args: list) -> Fn:
    name, description, unit = args

    def run(tc: Any) -> None:
        copy = tc.metric.deep_copy()
        if name is not None:
            copy.name = as_string(name(tc))
        if description is not None:
            copy.description = as_string(description(tc))
        if unit is not None:
            copy.unit = as_string(unit(tc))
        tc.metrics.append(copy)

    return run


TRANSFORM_METRIC: dict[str, Callable[[list], Fn]] = {
    "aggregate_on_attributes": _aggregate,
    "convert_sum_to_gauge": _sum_to_gauge,
    "convert_gauge_to_sum": _gauge_to_sum,
    "scale_metric": _scale_metric,
    "copy_metric": _copy_metric,
}


def _has_attr(args: list) -> Fn:
    key, expected = (args[0], args[1]) if len(args) > 1 else (args[0], None)

    def run(tc: Any) -> bool:
        for dp in tc.metric.data_points:
            if key in dp.attributes:
                if expected is None:
                    return True
                value = dp.attributes[key]
                return (value if type(value) is str else "") == expected
        return False

    return run


FILTER_METRIC: dict[str, Callable[[list], Fn]] = {
    "HasAttrOnDatapoint": _has_attr,
    "HasAttrKeyOnDatapoint": _has_attr,
}
