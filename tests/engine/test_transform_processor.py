"""Golden cases for the transform processor (README for 0.120+): groups run in order over the whole
payload, group conditions gate statements, error_mode, inferred contexts, aggregate_on_attributes."""

from __future__ import annotations

import pytest

from app.engine.components.groupbyattrs.config import GroupByAttrsConfig
from app.engine.components.groupbyattrs.processor import GroupByAttrsProcessor
from app.engine.components.processing import PayloadDropped
from app.engine.errors import EngineError, EngineUnsupported
from app.engine.pipeline import build_processor
from tests.engine.builders import batch, metric, process, values

NAME = 'resource.attributes["process.executable.name"]'


def _transform(groups: list, error_mode: str | None = "ignore"):  # type: ignore[no-untyped-def]
    body: dict = {"metric_statements": groups}
    if error_mode:
        body["error_mode"] = error_mode
    return build_processor("transform/test", "transform", body)


def test_a_datapoint_group_completes_before_the_next_resource_group_reads_its_marks() -> None:
    processor = _transform(
        [
            {
                "context": "datapoint",
                "statements": [
                    'set(resource.attributes["heavy"], true) where metric.name == "process.memory.usage"'
                    " and value_int > 500"
                ],
            },
            {
                "context": "resource",
                "statements": ['set(resource.attributes["group"], "other") where resource.attributes["heavy"] == nil'],
            },
        ]
    )
    out = processor.process(batch(process(1, "big", rss=1000), process(2, "small", rss=10)))
    big, small = (rm.resource.attributes for rm in out.resource_metrics)
    assert big.get("heavy") is True and "group" not in big
    assert small.get("group") == "other" and "heavy" not in small


def test_group_conditions_are_ored_and_gate_every_statement() -> None:
    processor = _transform(
        [
            {
                "context": "resource",
                "conditions": [f'{NAME} == "a"', f'{NAME} == "b"'],
                "statements": ['set(resource.attributes["x"], 1)', 'delete_key(resource.attributes, "process.owner")'],
            }
        ]
    )
    out = processor.process(batch(process(1, "a"), process(2, "b"), process(3, "c")))
    a, b, c = (rm.resource.attributes for rm in out.resource_metrics)
    assert a["x"] == 1 and b["x"] == 1 and "x" not in c
    assert "process.owner" not in a and "process.owner" in c


def test_error_mode_ignore_skips_the_failing_statement_and_continues() -> None:
    processor = _transform(
        [
            {
                "context": "resource",
                "statements": [
                    # indexing a string fails
                    'set(resource.attributes["y"], resource.attributes["process.owner"]["no"])',
                    'set(resource.attributes["z"], "ran")',
                ],
            }
        ]
    )
    attributes = processor.process(batch(process(1, "a"))).resource_metrics[0].resource.attributes
    assert attributes["z"] == "ran" and "y" not in attributes


def test_error_mode_propagate_drops_the_payload() -> None:
    processor = _transform(
        [
            {
                "context": "resource",
                "statements": ['set(resource.attributes["y"], resource.attributes["process.owner"]["no"])'],
            }
        ],
        error_mode="propagate",
    )
    with pytest.raises(PayloadDropped, match="transform/test"):
        processor.process(batch(process(1, "a")))


def test_a_group_error_mode_overrides_the_processor_one() -> None:
    processor = _transform(
        [
            {
                "context": "resource",
                "error_mode": "silent",
                "statements": ['set(resource.attributes["y"], resource.attributes["process.owner"]["no"])'],
            }
        ],
        error_mode="propagate",
    )
    assert processor.process(batch(process(1, "a"))).resource_metrics


def test_the_basic_style_infers_the_context_from_path_prefixes() -> None:
    processor = _transform(['set(resource.attributes["team"], "db") where resource.attributes["process.pid"] == 1'])
    out = processor.process(batch(process(1, "a"), process(2, "b")))
    assert [rm.resource.attributes.get("team") for rm in out.resource_metrics] == ["db", None]


def test_aggregate_on_attributes_sums_points_with_equal_kept_attributes_and_time() -> None:
    # Two processes merged under one resource (groupbyattrs), then summed per state.
    merged = GroupByAttrsProcessor("groupbyattrs", GroupByAttrsConfig()).process(
        batch(
            process(1, "w", cpu=(1.0, 2.0, 0.0), extra={"process.pid": 0, "process.command_line": ""}),
            process(2, "w", cpu=(3.0, 4.0, 0.5), extra={"process.pid": 0, "process.command_line": ""}),
        )
    )
    assert len(merged.resource_metrics) == 1 and len(metric(merged, "process.cpu.time").data_points) == 6
    out = _transform(
        [
            {
                "context": "metric",
                "statements": [
                    'aggregate_on_attributes("sum", ["state"]) where metric.name == "process.cpu.time"',
                    'aggregate_on_attributes("sum", []) where metric.name == "process.memory.usage"',
                ],
            }
        ]
    ).process(merged)
    assert values(metric(out, "process.cpu.time")) == {
        (("state", "user"),): 4.0,
        (("state", "system"),): 6.0,
        (("state", "wait"),): 0.5,
    }
    assert values(metric(out, "process.memory.usage")) == {(): 2000}


def test_points_with_different_timestamps_are_not_merged() -> None:
    merged = GroupByAttrsProcessor("g", GroupByAttrsConfig()).process(
        batch(
            process(1, "w", time=1, extra={"process.pid": 0, "process.command_line": ""}),
            process(2, "w", time=2, extra={"process.pid": 0, "process.command_line": ""}),
        )
    )
    out = _transform(
        [
            {
                "context": "metric",
                "statements": ['aggregate_on_attributes("sum", []) where metric.name == "process.memory.usage"'],
            }
        ]
    ).process(merged)
    assert len(metric(out, "process.memory.usage").data_points) == 2


def test_invalid_ottl_is_an_engine_error_naming_the_component() -> None:
    with pytest.raises(EngineError, match="transform/test"):
        _transform([{"context": "resource", "statements": ['set(resource.attributes["x"] 1)']}])


def test_valid_ottl_the_engine_cannot_run_is_unsupported() -> None:
    with pytest.raises(EngineUnsupported, match="transform/test"):
        _transform(
            [
                {
                    "context": "resource",
                    "statements": [
                        'set(resource.attributes["x"], "1") where IsMatch(resource.attributes["a"], "\\\\pL{1000}")'
                    ],
                }
            ]
        )


def test_flatten_data_is_unsupported() -> None:
    with pytest.raises(EngineUnsupported):
        build_processor(
            "transform",
            "transform",
            {
                "flatten_data": True,
                "metric_statements": [{"context": "resource", "statements": ['set(resource.attributes["x"], 1)']}],
            },
        )


def test_error_mode_ignore_is_the_default_since_0_153() -> None:
    processor = _transform(
        [
            {
                "context": "resource",
                "statements": [
                    'set(resource.attributes["y"], resource.attributes["process.owner"]["no"])',
                    'set(resource.attributes["z"], "ran")',
                ],
            }
        ],
        error_mode=None,
    )
    attributes = processor.process(batch(process(1, "a"))).resource_metrics[0].resource.attributes
    assert attributes["z"] == "ran" and "y" not in attributes
