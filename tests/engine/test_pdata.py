"""The metrics data model: copies are independent, counts and series identities are right, JSON
round-trips with OTLP field names."""

from __future__ import annotations

from app.engine.pdata import (
    Metric,
    MetricsBatch,
    NumberDataPoint,
    OpaqueDataPoint,
    Resource,
    ResourceMetrics,
    ScopeMetrics,
)


def _batch() -> MetricsBatch:
    cpu = Metric(
        "process.cpu.time",
        "Total CPU seconds",
        "s",
        "sum",
        True,
        "cumulative",
        [
            NumberDataPoint({"state": "user"}, 1, 2, 1.5),
            NumberDataPoint({"state": "system"}, 1, 2, 0.5),
        ],
    )
    mem = Metric(
        "process.memory.usage",
        unit="By",
        type="sum",
        aggregation_temporality="cumulative",
        data_points=[NumberDataPoint({}, 1, 2, 1024)],
    )
    hist = Metric(
        "http.duration",
        type="histogram",
        aggregation_temporality="delta",
        data_points=[
            OpaqueDataPoint(
                {"route": "/"}, 1, 2, 0, {"count": "3", "sum": 1.5, "bucketCounts": ["1", "2"], "explicitBounds": [1.0]}
            ),
        ],
    )
    resource = Resource(
        {
            "process.pid": 42,
            "process.executable.name": "nginx",
            "tags": ["a", "b"],
            "labels": {"team": "web"},
            "up": True,
        }
    )
    scope = ScopeMetrics("otelcol/hostmetricsreceiver/process", "0.128.0", {}, [cpu, mem, hist])
    other = ResourceMetrics(Resource({"process.pid": 43}), [ScopeMetrics(metrics=[mem.deep_copy()])])
    return MetricsBatch([ResourceMetrics(resource, [scope]), other])


def test_counts_and_series_keys() -> None:
    batch = _batch()
    assert batch.metric_count() == 4
    assert batch.data_point_count() == 5
    assert batch.series_count() == 5
    # Same resource, metric and point attributes twice is still one series.
    batch.resource_metrics[0].scope_metrics[0].metrics[1].data_points.append(NumberDataPoint({}, 3, 4, 7))
    assert batch.data_point_count() == 6
    assert batch.series_count() == 5


def test_series_keys_keep_value_types_apart() -> None:
    def one(value: object) -> MetricsBatch:
        metric = Metric("m", data_points=[NumberDataPoint({"k": value})])
        return MetricsBatch([ResourceMetrics(Resource(), [ScopeMetrics(metrics=[metric])])])

    keys = one(1).series_keys() | one(1.0).series_keys() | one(True).series_keys() | one("1").series_keys()
    assert len(keys) == 4


def test_deep_copy_is_independent() -> None:
    batch = _batch()
    copy = batch.deep_copy()
    assert copy == batch
    copy.resource_metrics[0].resource.attributes["labels"]["team"] = "db"
    copy.resource_metrics[0].resource.attributes["tags"].append("c")
    copy.resource_metrics[0].scope_metrics[0].metrics[0].data_points[0].attributes["state"] = "wait"
    copy.resource_metrics[0].scope_metrics[0].metrics[2].data_points[0].body["bucketCounts"].append("9")
    original = batch.resource_metrics[0]
    assert original.resource.attributes["labels"] == {"team": "web"}
    assert original.resource.attributes["tags"] == ["a", "b"]
    assert original.scope_metrics[0].metrics[0].data_points[0].attributes["state"] == "user"
    assert original.scope_metrics[0].metrics[2].data_points[0].body["bucketCounts"] == ["1", "2"]


def test_json_round_trip_uses_otlp_field_names() -> None:
    batch = _batch()
    data = batch.to_dict()
    rm = data["resourceMetrics"][0]
    attrs = {a["key"]: a["value"] for a in rm["resource"]["attributes"]}
    assert attrs["process.pid"] == {"intValue": "42"}
    assert attrs["up"] == {"boolValue": True}
    assert attrs["tags"] == {"arrayValue": {"values": [{"stringValue": "a"}, {"stringValue": "b"}]}}
    metric = rm["scopeMetrics"][0]["metrics"][0]
    assert metric["sum"]["aggregationTemporality"] == 2
    assert metric["sum"]["isMonotonic"] is True
    assert metric["sum"]["dataPoints"][0]["asDouble"] == 1.5
    assert rm["scopeMetrics"][0]["metrics"][1]["sum"]["dataPoints"][0]["asInt"] == "1024"
    assert rm["scopeMetrics"][0]["metrics"][2]["histogram"]["dataPoints"][0]["count"] == "3"
    assert MetricsBatch.from_dict(data) == batch


def test_from_dict_accepts_enum_names_and_numbers() -> None:
    data = {
        "resourceMetrics": [
            {
                "resource": {},
                "scopeMetrics": [
                    {
                        "scope": {},
                        "metrics": [
                            {
                                "name": "a",
                                "sum": {
                                    "aggregationTemporality": "AGGREGATION_TEMPORALITY_DELTA",
                                    "dataPoints": [{"asInt": 3, "timeUnixNano": 5}],
                                },
                            },
                            {"name": "b", "gauge": {"dataPoints": [{"asDouble": 2}]}},
                        ],
                    }
                ],
            }
        ]
    }
    batch = MetricsBatch.from_dict(data)
    a, b = batch.resource_metrics[0].scope_metrics[0].metrics
    assert a.aggregation_temporality == "delta" and a.data_points[0].value == 3
    assert b.type == "gauge" and b.data_points[0].value == 2.0 and type(b.data_points[0].value) is float
