"""OTLP protobuf metrics straight into the engine's data model (`app.engine.pdata`).

The sink decodes every scrape a local collector exports, input and output, so decoding is on the
hot path: going through protobuf's `MessageToDict` and `MetricsBatch.from_dict` cost ~30 ms per
thousand data points, which on a host with a thousand processes and a 2 s scrape is most of a core
held under the GIL. This reads the message's fields directly and gives the same `MetricsBatch`
(tests/runtimes/collector/test_otlp_decode.py proves it equal to the JSON path). Gauge and sum
points, all a hostmetrics receiver emits, are read field by field; histogram, exponential-histogram
and summary points keep their OTLP-JSON body, as the JSON path does.
"""

from __future__ import annotations

from typing import Any

from google.protobuf.json_format import MessageToDict
from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import ExportMetricsServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue

from app.engine.pdata import (
    DATA_POINT_COMMON_FIELDS,
    TEMPORALITY_BY_NUMBER,
    Attributes,
    DataPoint,
    Metric,
    MetricsBatch,
    NumberDataPoint,
    OpaqueDataPoint,
    Resource,
    ResourceMetrics,
    ScopeMetrics,
)

_OPAQUE_TYPES = {"histogram": "histogram", "exponential_histogram": "exponential_histogram", "summary": "summary"}


def _value(value: AnyValue) -> Any:
    kind = value.WhichOneof("value")
    if kind == "string_value":
        return value.string_value
    if kind == "int_value":
        return value.int_value
    if kind == "double_value":
        return value.double_value
    if kind == "bool_value":
        return value.bool_value
    if kind == "bytes_value":
        return bytes(value.bytes_value)
    if kind == "array_value":
        return [_value(v) for v in value.array_value.values]
    if kind == "kvlist_value":
        return _attributes(value.kvlist_value.values)
    return None  # an empty AnyValue


def _attributes(items: Any) -> Attributes:
    return {item.key: _value(item.value) for item in items}


def _number_points(points: Any) -> list[DataPoint]:
    out: list[DataPoint] = []
    for dp in points:
        value: int | float = dp.as_double if dp.WhichOneof("value") == "as_double" else dp.as_int
        out.append(
            NumberDataPoint(_attributes(dp.attributes), dp.start_time_unix_nano, dp.time_unix_nano, value, dp.flags)
        )
    return out


def _opaque_points(points: Any) -> list[DataPoint]:
    out: list[DataPoint] = []
    for dp in points:
        body = MessageToDict(dp, use_integers_for_enums=True)
        rest = {k: v for k, v in body.items() if k not in DATA_POINT_COMMON_FIELDS}
        out.append(
            OpaqueDataPoint(_attributes(dp.attributes), dp.start_time_unix_nano, dp.time_unix_nano, dp.flags, rest)
        )
    return out


def _metric(metric: Any) -> Metric:
    kind = metric.WhichOneof("data")
    out = Metric(metric.name, metric.description, metric.unit, metadata=_attributes(metric.metadata))
    if kind == "gauge":
        out.type, out.data_points = "gauge", _number_points(metric.gauge.data_points)
    elif kind == "sum":
        out.type = "sum"
        out.is_monotonic = metric.sum.is_monotonic
        out.aggregation_temporality = TEMPORALITY_BY_NUMBER.get(metric.sum.aggregation_temporality, "unspecified")
        out.data_points = _number_points(metric.sum.data_points)
    elif kind in _OPAQUE_TYPES:
        body = getattr(metric, kind)
        out.type = _OPAQUE_TYPES[kind]  # type: ignore[assignment]
        if kind != "summary":
            out.aggregation_temporality = TEMPORALITY_BY_NUMBER.get(body.aggregation_temporality, "unspecified")
        out.data_points = _opaque_points(body.data_points)
    else:
        raise ValueError(f"metric {metric.name!r} has no gauge/sum/histogram/summary body")
    return out


def batch_from_request(request: ExportMetricsServiceRequest) -> MetricsBatch:
    """The request's metrics as a `MetricsBatch` (the same value `MetricsBatch.from_dict` gives for
    its OTLP-JSON form)."""
    return MetricsBatch(
        [
            ResourceMetrics(
                Resource(_attributes(rm.resource.attributes), rm.resource.dropped_attributes_count),
                [
                    ScopeMetrics(
                        sm.scope.name,
                        sm.scope.version,
                        _attributes(sm.scope.attributes),
                        [_metric(m) for m in sm.metrics],
                        sm.schema_url,
                        sm.scope.dropped_attributes_count,
                    )
                    for sm in rm.scope_metrics
                ],
                rm.schema_url,
            )
            for rm in request.resource_metrics
        ]
    )
