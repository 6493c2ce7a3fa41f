"""Golden cases for groupbyattrs (README + processor.go): keys move from datapoints to the resource,
identical resources compact into one, same-named metrics merge with points appended, nothing summed."""

from __future__ import annotations

from app.engine.pdata import Metric, MetricsBatch, NumberDataPoint, Resource, ResourceMetrics, ScopeMetrics
from app.engine.pipeline import build_processor
from tests.engine.builders import batch, metric, process

STRIPPED = {"process.pid": 0, "process.parent_pid": 0, "process.command_line": "", "process.command": ""}


def _group(keys: list[str] | None = None):  # type: ignore[no-untyped-def]
    return build_processor("groupbyattrs/x", "groupbyattrs", {"keys": keys or []})


def test_empty_keys_compact_identical_resources_and_append_points() -> None:
    out = _group().process(
        batch(process(1, "w", rss=10, extra=STRIPPED), process(2, "w", rss=20, extra=STRIPPED), process(3, "other"))
    )
    assert len(out.resource_metrics) == 2
    memory = metric(out, "process.memory.usage")
    assert [dp.value for dp in memory.data_points] == [10, 20]  # appended, never summed
    assert len(metric(out, "process.cpu.time").data_points) == 6
    assert len(out.resource_metrics[0].scope_metrics) == 1  # same scope name and version -> one scope


def test_different_resources_stay_apart() -> None:
    out = _group().process(batch(process(1, "w"), process(2, "w")))
    assert len(out.resource_metrics) == 2  # pids differ


def test_keys_move_datapoint_attributes_to_the_resource() -> None:
    out = _group(["direction"]).process(batch(process(1, "w")))
    resources = {rm.resource.attributes.get("direction"): rm for rm in out.resource_metrics}
    assert set(resources) == {None, "read", "write"}
    read = resources["read"]
    disk = read.scope_metrics[0].metrics[0]
    assert disk.name == "process.disk.io" and disk.data_points[0].attributes == {}
    assert read.resource.attributes["process.pid"] == 1  # original resource attributes are kept


def test_moved_keys_override_resource_attributes_of_the_same_name() -> None:
    rm = ResourceMetrics(
        Resource({"team": "a"}),
        [
            ScopeMetrics(
                "s", "1", {}, [Metric("m", type="gauge", data_points=[NumberDataPoint({"team": "b"}, 0, 1, 1.0)])]
            )
        ],
    )
    out = _group(["team"]).process(MetricsBatch([rm]))
    assert out.resource_metrics[0].resource.attributes == {"team": "b"}


def test_metrics_merge_only_with_the_same_name_and_type() -> None:
    def resource(metric_type: str) -> ResourceMetrics:
        temporality = "cumulative" if metric_type == "sum" else "unspecified"
        m = Metric(
            "m", type=metric_type, aggregation_temporality=temporality, data_points=[NumberDataPoint({}, 0, 1, 1)]
        )
        return ResourceMetrics(Resource({"a": 1}), [ScopeMetrics("s", "1", {}, [m])])

    out = _group().process(MetricsBatch([resource("sum"), resource("gauge"), resource("sum")]))
    merged = out.resource_metrics[0].scope_metrics[0].metrics
    assert [(m.type, len(m.data_points)) for m in merged] == [("sum", 2), ("gauge", 1)]


def test_scopes_with_another_version_are_not_merged() -> None:
    def resource(version: str) -> ResourceMetrics:
        return ResourceMetrics(
            Resource({"a": 1}),
            [ScopeMetrics("s", version, {}, [Metric("m", type="gauge", data_points=[NumberDataPoint({}, 0, 1, 1)])])],
        )

    out = _group().process(MetricsBatch([resource("1"), resource("2")]))
    assert [sm.scope_version for sm in out.resource_metrics[0].scope_metrics] == ["1", "2"]


def test_metrics_without_points_disappear() -> None:
    rm = ResourceMetrics(Resource({"a": 1}), [ScopeMetrics("s", "1", {}, [Metric("empty", type="gauge")])])
    assert _group().process(MetricsBatch([rm])).resource_metrics == []
