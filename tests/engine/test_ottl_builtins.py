"""The engine runs what its catalog marks supported and refuses the rest at compile time; golden
cases for the converters and arguments added since 0.128, written from the 0.159.0 sources
(`ottlfuncs/func_{bool,coalesce,is_empty,keys,values,parse_int,trim_prefix,trim_suffix,substring,
truncate_all}.go`)."""

from __future__ import annotations

import math
from typing import Any

import pytest

from app.engine.errors import EngineUnsupported
from app.engine.ottl import (
    OttlError,
    OttlRuntimeError,
    OttlUnsupported,
    StatementSequence,
    compile_condition,
    compile_statement,
    execute_statements,
)
from app.engine.ottl.functions import CATALOG
from app.engine.ottl.values import go_parse_float, go_parse_int
from app.engine.pdata import Metric, MetricsBatch, NumberDataPoint, Resource, ResourceMetrics, ScopeMetrics
from app.engine.pipeline import build_processor
from tests.engine.ottl_calls import all_minimal_calls

RUNNABLE = [call for call in all_minimal_calls() if not CATALOG[call.function].takes_lambda]


def _compile(call: Any) -> object:
    if call.kind == "statement":
        return compile_statement(call.text, call.context, processor=call.processor)
    return compile_condition(call.text, call.context, processor=call.processor)


@pytest.mark.parametrize("call", RUNNABLE, ids=[f"{c.processor}-{c.function}" for c in RUNNABLE])
def test_the_engine_compiles_exactly_what_it_supports(call: Any) -> None:
    if CATALOG[call.function].engine_supported:
        _compile(call)
    else:
        with pytest.raises(OttlUnsupported, match=f"{call.function} is valid OTTL but not supported"):
            _compile(call)


def test_a_lambda_never_reaches_the_engine() -> None:
    with pytest.raises(OttlError, match=r"ottl\.functions\.enableLambda"):
        compile_statement('set(attributes["x"], 1) where Any(attributes, (k, v) => v == 1)', "datapoint")


def test_processors_refuse_unsupported_functions_as_engine_unsupported() -> None:
    transform = {"metric_statements": [{"context": "datapoint", "statements": ["stringify_all(attributes)"]}]}
    with pytest.raises(EngineUnsupported, match="stringify_all"):
        build_processor("transform/t", "transform", transform)
    condition = {"metrics": {"datapoint": ['IsInCIDR(attributes["ip"], ["10.0.0.0/8"])']}}
    with pytest.raises(EngineUnsupported, match="IsInCIDR"):
        build_processor("filter/f", "filter", condition)


def test_a_getter_where_the_engine_needs_a_literal_is_unsupported() -> None:
    # 0.159 takes a pattern from any expression; the engine compiles literal patterns only.
    with pytest.raises(OttlUnsupported, match="IsMatch's pattern"):
        compile_condition('IsMatch(metric.name, attributes["pattern"])', "datapoint")
    with pytest.raises(OttlUnsupported, match="keep_keys's keys"):
        compile_statement("keep_keys(attributes, [metric.name])", "datapoint")
    with pytest.raises(OttlUnsupported, match="utf8_safe=false"):
        compile_statement("truncate_all(attributes, 3, false)", "datapoint")


# --- golden cases --------------------------------------------------------------------------------


def _point(**attributes: Any) -> MetricsBatch:
    point = NumberDataPoint(dict(attributes), 1, 2, 1.0)
    metric = Metric("process.cpu.time", type="sum", aggregation_temporality="cumulative", data_points=[point])
    return MetricsBatch([ResourceMetrics(Resource({}), [ScopeMetrics(metrics=[metric])])])


def _set(expression: str, **attributes: Any) -> Any:
    """The value `set(attributes["out"], expression)` writes (None: nothing was set)."""
    data = _point(**attributes)
    statement = compile_statement(f'set(attributes["out"], {expression})', "datapoint")
    execute_statements(data, "datapoint", StatementSequence([statement]))
    return data.resource_metrics[0].scope_metrics[0].metrics[0].data_points[0].attributes.get("out")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), ("T", True), ("false", False), ("0", False), (2, True), (0, False), (0.5, True), (None, None)],
)
def test_bool(value: Any, expected: bool | None) -> None:
    assert _set('Bool(attributes["v"])', v=value) is expected


def test_bool_refuses_what_parse_bool_refuses() -> None:
    with pytest.raises(OttlRuntimeError, match=r'strconv\.ParseBool: parsing "yes": invalid syntax'):
        _set('Bool(attributes["v"])', v="yes")
    with pytest.raises(OttlRuntimeError, match=r"unsupported type: pcommon\.Map"):
        _set('Bool(attributes["v"])', v={"a": 1})


