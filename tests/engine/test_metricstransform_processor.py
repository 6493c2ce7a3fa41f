"""Golden cases for metricstransform (README): rename, label edits, aggregation within one metric of
one resource, insert copies, match labels, group; combine is refused."""

from __future__ import annotations

import pytest

from app.engine.errors import EngineUnsupported
from app.engine.pdata import Metric, MetricsBatch, NumberDataPoint, Resource, ResourceMetrics, ScopeMetrics
from app.engine.pipeline import build_processor
from tests.engine.builders import batch, metric, process, values


def _mt(*transforms: dict):  # type: ignore[no-untyped-def]
    return build_processor("metricstransform", "metricstransform", {"transforms": list(transforms)})


def _names(b: MetricsBatch, index: int = 0) -> list[str]:
    return [m.name for m in b.resource_metrics[index].scope_metrics[0].metrics]


def test_update_renames_a_metric() -> None:
    out = _mt({"include": "process.memory.usage", "action": "update", "new_name": "process.rss"}).process(
        batch(process(1, "a"))
    )
    assert "process.rss" in _names(out) and "process.memory.usage" not in _names(out)


def test_regexp_rename_expands_submatches() -> None:
    out = _mt(
        {"include": "^process\\.memory\\.(.*)$", "match_type": "regexp", "action": "update", "new_name": "mem.$1"}
    ).process(batch(process(1, "a")))
    assert {"mem.usage", "mem.virtual"} <= set(_names(out))


def test_aggregate_labels_sums_away_the_other_labels() -> None:
    out = _mt(
        {
            "include": "process.cpu.time",
            "action": "update",
            "operations": [{"action": "aggregate_labels", "label_set": [], "aggregation_type": "sum"}],
        }
    ).process(batch(process(1, "a", cpu=(1.0, 2.0, 0.25))))
    assert values(metric(out, "process.cpu.time")) == {(): 3.25}


def test_aggregation_stays_within_one_resource() -> None:
    out = _mt(
        {
            "include": "process.memory.usage",
            "action": "update",
            "operations": [{"action": "aggregate_labels", "label_set": [], "aggregation_type": "sum"}],
        }
    ).process(batch(process(1, "a", rss=10), process(2, "a", rss=20)))
    assert [values(metric(out, "process.memory.usage", i)) for i in (0, 1)] == [{(): 10}, {(): 20}]


def test_aggregate_label_values_merges_the_listed_values() -> None:
    out = _mt(
        {
            "include": "process.cpu.time",
            "action": "update",
            "operations": [
                {
                    "action": "aggregate_label_values",
                    "label": "state",
                    "aggregated_values": ["system", "wait"],
                    "new_value": "kernel",
                    "aggregation_type": "sum",
                }
            ],
        }
    ).process(batch(process(1, "a", cpu=(1.0, 2.0, 0.5))))
    assert values(metric(out, "process.cpu.time")) == {(("state", "user"),): 1.0, (("state", "kernel"),): 2.5}


def test_update_label_renames_the_key_and_maps_values() -> None:
    out = _mt(
        {
            "include": "process.cpu.time",
            "action": "update",
            "operations": [
                {
                    "action": "update_label",
                    "label": "state",
                    "new_label": "mode",
                    "value_actions": [{"value": "wait", "new_value": "iowait"}],
                }
            ],
        }
    ).process(batch(process(1, "a")))
    assert {dict(k)["mode"] for k in values(metric(out, "process.cpu.time"))} == {"user", "system", "iowait"}


def test_add_label_does_not_overwrite_and_delete_label_value_drops_points() -> None:
    out = _mt(
        {
            "include": "process.disk.io",
            "action": "update",
            "operations": [
                {"action": "add_label", "new_label": "direction", "new_value": "x"},
                {"action": "add_label", "new_label": "device", "new_value": "sda"},
                {"action": "delete_label_value", "label": "direction", "label_value": "read"},
            ],
        }
    ).process(batch(process(1, "a")))
    assert values(metric(out, "process.disk.io")) == {(("device", "sda"), ("direction", "write")): 20}


def test_insert_appends_an_edited_copy() -> None:
    out = _mt(
        {
            "include": "process.memory.usage",
            "action": "insert",
            "new_name": "process.memory.mib",
            "operations": [{"action": "experimental_scale_value", "experimental_scale": 0.5}],
        }
    ).process(batch(process(1, "a", rss=100)))
    assert values(metric(out, "process.memory.usage")) == {(): 100}
    assert values(metric(out, "process.memory.mib")) == {(): 50}


def test_match_labels_restrict_which_points_change() -> None:
    out = _mt(
        {
            "include": "process.cpu.time",
            "action": "update",
            "experimental_match_labels": {"state": "user"},
            "new_name": "renamed",
            "operations": [
                {"action": "toggle_scalar_data_type"},
                {"action": "aggregate_labels", "label_set": [], "aggregation_type": "sum"},
            ],
        }
    ).process(batch(process(1, "a", cpu=(1.0, 2.0, 0.0))))
    cpu = metric(out, "process.cpu.time")  # not every point matched: no rename, no aggregation
    assert cpu is not None and values(cpu)[(("state", "user"),)] == 1 and type(values(cpu)[(("state", "user"),)]) is int
    assert type(values(cpu)[(("state", "system"),)]) is float


def test_a_metric_whose_points_are_all_deleted_is_removed() -> None:
    m = Metric("m", type="gauge", data_points=[NumberDataPoint({"k": "v"}, 0, 1, 1.0)])
    b = MetricsBatch([ResourceMetrics(Resource({}), [ScopeMetrics("s", "1", {}, [m])])])
    out = _mt(
        {
            "include": "m",
            "action": "update",
            "operations": [{"action": "delete_label_value", "label": "k", "label_value": "v"}],
        }
    ).process(b)
    assert out.resource_metrics == []


def test_group_moves_metrics_to_a_new_resource() -> None:
    out = _mt({"include": "process.disk.io", "action": "group", "group_resource_labels": {"kind": "disk"}}).process(
        batch(process(1, "a"))
    )
    assert "process.disk.io" not in _names(out, 0)
    grouped = out.resource_metrics[1]
    assert grouped.resource.attributes["kind"] == "disk" and grouped.resource.attributes["process.pid"] == 1
    assert [m.name for m in grouped.scope_metrics[0].metrics] == ["process.disk.io"]


def test_combine_is_unsupported() -> None:
    with pytest.raises(EngineUnsupported, match="combine"):
        _mt(
            {
                "include": "^process\\.memory\\.(.*)$",
                "match_type": "regexp",
                "action": "combine",
                "new_name": "mem",
                "aggregation_type": "sum",
            }
        )
