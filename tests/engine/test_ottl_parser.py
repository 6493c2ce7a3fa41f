"""OTTL syntax: statements and conditions from the collector docs parse, print back canonically,
and syntax errors name the right column with a hint at what to write instead."""

from __future__ import annotations

import pytest

from app.engine.ottl import OttlError, parse_condition, parse_statement
from app.engine.ottl.ast import Call, Comparison, Literal, MathOp, Not, Path
from app.engine.ottl.ast import to_text as ast_text
from app.engine.ottl.parser import parse_condition_tree, parse_statement_tree

# Statements from the transform README and the ottlfuncs README (metric examples, 0.128.0).
DOC_STATEMENTS = [
    ('keep_keys(resource.attributes, ["host.name"])', "resource"),
    ("truncate_all(resource.attributes, 4096)", "resource"),
    ('set(metric.description, "Sum") where metric.type == METRIC_DATA_TYPE_SUM', "metric"),
    ('convert_sum_to_gauge() where metric.name == "system.processes.count"', "metric"),
    ('convert_gauge_to_sum("cumulative", false) where metric.name == "prometheus_metric"', "metric"),
    ('set(metric.description, "test passed") where datapoint.attributes["test"] == "pass"', "datapoint"),
    ('limit(datapoint.attributes, 100, ["host.name"])', "datapoint"),
    ('aggregate_on_attributes("sum", ["attr1", "attr2"]) where metric.name == "system.memory.usage"', "metric"),
    ('aggregate_on_attributes("max", []) where metric.name == "system.memory.usage"', "metric"),
    ('scale_metric(10.0, "kWh")', "metric"),
    ('copy_metric(name="http.request.status_code", unit="s") where metric.name == "http.status_code"', "metric"),
    ('delete_matching_keys(resource.attributes, "(?i).*password.*")', "resource"),
    ('replace_all_patterns(resource.attributes, "key", "^kube_([0-9A-Za-z]+_)", "$1.", SHA256, "k8s.%s")', "resource"),
    (
        'replace_pattern(resource.attributes["process.command_line"], "password\\\\=[^\\\\s]*(\\\\s?)", '
        '"password=***")',
        "datapoint",
    ),
    ('set(attributes["k8s_pod"], resource.attributes["k8s.pod.name"])', "datapoint"),
    (
        'set(attributes["whose_fault"], "theirs") where attributes["http.status"] == 400 or '
        'attributes["http.status"] == 404',
        "datapoint",
    ),
    ('set(metric.name, Concat([metric.name, 1], " "))', "datapoint"),
    ('set(attributes["m"], {"foo": {"a": attributes["key"]}, "list": [1, -2.5, true, nil, 0x0001]})', "datapoint"),
    ('set(cache["slice"], [1, 2]) where Len(resource.attributes) > 1 + 2 * (3 - 1) / 4', "datapoint"),
    (
        'set(attributes["x"], attributes[cache["key"]][0]) where not (IsMatch(metric.name, "http_.*") and '
        "value_int > 0)",
        "datapoint",
    ),
]


@pytest.mark.parametrize(("text", "context"), DOC_STATEMENTS)
def test_doc_statements_round_trip(text: str, context: str) -> None:
    statement = parse_statement(text, context)
    printed = statement.to_text()
    again = parse_statement(printed, context)
    assert again == statement
    assert again.to_text() == printed


@pytest.mark.parametrize(
    "text",
    [
        "metric.type == METRIC_DATA_TYPE_SUMMARY",
        'resource.attributes["service.name"] == "my_service_name"',
        'metric.name == "k8s.pod.phase" and value_int == 4',
        'not (IsMatch(resource.attributes["process.executable.name"], "^(sshd|nginx)$") or '
        'resource.attributes["process.pid"] == 1)',
        'attributes["a"] == nil or (attributes["b"] != nil and attributes["c"] < 1.5e3)',
    ],
)
def test_conditions_round_trip(text: str) -> None:
    condition = parse_condition(text, "datapoint")
    assert parse_condition(condition.to_text(), "datapoint") == condition


def test_tree_shapes_follow_precedence() -> None:
    expr = parse_condition_tree("not a == 1 and b == 2 or c == 3")
    assert expr.op == "or" and expr.operands[0].op == "and"
    assert isinstance(expr.operands[0].operands[0], Not)
    assert isinstance(expr.operands[0].operands[0].operand, Comparison)
    math = parse_statement_tree("set(x, 1 + 2 * 3 - 4)")[0].args[1].value
    assert isinstance(math, MathOp) and math.op == "-"
    assert math.left.op == "+" and math.left.right.op == "*"


