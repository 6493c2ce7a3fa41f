"""The checker rejects what the pinned collector (0.159.0) rejects when it loads a config: unknown paths
and functions, wrong arities and literal types, editors in conditions, functions outside their processor
or context, invalid regexes; and accepts the prefixed and unprefixed path forms the contexts allow."""

from __future__ import annotations

import pytest

from app.engine.ottl import OttlError, infer_context, parse_condition, parse_statement
from app.engine.ottl.contexts import valid_paths
from app.engine.ottl.functions import CATALOG


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ('set(attributes["x"], resource.attributes["process.pid"])', "datapoint"),
        ('set(datapoint.attributes["x"], metric.name)', "datapoint"),
        ('set(attributes["scope"], instrumentation_scope.name)', "datapoint"),
        ('set(attributes["scope"], scope.name) where scope.version != nil', "datapoint"),
        ('set(attributes["peer"], otelcol.client.addr) where otelcol.client.metadata["k"] != nil', "datapoint"),
        ('set(value_double, value_double * 100.0) where metric.unit == "1"', "datapoint"),
        ("set(flags, FLAG_NO_RECORDED_VALUE) where start_time_unix_nano > time_unix_nano", "datapoint"),
        ('set(metric.metadata["owner"], "phoenix")', "metric"),
        ('set(description, "x") where type == METRIC_DATA_TYPE_GAUGE', "metric"),
        ('set(attributes["team"], "web")', "resource"),
        ('set(resource.attributes["team"], "web")', "resource"),
        ('set(scope.name, "phoenix")', "scope"),
        ('set(name, "phoenix") where resource.attributes["host.name"] != nil', "scope"),
        ('set(cache["k"], 1)', "metric"),
        ('set(metric.cache["k"], 1)', "metric"),
        ('set(attributes["x"], "y") where Len(resource.attributes) > 3', "datapoint"),
    ],
)
def test_valid_statements(text: str, context: str) -> None:
    parse_statement(text, context)


@pytest.mark.parametrize(
    ("text", "context", "column", "fragment"),
    [
        ('set(attributes["x"], 1) where metric.nmae == "a"', "datapoint", 38, 'did you mean "metric.name"'),
        ('set(attributes["x"], 1) where name == "a"', "datapoint", 31, 'did you mean "metric.name"'),
        ('set(attributes["x"], metric.name)', "resource", 22, "only sees resource"),
        ('set(attributes["x"], scope.name)', "resource", 22, "only sees resource"),
        ('set(attributes["x"], otelcol.client)', "datapoint", 30, "unknown path"),
        ("set(resource, 1)", "datapoint", 5, "alone is not a path"),
        ('set(metric.name["k"], 1)', "datapoint", 16, "does not support indexing"),
        ('set(cache["a"], metric.cache["b"])', "datapoint", 24, "own context"),
        ('set(attributes["x"], 1) where IsMatch(attributes["a"])', "datapoint", 31, "incorrect number of arguments"),
        ('set(attributes["x"])', "datapoint", 1, "expected 2, got 1"),
        ('keep_keys(attributes, ["a"], ["b"])', "datapoint", 1, "expected 2, got 3"),
        ('set(attributes["x"], 1) where set(attributes["y"], 2)', "datapoint", 31, "is an editor"),
        ('set(attributes["x"], delete_key(attributes, "a"))', "datapoint", 22, "is an editor"),
        ('IsMatch(attributes["a"], "x")', "datapoint", 1, "is a converter"),
        ('set(attributes["x"], random())', "datapoint", 22, "no random()"),
        ('set(attributes["x"], Lenght(attributes["y"]))', "datapoint", 22, "did you mean Len?"),
        ('set(attributes["x"], Contains(attributes["a"], "b"))', "datapoint", 22, "ContainsValue"),
        ('set(attributes["x"], ToLowerCase(1))', "datapoint", 34, "expected string but got int64"),
        ('set(attributes["x"], URL(uri = "http://a"))', "datapoint", 26, "parameters: u_r_i"),
        ('set(attributes["x"], 1) where All(attributes, (k, v) => v != nil)', "datapoint", 47, "feature gate"),
        ('aggregate_on_attributes("sum")', "datapoint", 1, "metric context"),
        ('aggregate_on_attributes("avg")', "metric", 1, "valid options: sum, mean"),
        ('convert_gauge_to_sum("monthly", false)', "metric", 1, "aggregation temporality"),
        ('set(attributes["x"], 1) where HasAttrOnDatapoint("a", "b")', "metric", 5, "unknown path"),
        ('set(attributes["x"], 1) where IsMatch(attributes["a"], "(?<=x)y")', "datapoint", 56, "Perl syntax"),
        ('delete_matching_keys(attributes, "a\\\\1")', "datapoint", 34, "invalid escape sequence: `\\1`"),
        ('keep_keys(attributes, "a")', "datapoint", 23, "must be a list"),
        ('keep_keys(attributes, ["a", 1])', "datapoint", 29, "item 1: expected string but got int64"),
        ('limit(attributes, 1, ["a", "b"])', "datapoint", 1, "cannot be less than"),
        ("scale_metric(10)", "metric", 14, "float literal"),
        ('set("x", 1)', "datapoint", 5, "must be a path"),
        ('replace_all_patterns(attributes, "keys", "a", "b")', "datapoint", 1, "'key' or 'value'"),
        ('replace_pattern(attributes["a"], "a", "b", NotAFunction)', "datapoint", 44, "must name a converter"),
        ('set(attributes["x"], METRIC_DATA_TYPE_SUMM)', "datapoint", 22, "unknown enum"),
        ('set(attributes["x"], AGGREGATION_TEMPORALITY_DELTA)', "resource", 22, "unknown enum"),
        (
            'set(attributes["x"], 1) where IsMatch(target = attributes["a"], regex = "x")',
            "datapoint",
            65,
            "no parameter named 'regex'",
        ),
    ],
)
def test_check_errors(text: str, context: str, column: int, fragment: str) -> None:
    with pytest.raises(OttlError) as info:
        parse_statement(text, context)
    assert fragment in info.value.message
    assert info.value.column == column, info.value.message