def test_coalesce_takes_the_first_value_that_is_not_nil() -> None:
    assert _set('Coalesce([attributes["a"], attributes["b"], "fallback"])', b="") == ""
    assert _set('Coalesce([attributes["a"], attributes["b"]])') is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, True),
        ("", True),
        ("a", False),
        (0, True),
        (3, False),
        (0.0, True),
        (-0.0, False),  # reflect.Value.IsZero compares the float's bits
        (False, True),
        (True, False),
        ({}, True),
        ({"a": 1}, False),
        ([], True),
        ([None], False),
        (b"", True),
    ],
)
def test_is_empty(value: Any, expected: bool) -> None:
    assert _set('IsEmpty(attributes["v"])', v=value) is expected


def test_keys_and_values_keep_the_map_order_and_copy() -> None:
    nested = {"z": [1, {"n": 2}], "a": "x"}
    assert _set('Keys(attributes["m"])', m=nested) == ["z", "a"]
    values = _set('Values(attributes["m"])', m=nested)
    assert values == [[1, {"n": 2}], "x"] and values[0] is not nested["z"]
    with pytest.raises(OttlRuntimeError, match=r"expected pcommon\.Map but got string"):
        _set('Keys(attributes["m"])', m="x")


def test_trim_prefix_and_suffix() -> None:
    assert _set('TrimPrefix(attributes["s"], "/usr/bin/")', s="/usr/bin/java") == "java"
    assert _set('TrimSuffix(attributes["s"], ".exe")', s="java") == "java"
    assert _set('TrimSuffix(attributes["s"], attributes["t"])', s="a.b.b", t=".b") == "a.b"


@pytest.mark.parametrize(
    ("text", "base", "expected"),
    [
        ("42", 10, 42),
        ("-42", 10, -42),
        ("ff", 16, 255),
        ("0x1f", 0, 31),
        ("010", 0, 8),  # base 0: a leading 0 is octal
        ("0b101", 0, 5),
        ("1_000", 0, 1000),  # underscores only with base 0
        ("9223372036854775807", 10, 2**63 - 1),
        ("-9223372036854775808", 10, -(2**63)),
        ("z", 36, 35),
    ],
)
def test_parse_int(text: str, base: int, expected: int) -> None:
    assert go_parse_int(text, base) == expected
    assert _set(f'ParseInt(attributes["s"], {base})', s=text) == expected


@pytest.mark.parametrize(
    ("text", "base", "error"),
    [
        ("1_000", 10, 'parsing "1_000": invalid syntax'),
        ("12a", 10, 'parsing "12a": invalid syntax'),
        ("9223372036854775808", 10, 'parsing "9223372036854775808": value out of range'),
        ("1", 1, 'parsing "1": invalid base 1'),
        ("1", 37, "invalid base 37"),
        ("_1", 0, "invalid syntax"),
        ("", 10, "target cannot be empty"),
    ],
)
def test_parse_int_errors(text: str, base: int, error: str) -> None:
    with pytest.raises(OttlRuntimeError, match=error):
        _set(f'ParseInt(attributes["s"], {base})', s=text)


def test_parse_int_refuses_a_negative_base() -> None:
    with pytest.raises(OttlRuntimeError, match="base cannot be negative"):
        _set('ParseInt("1", attributes["b"])', b=-2)


def test_substring_utf8_safe_moves_both_ends_to_rune_starts() -> None:
    text = "héllo"  # h, é (2 bytes), l, l, o
    assert _set('Substring(attributes["s"], 1, 2, true)', s=text) == "é"
    assert _set('Substring(attributes["s"], 2, 2, utf8_safe = true)', s=text) == "l"  # starts inside é
    assert _set('Substring(attributes["s"], 0, 2, true)', s=text) == "h"  # ends inside é
    with pytest.raises(OttlRuntimeError, match=r"start\(4\)\+length\(3\) cannot be greater"):
        _set('Substring(attributes["s"], 4, 3, true)', s=text)


def test_truncate_all_counts_bytes_and_keeps_the_marker_inside_the_limit() -> None:
    data = _point(a="abcdefgh", b="ééé", c="ab", n=12)
    statement = compile_statement('truncate_all(attributes, 5, truncation_marker = "..")', "datapoint")
    execute_statements(data, "datapoint", StatementSequence([statement]))
    attributes = data.resource_metrics[0].scope_metrics[0].metrics[0].data_points[0].attributes
    # "ééé" is 6 bytes: cut at 3 bytes, backed up to the rune start at 2.
    assert attributes == {"a": "abc..", "b": "é..", "c": "ab", "n": 12}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1_000", 1000.0), ("0x1p-2", 0.25), ("0x_1p0", 1.0), ("1.", 1.0), ("1e-400", 0.0), ("+Inf", math.inf)],
)
def test_double_parses_strings_as_strconv_parse_float(text: str, expected: float) -> None:
    assert go_parse_float(text) == expected
    assert _set('Double(attributes["s"])', s=text) == expected


@pytest.mark.parametrize(
    ("text", "reason"), [("1e400", "value out of range"), ("+nan", "invalid syntax"), (" 1", "invalid syntax")]
)
def test_double_refuses_what_parse_float_refuses(text: str, reason: str) -> None:
    with pytest.raises(OttlRuntimeError, match=reason):
        _set('Double(attributes["s"])', s=text)
