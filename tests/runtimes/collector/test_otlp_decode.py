"""The sink's direct protobuf decoder gives exactly what the OTLP-JSON path gives (protobuf's
`MessageToDict`, then `MetricsBatch.from_dict`), on a simulated host and on every value shape."""

from __future__ import annotations

import pytest
from google.protobuf.json_format import MessageToDict, ParseDict
from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import ExportMetricsServiceRequest

from app.engine.pdata import MetricsBatch
from app.runtimes.collector.otlp_decode import batch_from_request
from app.simulation.profiles import get_profile
from app.simulation.snapshots import synthesize_snapshot


def _both_ways(otlp_json: dict) -> tuple[MetricsBatch, MetricsBatch]:
    request = ParseDict(otlp_json, ExportMetricsServiceRequest())
    via_json = MetricsBatch.from_dict(MessageToDict(request, use_integers_for_enums=True))
    return batch_from_request(request), via_json


def test_a_simulated_host_decodes_the_same_both_ways() -> None:
    snapshot = synthesize_snapshot(get_profile("high-cardinality", process_count=1000, seed=5))
    direct, via_json = _both_ways(snapshot.batch.to_dict())
    assert direct == via_json
    assert sum(len(m.data_points) for _, _, m in direct.iter_metrics()) > 1000


def _metric(name: str, body: dict) -> dict:
    return {
        "resourceMetrics": [
            {"resource": {}, "scopeMetrics": [{"scope": {"name": "s"}, "metrics": [{"name": name, **body}]}]}
        ]
    }


ATTRIBUTES = [
    {"key": "s", "value": {"stringValue": "x"}},
    {"key": "i", "value": {"intValue": "-7"}},
    {"key": "d", "value": {"doubleValue": 1.5}},
    {"key": "b", "value": {"boolValue": True}},
    {"key": "raw", "value": {"bytesValue": "AAE="}},
    {"key": "list", "value": {"arrayValue": {"values": [{"intValue": "1"}, {"stringValue": "a"}]}}},
    {"key": "map", "value": {"kvlistValue": {"values": [{"key": "k", "value": {"boolValue": False}}]}}},
    {"key": "empty", "value": {}},
]
POINT = {"attributes": ATTRIBUTES, "startTimeUnixNano": "5", "timeUnixNano": "9", "flags": 1}
SHAPES = {
    "gauge of ints": {"gauge": {"dataPoints": [{**POINT, "asInt": "42"}]}},
    "gauge without a value": {"gauge": {"dataPoints": [POINT]}},
    "monotonic delta sum of doubles": {
        "sum": {"dataPoints": [{**POINT, "asDouble": 0.25}], "aggregationTemporality": 1, "isMonotonic": True}
    },
    "histogram": {
        "histogram": {
            "dataPoints": [{**POINT, "count": "3", "sum": 6.0, "bucketCounts": ["1", "2"], "explicitBounds": [1.0]}],
            "aggregationTemporality": 2,
        }
    },
    "summary": {"summary": {"dataPoints": [{**POINT, "count": "2", "sum": 3.0}]}},
    "exponential histogram": {
        "exponentialHistogram": {"dataPoints": [{**POINT, "scale": 2, "zeroCount": "1"}], "aggregationTemporality": 1}
    },
}


@pytest.mark.parametrize("body", SHAPES.values(), ids=SHAPES.keys())
def test_every_value_shape_decodes_the_same_both_ways(body: dict) -> None:
    direct, via_json = _both_ways(_metric("m", body))
    assert direct == via_json


def test_a_metric_without_data_is_refused_both_ways() -> None:
    request = ParseDict(_metric("empty", {}), ExportMetricsServiceRequest())
    with pytest.raises(ValueError, match="no gauge/sum"):
        batch_from_request(request)
    with pytest.raises(ValueError, match="no gauge/sum"):
        MetricsBatch.from_dict(MessageToDict(request))