def test_named_arguments_bind_by_snake_case_field_name() -> None:
    parse_statement('limit(target = attributes, limit = 5, priority_keys = ["a"])', "datapoint")
    parse_statement('set(attributes["x"], 1) where IsMatch(pattern = "a", target = metric.name)', "datapoint")
    parse_statement('copy_metric(description = "copy") where metric.name == "a"', "metric")


def test_processor_rules_for_conditions() -> None:
    parse_condition('HasAttrOnDatapoint("state", "idle")', "metric")  # filter is the default processor
    parse_condition('HasAttrKeyOnDatapoint("state")', "metric")
    with pytest.raises(OttlError, match="filter processor's metric context"):
        parse_condition('HasAttrOnDatapoint("state", "idle")', "metric", processor="transform")
    with pytest.raises(OttlError, match="filter processor's metric context"):
        parse_condition('HasAttrOnDatapoint("state", "idle")', "datapoint")
    with pytest.raises(OttlError, match="metric and datapoint"):
        parse_condition('attributes["a"] == nil', "resource")
    with pytest.raises(OttlError, match="only run in the transform processor"):
        parse_statement('set(attributes["a"], 1)', "datapoint", processor="filter")
    with pytest.raises(OttlError, match="unknown OTTL context"):
        parse_condition("true", "span")


def test_flat_transform_lists_need_prefixed_paths() -> None:
    parse_statement('set(datapoint.attributes["a"], resource.attributes["b"])', "datapoint", require_prefix=True)
    with pytest.raises(OttlError, match=r"possibly valid options are: datapoint\.attributes") as info:
        parse_statement('set(attributes["a"], 1)', "datapoint", require_prefix=True)
    assert info.value.column == 5


def test_context_inference_matches_the_transform_readme() -> None:
    # "the inferred Context value is datapoint, as it is the only Context that supports parsing both
    # datapoint and metric Paths"
    statement = 'set(metric.description, "test passed") where datapoint.attributes["test"] == "pass"'
    assert infer_context([statement]) == "datapoint"
    # "the inferred Context is metric, as metric is the context capable of parsing both metric and resource"
    statements = ['set(resource.attributes["test"], "passed")', 'set(metric.description, "test passed")']
    assert infer_context(statements) == "metric"
    assert infer_context(['set(resource.attributes["a"], "b")']) == "resource"
    assert infer_context(['aggregate_on_attributes("sum") where resource.attributes["a"] == "b"']) == "metric"
    # The README's example of a group that cannot be parsed: convert_sum_to_gauge next to datapoint paths.
    with pytest.raises(OttlError, match="split them"):
        infer_context(
            [
                'convert_sum_to_gauge() where metric.name == "system.processes.count"',
                'limit(datapoint.attributes, 100, ["host.name"])',
            ]
        )
    with pytest.raises(OttlError, match="unable to infer"):
        infer_context(['set(attributes["a"], "b")'])


def test_catalog_signatures_are_well_formed() -> None:
    assert len(CATALOG) > 100
    for spec in CATALOG.values():
        optional_seen = False
        for param in spec.params:
            assert not (optional_seen and not param.optional), f"{spec.name}: required after optional"
            optional_seen = optional_seen or param.optional
        assert spec.is_editor == spec.name[0].islower()
    supported = {n for n, s in CATALOG.items() if s.engine_supported}
    expected = {"set", "keep_keys", "IsMatch", "Concat", "aggregate_on_attributes", "HasAttrOnDatapoint"}
    assert expected <= supported
    assert {"ContainsValue", "delete_index", "Keys", "stringify_all", "When"} <= set(CATALOG)


def test_valid_paths_lists_prefixed_forms() -> None:
    paths = valid_paths("datapoint")
    assert "resource.attributes" in paths and "metric.name" in paths and "scope.name" in paths
    assert "datapoint.value_double" in paths and "metric.metadata" in paths and "otelcol.client.addr" in paths
    assert not any(p.startswith("instrumentation_scope.") for p in paths)  # the legacy spelling still parses
