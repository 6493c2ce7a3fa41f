"""Golden cases for the filter processor, written from its 0.128 README: conditions DROP what they
match, metric vs datapoint context, empty metrics/resources vanish, error_mode."""

from __future__ import annotations

import pytest

from app.engine.components.filter.config import FilterConfig
from app.engine.components.processing import PayloadDropped
from app.engine.errors import EngineUnsupported
from app.engine.pipeline import build_processor
from tests.engine.builders import batch, metric, names, process

NAME = 'resource.attributes["process.executable.name"]'


def _filter(body: dict):  # type: ignore[no-untyped-def]
    return build_processor("filter/test", "filter", {"error_mode": "ignore", **body})


def test_a_matching_metric_condition_drops_the_whole_process() -> None:
    out = _filter({"metrics": {"metric": [f'{NAME} == "bash"']}}).process(
        batch(process(1, "postgres"), process(2, "bash"), process(3, "nginx"))
    )
    assert names(out) == ["postgres", "nginx"]  # bash lost every metric, so its resource is removed


def test_a_keep_list_is_written_as_not() -> None:
    out = _filter({"metrics": {"metric": [f'not IsMatch({NAME}, "^(postgres|nginx)$")']}}).process(
        batch(process(1, "postgres"), process(2, "bash"), process(3, "nginx"), process(4, "sleep"))
    )
    assert names(out) == ["postgres", "nginx"]


def test_conditions_are_ored() -> None:
    out = _filter({"metrics": {"metric": [f'{NAME} == "bash"', f'{NAME} == "sleep"']}}).process(
        batch(process(1, "postgres"), process(2, "bash"), process(4, "sleep"))
    )
    assert names(out) == ["postgres"]


def test_datapoint_conditions_drop_points_and_metrics_left_empty() -> None:
    out = _filter(
        {
            "metrics": {
                "datapoint": [
                    'metric.name == "process.cpu.utilization" and value_double < 0.5',
                    'metric.name == "process.disk.io" and attributes["direction"] == "read"',
                ]
            }
        }
    ).process(batch(process(1, "bash", util=0.01)))
    assert metric(out, "process.cpu.utilization") is None  # every point dropped -> metric dropped
    disk = metric(out, "process.disk.io")
    assert [dp.attributes["direction"] for dp in disk.data_points] == ["write"]
    assert metric(out, "process.cpu.time") is not None and len(metric(out, "process.cpu.time").data_points) == 3


def test_a_matching_metric_condition_skips_its_datapoint_conditions() -> None:
    # The datapoint condition would fail to evaluate (indexing a string); because the metric
    # condition already dropped every metric, it is never evaluated and propagate does not fire.
    processor = build_processor(
        "filter",
        "filter",
        {
            "error_mode": "propagate",
            "metrics": {"metric": ["true"], "datapoint": ['resource.attributes["process.owner"]["x"] == "y"']},
        },
    )
    assert processor.process(batch(process(1, "bash"))).resource_metrics == []


def test_error_mode_ignore_treats_a_failing_condition_as_false() -> None:
    failing = 'resource.attributes["process.owner"]["x"] == "y"'  # a string cannot be indexed
    out = _filter({"metrics": {"metric": [failing, f'{NAME} == "bash"']}}).process(
        batch(process(1, "postgres"), process(2, "bash"))
    )
    assert names(out) == ["postgres"]  # the second condition still ran


def test_error_mode_propagate_drops_the_payload() -> None:
    processor = build_processor(
        "filter",
        "filter",
        {"error_mode": "propagate", "metrics": {"metric": ['resource.attributes["process.owner"]["x"] == "y"']}},
    )
    with pytest.raises(PayloadDropped, match="filter"):
        processor.process(batch(process(1, "postgres")))


def test_error_mode_ignore_is_the_default_since_0_153() -> None:
    processor = build_processor(
        "filter", "filter", {"metrics": {"metric": ['resource.attributes["process.owner"]["x"] == "y"']}}
    )
    assert names(processor.process(batch(process(1, "postgres")))) == ["postgres"]


def test_everything_dropped_leaves_an_empty_payload() -> None:
    out = _filter({"metrics": {"metric": ["true"]}}).process(batch(process(1, "a"), process(2, "b")))
    assert out.resource_metrics == []


def test_no_conditions_is_a_no_op() -> None:
    b = batch(process(1, "a"))
    assert build_processor("filter", "filter", FilterConfig().model_dump(exclude_none=True)).process(b) is b


def test_legacy_exclude_by_metric_name_strict() -> None:
    out = _filter(
        {"error_mode": None, "metrics": {"exclude": {"match_type": "strict", "metric_names": ["process.disk.io"]}}}
    ).process(batch(process(1, "a")))
    assert metric(out, "process.disk.io") is None and metric(out, "process.cpu.time") is not None


def test_legacy_include_regexp_keeps_only_matching_names() -> None:
    out = _filter(
        {"error_mode": None, "metrics": {"include": {"match_type": "regexp", "metric_names": ["cpu"]}}}
    ).process(batch(process(1, "a")))
    assert {m.name for m in out.resource_metrics[0].scope_metrics[0].metrics} == {
        "process.cpu.time",
        "process.cpu.utilization",
    }  # regexp is an unanchored search


def test_expr_match_type_is_refused() -> None:
    with pytest.raises(EngineUnsupported, match="filter/x"):
        build_processor("filter/x", "filter", {"metrics": {"include": {"match_type": "expr", "expressions": ["true"]}}})
