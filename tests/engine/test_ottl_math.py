"""OTTL math as 0.159.0 reads it (`pkg/ottl/grammar.go`, `math.go`): numbers lex unsigned, `+` and
`-` are operators, a sign before an operand is unary (folded into a number, evaluated on a path, a
converter or a parenthesised expression), parentheses around a value only group math, and int64
math wraps. The collector's verdicts on the same texts are in `tests/otelcol/test_ottl_math.py`.
"""

from __future__ import annotations

import pytest

from app.engine.ottl import OttlError, OttlRuntimeError, compile_statement, parse_statement
from app.engine.ottl.ast import Literal, MathOp, UnaryOp, to_text
from app.engine.ottl.parser import parse_statement_tree
from app.engine.pdata import Metric, MetricsBatch, NumberDataPoint, Resource, ResourceMetrics, ScopeMetrics
from tests.engine.test_ottl_evaluator import run


def value_of(expression: str):
    """The tree of `expression` as the value argument of `set`."""
    return parse_statement_tree(f'set(attributes["x"], {expression})')[0].args[1].value


# --- syntax: where a sign binds and what it folds into ----------------------------------------------


def test_a_sign_on_a_number_folds_into_a_literal_written_as_math() -> None:
    for text, value in (("-1", -1), ("- 1", -1), ("+2", 2), ("-1.5", -1.5), ("-.5", -0.5), ("(3)", 3), ("+(3)", 3)):
        node = value_of(text)
        assert node == Literal("int" if type(value) is int else "float", value), text
        assert node.math, text
    assert not value_of("3").math


def test_a_sign_elsewhere_is_a_unary_operation() -> None:
    assert value_of("-value_int") == UnaryOp("-", value_of("value_int"))
    assert value_of("+value_int") == UnaryOp("+", value_of("value_int"))
    assert value_of('-Int("3")') == UnaryOp("-", value_of('Int("3")'))
    assert value_of("-(1)") == UnaryOp("-", Literal("int", 1))  # negated at run time, not folded
    assert value_of("-(-1)") == UnaryOp("-", Literal("int", -1))
    assert value_of("-(value_int)") == value_of("-value_int")
    assert value_of("(value_int)") == value_of("+value_int")  # the same value, but math: not a path
    negated_sum = value_of("-(value_int + 1)")
    assert isinstance(negated_sum, UnaryOp) and isinstance(negated_sum.operand, MathOp)


def test_a_sign_binds_tighter_than_any_operator() -> None:
    assert value_of("1 -1") == MathOp("-", Literal("int", 1), Literal("int", 1))  # binary, not 1 and -1
    assert value_of("1-1") == value_of("1 - 1")
    assert value_of("value_double * -1") == MathOp("*", value_of("value_double"), Literal("int", -1))
    product = value_of("-value_int * 2")
    assert isinstance(product, MathOp) and product.op == "*" and isinstance(product.left, UnaryOp)
    difference = value_of("2 - -value_int")
    assert difference.op == "-" and difference.right == value_of("-value_int")


@pytest.mark.parametrize(
    ("text", "value"),
    [("010", 8), ("00", 0), ("0", 0), ("-010", -8), ("9223372036854775807", 2**63 - 1), ("1.", 1.0), ("5.e2", 500.0)],
)
def test_numbers_lex_like_the_collector(text: str, value: object) -> None:
    """participle reads an Int token with strconv.ParseInt(text, 0, 64): a leading 0 means octal."""
    node = value_of(text)
    assert node.value == value and type(node.value) is type(value)


@pytest.mark.parametrize(
    ("expression", "fragment"),
    [
        ("--1", "one sign before an operand"),
        ("+-value_int", "one sign before an operand"),
        ('-"a"', "only goes before a number"),
        ("-true", "only goes before a number"),
        ("-[1]", "only goes before a number"),
        ("-METRIC_DATA_TYPE_SUM", "only goes before a number"),
        ("-(1 == 1)", "only goes before a number"),
        ('("a")', "parentheses around a value only group math"),
        ("(true)", "parentheses around a value only group math"),
        ("-(nil)", "parentheses around a value only group math"),
        ("08", "octal"),
        ("9223372036854775808", "out of the int64 range"),
        ("-9223372036854775808", "-9223372036854775807 - 1"),
        ("1.0e400", "out of the float64 range"),
    ],
)
def test_what_the_collector_refuses_is_refused(expression: str, fragment: str) -> None:
    with pytest.raises(OttlError, match=fragment.replace("(", r"\(").replace("-", r"\-")):
        value_of(expression)


def test_parentheses_in_a_condition_hold_booleans() -> None:
    parse_statement('set(attributes["x"], 1) where (true)', "datapoint")
    parse_statement('set(attributes["x"], 1) where ((IsMatch(metric.name, "a")))', "datapoint")
    parse_statement('set(attributes["x"], 1) where (value_int) > -1', "datapoint")
    with pytest.raises(OttlError, match="parentheses around a value"):
        parse_statement('set(attributes["x"], 1) where ("a") == "a"', "datapoint")


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("-value_int", "-value_int"),
        ("+ value_int", "+value_int"),
        ("(value_int)", "+value_int"),
        ("-(1)", "-(1)"),
        ("-(-1)", "-(-1)"),
        ("- 1", "-1"),
        ("(1)", "+1"),
        ("-(value_int + 1) * 2", "-(value_int + 1) * 2"),
        ("1 -1", "1 - 1"),
        ("2 - -value_int", "2 - -value_int"),
        ("-Int(1.5) / -.5", "-Int(1.5) / -0.5"),
    ],
)
def test_the_printer_keeps_signs_and_their_meaning(text: str, printed: str) -> None:
    tree = value_of(text)
    assert to_text(tree) == printed
    again = value_of(printed)
    assert again == tree
    assert getattr(again, "math", None) == getattr(tree, "math", None)