def test_literals_follow_go_syntax() -> None:
    args = (
        parse_statement_tree('set(x, ["a\\tb\\"c\\u00e9\\x41\\101", -1, +2, .5, 0xCAFE, true, nil])')[0]
        .args[1]
        .value.items
    )
    assert args[0] == Literal("string", 'a\tb"céAA')
    assert [a.value for a in args[1:]] == [-1, 2, 0.5, b"\xca\xfe", True, None]
    assert type(args[2].value) is int and type(args[3].value) is float


def test_named_arguments_and_function_names() -> None:
    editor = parse_statement(
        'replace_pattern(attributes["a"], "x", "y", function = SHA256, replacement_format = "%s")', "datapoint"
    ).editor
    assert isinstance(editor, Call) and editor.args[3].name == "function"
    assert isinstance(editor.args[0].value, Path)


@pytest.mark.parametrize(
    ("text", "column", "fragment"),
    [
        ('set(attributes["x"], 1) where attributes["cmd"] matches "java.*"', 49, "use IsMatch(target, pattern)"),
        ('set(attributes["x"], 1) where a == 1 && b == 2', 38, "`and`"),
        ('set(attributes["x"], 1) where a == 1 || b == 2', 38, "`or`"),
        ('set(attributes["x"], 1) where !(a == 1)', 31, "`not`"),
        ("set(attributes['x'], 1)", 16, "double quotes"),
        ('set(attributes["x"], 1) where a = 1', 33, "=="),
        ('set(attributes["x"], 1) where a =~ "b"', 33, "IsMatch"),
        ('set(attributes["x"], --value_int)', 23, "one sign before an operand"),
        ('set(attributes["x"], "\\d+")', 22, "written twice"),
        ('set(attributes["x"], 1', 23, "ends too early"),
        ('set(attributes["x"], 1) where attributes["x"] in ["a"]', 47, "`in`"),
        ('set(attributes["x"], 1) where attributes["x"]', 31, "alone is not a condition"),
        ('set(attributes["x"], value_int == 1)', 22, "cannot be used as a value"),
        ('set(attributes["x"], "a" + 1)', 22, "math expression"),
        ('set(attributes["x"], 1)["k"]', 24, "may be indexed"),
        ("set(processName, 1)", 5, "must be lowercase"),
        ('set(attributes["x"], 1) where not not true', 35, "invalid syntax"),
        ("set(x, 1, name = 2, 3)", 21, "unnamed argument used after named argument"),
        ("set(x, 99999999999999999999)", 8, "int64"),
    ],
)
def test_syntax_errors_have_columns_and_hints(text: str, column: int, fragment: str) -> None:
    with pytest.raises(OttlError) as info:
        parse_statement_tree(text)
    assert info.value.column == column, info.value.message
    assert fragment in info.value.message


def test_condition_errors() -> None:
    with pytest.raises(OttlError, match="has no `where`"):
        parse_condition('attributes["a"] == 1 where true', "datapoint")
    with pytest.raises(OttlError, match="empty"):
        parse_condition("   ", "datapoint")


@pytest.mark.parametrize(
    "text",
    [
        "(a == 1 and b == 2) and c == 3",
        "a == 1 and (b == 2 and c == 3)",
        "(a == 1 or b == 2) or c == 3",
        "a == 1 and b == 2 or c == 3",
        "not (not a == 1)",
        "x == (1 - (2 - 3)) * (4 / (5 * 6))",
    ],
)
def test_printer_preserves_grouping(text: str) -> None:
    tree = parse_condition_tree(text)
    printed = ast_text(tree)
    assert parse_condition_tree(printed) == tree
    assert ast_text(parse_condition_tree(printed)) == printed


def test_multi_line_conditions_report_line_and_column() -> None:
    text = 'not (\n  IsMatch(resource.attributes["process.executable.name"], "^sshd$")\n  or metric.nme == "x")'
    with pytest.raises(OttlError) as info:
        parse_condition(text, "datapoint")
    assert (info.value.line, info.value.column) == (3, 13)
    assert str(info.value).endswith("(line 3, column 13)")
    with pytest.raises(OttlError) as info:
        parse_condition('metric.name == "a" &&\n true', "datapoint")
    assert (info.value.line, info.value.column) == (1, 20)
