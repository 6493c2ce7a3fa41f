"""Bytes on the wire: the protobuf size of a batch sent as one OTLP `ExportMetricsServiceRequest`.

Why an exact encoder-size count instead of a flat bytes-per-point guess: per-GB backends meter
what they ingest, and in OTLP the resource attributes travel once per resource while every point
carries two fixed64 timestamps, its value and its own attributes. Rolling 1000 processes into one
group therefore saves far more bytes than points (their command lines and pids vanish), which a
flat per-point figure would hide. The size is uncompressed protobuf (proto3: zero scalars omitted,
oneof values always written), which is what OTLP backends meter before transport compression.
Histogram/summary points, which Phoenix never produces, are approximated by their JSON body size.
"""

from __future__ import annotations

import json
from typing import Any

from app.engine.pdata import TEMPORALITY_ENUM, Metric, MetricsBatch, NumberDataPoint, ResourceMetrics


def _varint(value: int) -> int:
    if value < 0:
        return 10
    size = 1
    while value >= 0x80:
        value >>= 7
        size += 1
    return size


def _field(length: int) -> int:
    """A length-delimited field with a one-byte tag (field numbers below 16)."""
    return 1 + _varint(length) + length


def _string(text: str) -> int:
    return _field(len(text.encode())) if text else 0


def any_value_size(value: Any) -> int:
    """Size of an `AnyValue` message body."""
    if value is None:
        return 0
    if type(value) is str:
        return _field(len(value.encode()))
    if type(value) is bool:
        return 2
    if type(value) is int:
        return 1 + _varint(value)
    if type(value) is float:
        return 9
    if type(value) is bytes:
        return _field(len(value))
    if type(value) is list:
        return _field(sum(_field(any_value_size(v)) for v in value))
    if type(value) is dict:
        return _field(attributes_size(value))
    return _field(len(str(value).encode()))


def attributes_size(attributes: dict[str, Any]) -> int:
    """Size of a repeated `KeyValue` field (all entries, tags included)."""
    return sum(_field(_string(k) + _field(any_value_size(v))) for k, v in attributes.items())


def _point_size(dp: Any) -> int:
    size = attributes_size(dp.attributes)
    size += (9 if dp.start_time_unix_nano else 0) + (9 if dp.time_unix_nano else 0)
    if isinstance(dp, NumberDataPoint):
        size += 9  # as_double / as_int: a fixed64 oneof member, written even when zero
    else:
        size += len(json.dumps(dp.body, separators=(",", ":")))
    return size + (1 + _varint(dp.flags) if dp.flags else 0)


def metric_size(metric: Metric) -> int:
    points = sum(_field(_point_size(dp)) for dp in metric.data_points)
    body = points
    if metric.type in ("sum", "histogram", "exponential_histogram"):
        temporality = TEMPORALITY_ENUM[metric.aggregation_temporality]
        body += 2 if temporality else 0
    if metric.type == "sum" and metric.is_monotonic:
        body += 2
    size = _string(metric.name) + _string(metric.description) + _string(metric.unit) + _field(body)
    return size + (_field(attributes_size(metric.metadata)) if metric.metadata else 0)


def resource_metrics_size(rm: ResourceMetrics) -> int:
    resource = attributes_size(rm.resource.attributes)
    size = _field(resource) + _string(rm.schema_url)
    for sm in rm.scope_metrics:
        scope = _string(sm.scope_name) + _string(sm.scope_version) + attributes_size(sm.scope_attributes)
        body = _field(scope) + sum(_field(metric_size(m)) for m in sm.metrics) + _string(sm.schema_url)
        size += _field(body)
    return size


def request_size(batch: MetricsBatch) -> int:
    """Bytes of the `ExportMetricsServiceRequest` carrying the whole batch."""
    return sum(_field(resource_metrics_size(rm)) for rm in batch.resource_metrics)