# --- checker: a plain literal parameter takes only a plain literal -----------------------------------


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("limit(attributes, (1), [])", "datapoint"),
        ("limit(attributes, -1, [])", "datapoint"),
        ("flatten(attributes, depth = +1)", "datapoint"),
        ("scale_metric(-1.5)", "metric"),
        ("scale_metric((1.5))", "metric"),
        ('convert_exponential_histogram_to_histogram("upper", [(1.0), 2.0])', "metric"),
        ('set((attributes["x"]), 1)', "datapoint"),
        ('set(+attributes["x"], 1)', "datapoint"),
        ('set(attributes["x"], ToLowerCase(+(1)))', "datapoint"),  # +(1) is the folded literal 1
    ],
)
def test_math_is_not_a_plain_literal_or_a_path(text: str, context: str) -> None:
    with pytest.raises(OttlError):
        parse_statement(text, context)


@pytest.mark.parametrize(
    "text",
    [
        'set(attributes["x"], Int(-1))',  # a getter takes the folded -1
        'set(attributes["x"], ToLowerCase(-(1)))',  # a run-time negation is not checked while loading
        'set(attributes["x"], ToLowerCase(-value_int))',
        'set(attributes["x"], attributes[-attributes["i"]])',
        'set(attributes["x"], 1) where -value_int > 0',
        "scale_metric(1.)",
    ],
)
def test_math_is_accepted_where_a_getter_goes(text: str) -> None:
    parse_statement(text, "metric" if text.startswith("scale") else "datapoint")


# --- evaluation -----------------------------------------------------------------------------------


def _batch() -> MetricsBatch:
    metrics = [
        Metric("m.int", type="gauge", data_points=[NumberDataPoint({"s": "text"}, 0, 1, 7)]),
        Metric("m.double", type="gauge", data_points=[NumberDataPoint({}, 0, 1, 2.5)]),
        Metric("m.big", type="gauge", data_points=[NumberDataPoint({}, 0, 1, 2**63 - 1)]),
    ]
    return MetricsBatch([ResourceMetrics(Resource({}), [ScopeMetrics("s", metrics=metrics)])])


def _attributes(data: MetricsBatch) -> dict[str, dict]:
    return {m.name: m.data_points[0].attributes for _, _, m in data.iter_metrics()}


def test_unary_math_evaluates_like_the_collector() -> None:
    data = run(
        [
            'set(attributes["neg"], -value_int) where metric.name != "m.double"',
            'set(attributes["neg"], -value_double) where metric.name == "m.double"',
            'set(attributes["plus"], +attributes["s"])',  # `+` returns its operand, whatever its type
            'set(attributes["sub"], value_int -1)',
            'set(attributes["mixed"], -value_int * 1.5)',
            'set(attributes["trunc"], -7 / 2)',
            'set(attributes["minint"], -(-9223372036854775807 - 1))',  # -MinInt64 wraps to itself
            'set(attributes["wrap"], -value_int - 2)',
            'set(attributes["oct"], -010)',
            'set(attributes["negzero"], -0.0)',
        ],
        "datapoint",
        _batch(),
    )
    attributes = _attributes(data)
    assert attributes["m.int"] == {
        "s": "text",
        "neg": -7,
        "plus": "text",
        "sub": 6,
        "mixed": -10.5,
        "trunc": -3,
        "minint": -(2**63),
        "wrap": -9,
        "oct": -8,
        "negzero": -0.0,
    }
    assert type(attributes["m.int"]["neg"]) is int and type(attributes["m.int"]["mixed"]) is float
    assert attributes["m.double"]["neg"] == -2.5
    assert attributes["m.big"]["wrap"] == 2**63 - 1  # -(2**63 - 1) - 2 wraps around
    assert str(attributes["m.int"]["negzero"]) == "-0.0"


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ('-attributes["s"]', "unsupported unary minus operation on type string"),
        ('-attributes["missing"]', "unsupported unary minus operation on type <nil>"),
        ('-Duration("1s")', "unsupported unary minus operation on type time.Duration"),
        ("-value_int / 0", "attempted to divide by 0"),
        ("-value_double / -0.0", "attempted to divide by 0"),
        ('-(attributes["s"] + 1)', "must be int64, float64, time.Time or time.Duration"),
    ],
)
def test_unary_math_errors_like_the_collector(expression: str, message: str) -> None:
    with pytest.raises(OttlRuntimeError, match=message):
        run([f'set(attributes["x"], {expression}) where metric.name == "m.int"'], "datapoint", _batch())


def test_a_compiled_statement_negates_at_run_time() -> None:
    statement = compile_statement('set(attributes["x"], -(value_int))', "datapoint")
    assert statement.text == 'set(attributes["x"], -(value_int))'
    data = _batch()
    run(['set(attributes["x"], -(value_int))'], "datapoint", data)
    assert _attributes(data)["m.int"]["x"] == -7
