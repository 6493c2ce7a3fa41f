"""Checks a parsed statement or condition against its context and processor, like the collector's parser.

The collector resolves every path, enum and function while parsing a config, so a config with an
unknown path or a wrong argument never starts. This module applies the same rules (0.159.0,
`CONTRIB_VERSION`, `pkg/ottl/functions.go` and `expression.go`): paths and enums must exist in the
context, functions must exist and be offered by the processor in that context (editors only in
transform statements, the transform metric functions only in its metric or datapoint context,
`HasAttr*OnDatapoint` only in the filter's metric context), argument counts and literal argument
types must fit the signature, a named argument must name a parameter through `strcase.ToCamel`,
a literal given to a typed getter must convert to its type (`ToLowerCase(1)` is refused while the
config loads), lambdas are refused while the `ottl.functions.enableLambda` feature gate is off (the
0.159.0 default), and the checks OTTL's function factories make at parse time (regex syntax,
enum-like string options, limits) are made here too.
"""

from __future__ import annotations

import difflib
import ipaddress
import re

from app.engine.collector import CONTRIB_VERSION
from app.engine.ottl import ast
from app.engine.ottl.contexts import check_context, resolve_enum, resolve_path
from app.engine.ottl.errors import OttlError, OttlRuntimeError
from app.engine.ottl.functions import (
    CATALOG,
    GETTERS,
    LAMBDA_FEATURE_GATE,
    LIST_TYPES,
    MISSING_HINTS,
    PATH_TYPES,
    FunctionSpec,
    Param,
    available,
    go_field_name,
    lookup,
)
from app.engine.ottl.regex import check_go_regexp
from app.engine.ottl.values import go_parse_float

PROCESSORS = ("transform", "filter")
FILTER_CONTEXTS = ("metric", "datapoint")
AGGREGATION_FUNCTIONS = ("sum", "mean", "min", "max", "median", "count")
_LITERAL_NAMES = {
    "string": "a string literal",
    "int": "an int literal",
    "float": "a float literal (e.g. 10.0)",
    "bool": "true or false",
    "bytes": "a byte slice literal (0x...)",
}

_MATH = "the collector reads a signed or parenthesised number as math, which a plain literal parameter refuses"


class Checker:
    """Validates nodes for one context and processor; raises OttlError at the first problem."""

    def __init__(self, context: str, processor: str, *, require_prefix: bool = False) -> None:
        check_context(context)
        if processor not in PROCESSORS:
            raise OttlError(f"unknown processor {processor!r}: expected one of {', '.join(PROCESSORS)}")
        if processor == "filter" and context not in FILTER_CONTEXTS:
            raise OttlError(
                f"Phoenix checks the filter processor's metric and datapoint conditions "
                f"(collector {CONTRIB_VERSION}), not {context!r} ones"
            )
        self.context, self.processor, self.require_prefix = context, processor, require_prefix

    # --- entry points ---

    def statement(self, editor: ast.Call, where: ast.BoolExpr | None) -> None:
        if self.processor != "transform":
            raise OttlError("statements (editors) only run in the transform processor", editor.column)
        if not editor.is_editor:
            spec = lookup(editor.name)
            if spec is None:
                raise self._unknown(editor)
            raise OttlError(
                f"{editor.name} is a converter: a statement must call an editor (a lowercase "
                f"function such as set or keep_keys)",
                editor.column,
            )
        self.call(editor)
        if where is not None:
            self.boolean(where)

    def boolean(self, node: ast.BoolExpr) -> None:
        if isinstance(node, ast.Comparison):
            self.value(node.left)
            self.value(node.right)
        elif isinstance(node, ast.BoolOp):
            for operand in node.operands:
                self.boolean(operand)
        elif isinstance(node, ast.Not):
            self.boolean(node.operand)
        elif isinstance(node, ast.Call):
            self._converter(node, "a condition")
        elif not (isinstance(node, ast.Literal) and node.kind == "bool"):
            raise OttlError("expected a condition", getattr(node, "column", None))

    def value(self, node: ast.Expr) -> None:
        if isinstance(node, ast.Path):
            resolved = resolve_path(node, self.context, require_prefix=self.require_prefix)
            for key in resolved.keys:
                self.value(key.value)
        elif isinstance(node, ast.EnumRef):
            if resolve_enum(node.name, self.context) is None:
                raise self._unknown_enum(node)
        elif isinstance(node, ast.ListExpr):
            for item in node.items:
                self.value(item)
        elif isinstance(node, ast.MapExpr):
            for _, item in node.items:
                self.value(item)
        elif isinstance(node, ast.MathOp):
            self.value(node.left)
            self.value(node.right)
        elif isinstance(node, ast.UnaryOp):
            self.value(node.operand)
        elif isinstance(node, ast.Call):
            self._converter(node, "an expression")
        elif isinstance(node, ast.Lambda):
            raise lambda_refused(node)

    # --- functions ---

    def _converter(self, node: ast.Call, where: str) -> None:
        if node.is_editor:
            if lookup(node.name) is None:
                raise self._unknown(node)
            raise OttlError(
                f"{node.name} is an editor and cannot be used in {where}: only converters "
                "(functions starting with an uppercase letter) return values",
                node.column,
            )
        self.call(node)
        for key in node.keys:
            self.value(key.value)

    def call(self, node: ast.Call) -> None:
        spec = lookup(node.name)
        if spec is None:
            raise self._unknown(node)
        if not available(spec, self.processor, self.context):
            raise OttlError(
                f"{node.name} is {self._where_available(spec)}, not in the {self.processor} "
                f"processor's {self.context} context",
                node.column,
            )
        bound = bind_arguments(node, spec)
        for param, arg in zip(spec.params, bound, strict=True):
            if arg is not None:
                self._argument(node, param, arg)
        _factory_checks(node, spec, bound)

    def _argument(self, call: ast.Call, param: Param, arg: ast.Arg) -> None:
        value, kind = arg.value, param.type
        where = f"argument {param.name} of {call.name}"
        if kind in GETTERS:
            self.value(value)
            self._literal_fits(where, kind, value, arg.column)
        elif kind in PATH_TYPES:
            if not isinstance(value, ast.Path):
                raise OttlError(f"{where} must be a path (the field to change)", arg.column)
            self.value(value)
        elif kind == "lambda":
            if not isinstance(value, ast.Lambda):
                raise OttlError(f"{where} must be a lambda expression, e.g. (k, v) => v != nil", arg.column)
            raise lambda_refused(value)
        elif kind in _LITERAL_NAMES:
            if not (isinstance(value, ast.Literal) and value.kind == kind):
                raise OttlError(f"{where} must be {_LITERAL_NAMES[kind]}", arg.column)
            if value.math:
                raise OttlError(f"{where} must be {_LITERAL_NAMES[kind]}: {_MATH}", arg.column)
        elif kind == "enum":
            if not isinstance(value, ast.EnumRef) or resolve_enum(value.name, self.context) is None:
                raise OttlError(f"{where} must be an enum of the {self.context} context", arg.column)
        elif kind == "function":
            target = lookup(value.name) if isinstance(value, ast.EnumRef) else None
            if target is None or target.is_editor or not available(target, self.processor, self.context):
                raise OttlError(f"{where} must name a converter, e.g. SHA256", arg.column)
        elif kind in LIST_TYPES:
            self._list_argument(where, kind, arg)
        else:  # pragma: no cover - the catalog only uses the types above
            raise AssertionError(kind)

    def _list_argument(self, where: str, kind: str, arg: ast.Arg) -> None:
        if not isinstance(arg.value, ast.ListExpr):
            raise OttlError(f"{where} must be a list [...]", arg.column)
        item_kind = kind.removesuffix("_list")
        for index, item in enumerate(arg.value.items):
            column = getattr(item, "column", arg.column)
            if item_kind in _LITERAL_NAMES:
                if not (isinstance(item, ast.Literal) and item.kind == item_kind):
                    raise OttlError(f"{where}: item {index} must be {_LITERAL_NAMES[item_kind]}", column)
                if item.math:
                    raise OttlError(f"{where}: item {index} must be {_LITERAL_NAMES[item_kind]}: {_MATH}", column)
            else:
                self.value(item)
                self._literal_fits(f"{where}: item {index}", item_kind, item, column)

    def _literal_fits(self, where: str, kind: str, node: ast.Expr, column: int) -> None:
        """The collector converts a literal given to a typed getter while it parses the config."""
        found, value = literal_value(node, self.context)
        problem = literal_mismatch(kind, value) if found else None
        if problem is not None:
            raise OttlError(f"{where}: {problem}", column)

    # --- messages ---

    def _unknown(self, node: ast.Call) -> OttlError:
        hint = MISSING_HINTS.get(node.name)
        if hint is None:
            names = [s.name for s in CATALOG.values() if available(s, self.processor, self.context)]
            close = difflib.get_close_matches(node.name, names, n=1)
            hint = f"did you mean {close[0]}?" if close else f"it is not an OTTL function in {CONTRIB_VERSION}"
        return OttlError(f"undefined function {node.name}(): {hint}", node.column)

    def _unknown_enum(self, node: ast.EnumRef) -> OttlError:
        if lookup(node.name) is not None:
            return OttlError(f"{node.name} is a function: call it as {node.name}(...)", node.column)
        return OttlError(f"unknown enum {node.name} in the {self.context} context", node.column)

    @staticmethod
    def _where_available(spec: FunctionSpec) -> str:
        processors = " and ".join(sorted(spec.processors))
        if spec.contexts:
            return f"only available in the {processors} processor's {'/'.join(sorted(spec.contexts))} context"
        return f"only available in the {processors} processor"


def lambda_refused(node: ast.Lambda) -> OttlError:
    return OttlError(
        f"lambda expressions need the collector's `{LAMBDA_FEATURE_GATE}` feature gate, which is off "
        f"by default in {CONTRIB_VERSION} (Phoenix runs the collector with the default gates)",
        node.column,
    )


# --- literals given to typed getters (expression.go: newStandard*Getter on a literal getter) ---

_NOT_LITERAL = object()


def literal_value(node: ast.Expr, context: str) -> tuple[bool, object]:
    """`(True, value)` when the collector folds `node` into a literal: a literal, an enum, or a list
    or map of literals (a map becomes a `dict`, a list a `list`); `(False, None)` otherwise."""
    value = _fold(node, context)
    return (False, None) if value is _NOT_LITERAL else (True, value)


def _fold(node: ast.Expr, context: str) -> object:
    if isinstance(node, ast.Literal):
        return node.value
    if isinstance(node, ast.EnumRef):
        number = resolve_enum(node.name, context)
        return _NOT_LITERAL if number is None else number
    if isinstance(node, ast.ListExpr):
        items = [_fold(i, context) for i in node.items]
        return _NOT_LITERAL if any(i is _NOT_LITERAL for i in items) else items
    if isinstance(node, ast.MapExpr):
        values = {k: _fold(v, context) for k, v in node.items}
        return _NOT_LITERAL if any(v is _NOT_LITERAL for v in values.values()) else values
    return _NOT_LITERAL


def _go_type(value: object) -> str:
    names = {str: "string", int: "int64", float: "float64", bool: "bool", bytes: "[]uint8"}
    if value is None:
        return "nil"
    if type(value) is list:
        return "[]interface {}"
    if type(value) is dict:
        return "pcommon.Map"
    return names[type(value)]


_GO_BOOLS = frozenset({"1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"})


def _parses_as_go_float(text: str) -> bool:
    try:
        go_parse_float(text)
    except OttlRuntimeError:
        return False
    return True


def _has_map(value: object) -> bool:
    return type(value) is dict or (type(value) is list and any(_has_map(v) for v in value))


def literal_mismatch(kind: str, value: object) -> str | None:
    """Why the collector refuses the literal `value` for a getter of `kind`, or None if it converts."""
    got = _go_type(value)
    exact = {"string_getter": str, "int_getter": int, "float_getter": float, "bool_getter": bool}
    if kind in exact:
        wanted = {str: "string", int: "int64", float: "float64", bool: "bool"}[exact[kind]]
        return None if type(value) is exact[kind] else f"expected {wanted} but got {got}"
    if kind == "pmap_getter":
        return None if type(value) is dict else f"expected pcommon.Map but got {got}"
    if kind == "pslice_getter":
        if type(value) is not list:
            return f"expected pcommon.Slice but got {got}"
        return "<Invalid value type pcommon.Map>: a slice literal cannot hold maps" if _has_map(value) else None
    if kind in ("time_getter", "duration_getter"):
        return f"expected {kind.removesuffix('_getter')} but got {got} (write Time(...) or Duration(...))"
    if value is None or kind in ("getter", "stringlike_getter"):
        return None  # the *-like getters read nil as nil; a plain getter takes anything
    scalar = type(value) in (str, int, float, bool)
    if kind == "intlike_getter":  # an unparsable string reads as nil
        return None if scalar else f"unsupported type: {got}"
    if kind == "floatlike_getter":
        if type(value) is str and not _parses_as_go_float(value):
            return f'strconv.ParseFloat: parsing "{value}": invalid syntax'
        return None if scalar else f"unsupported type: {got}"
    if kind == "boollike_getter":
        if type(value) is str and value not in _GO_BOOLS:
            return f'strconv.ParseBool: parsing "{value}": invalid syntax'
        return None if scalar else f"unsupported type: {got}"
    if kind == "bytes_getter":
        return None if scalar or type(value) is bytes else f"unsupported type: {got}"
    raise AssertionError(kind)  # pragma: no cover - every getter type is handled above


def bind_arguments(node: ast.Call, spec: FunctionSpec) -> list[ast.Arg | None]:
    """Match a call's arguments to the signature's parameters (positional first, then by name)."""
    params = spec.params
    required = sum(1 for p in params if not p.optional)
    if not required <= len(node.args) <= len(params):
        expected = f"{required}" if required == len(params) else f"{required} to {len(params)}"
        raise OttlError(
            f"incorrect number of arguments to {node.name}: expected {expected}, got "
            f"{len(node.args)}; signature: {spec.signature}",
            node.column,
        )
    bound: list[ast.Arg | None] = [None] * len(params)
    by_field = {p.go_field: i for i, p in enumerate(params)}
    for position, arg in enumerate(node.args):
        if arg.name is None:
            bound[position] = arg
            continue
        index = by_field.get(go_field_name(arg.name))
        if index is None:
            names = ", ".join(p.named_as for p in params) or "none"
            raise OttlError(f"{node.name} has no parameter named {arg.name!r} (parameters: {names})", arg.column)
        bound[index] = arg
    for param, arg in zip(params, bound, strict=True):
        if arg is None and not param.optional:
            raise OttlError(
                f"{node.name} is missing its {param.name} argument; signature: {spec.signature}", node.column
            )
    return bound


def _literal(arg: ast.Arg | None) -> object:
    return arg.value.value if arg is not None and isinstance(arg.value, ast.Literal) else None


_TEMPORALITY_ARGUMENT = ("convert_gauge_to_sum", "convert_summary_count_val_to_sum", "convert_summary_sum_val_to_sum")
_REGEX_PARAMS = {
    "IsMatch": 1,
    "delete_matching_keys": 1,
    "keep_matching_keys": 1,
    "replace_pattern": 1,
    "replace_all_patterns": 2,
    "ExtractPatterns": 1,
}


def _factory_checks(node: ast.Call, spec: FunctionSpec, bound: list[ast.Arg | None]) -> None:
    """The validations OTTL's function factories perform while the config is parsed."""
    name, column = node.name, node.column
    if name in _REGEX_PARAMS:
        pattern = _literal(bound[_REGEX_PARAMS[name]])
        if isinstance(pattern, str):
            try:
                check_go_regexp(pattern)
            except OttlError as exc:
                raise OttlError(
                    f"the pattern supplied to {name} is not valid: {exc.message}", bound[_REGEX_PARAMS[name]].column
                ) from None  # type: ignore[union-attr]
    if name == "replace_all_patterns" and _literal(bound[1]) not in ("key", "value"):
        raise OttlError(
            f"invalid mode {_literal(bound[1])!r} for replace_all_patterns: must be 'key' or 'value'", column
        )
    if name == "limit":
        limit, keys = _literal(bound[1]), bound[2].value if bound[2] else None  # type: ignore[union-attr]
        priority = len(keys.items) if isinstance(keys, ast.ListExpr) else 0
        if isinstance(limit, int) and limit < 0:
            raise OttlError(f"invalid limit for limit function, {limit} cannot be negative", column)
        if isinstance(limit, int) and limit < priority:
            raise OttlError(
                f"invalid limit for limit function, {limit} cannot be less than number of "
                f"priority attributes {priority}",
                column,
            )
    truncate_limit = _literal(bound[1]) if name == "truncate_all" else None
    if isinstance(truncate_limit, int) and truncate_limit < 0:
        raise OttlError(f"invalid limit for truncate_all function, {truncate_limit} cannot be negative", column)
    marker = _literal(bound[3]) if name == "truncate_all" else None
    if isinstance(truncate_limit, int) and isinstance(marker, str) and len(marker.encode()) > truncate_limit:
        raise OttlError(
            f"invalid truncation marker for truncate_all function, length of marker {len(marker.encode())} "
            f"cannot be greater than limit {truncate_limit}",
            column,
        )
    if name == "merge_maps" and _literal(bound[2]) not in ("insert", "update", "upsert"):
        raise OttlError(
            f"invalid value for strategy, {_literal(bound[2])!r}, must be 'insert', 'update' or 'upsert'", column
        )
    if (
        name in ("aggregate_on_attributes", "aggregate_on_attribute_value")
        and _literal(bound[0]) not in AGGREGATION_FUNCTIONS
    ):
        raise OttlError(
            f"invalid aggregation function: {_literal(bound[0])!r}, valid options: {', '.join(AGGREGATION_FUNCTIONS)}",
            column,
        )
    if name in _TEMPORALITY_ARGUMENT and _literal(bound[0]) not in ("cumulative", "delta"):
        raise OttlError(f'unknown aggregation temporality: {_literal(bound[0])} (use "cumulative" or "delta")', column)
    if name in _CHOICES:
        index, allowed, default = _CHOICES[name]
        chosen = _literal(bound[index]) if bound[index] is not None else default
        if chosen not in allowed:
            raise OttlError(
                f"invalid {spec.params[index].name} {chosen!r} for {name}: must be one of {', '.join(allowed)}", column
            )
    _factory_argument_checks(name, bound, column)


# Options a factory accepts from a fixed set: (parameter index, allowed, default when omitted).
_CHOICES: dict[str, tuple[int, tuple[str, ...], str | None]] = {
    "ConvertCase": (1, ("lower", "upper", "snake", "camel"), None),
    "Sort": (1, ("asc", "desc"), "asc"),
    "ParseCSV": (4, ("strict", "lazyQuotes", "ignoreQuotes"), "strict"),
    "convert_exponential_histogram_to_histogram": (0, ("upper", "midpoint", "random", "uniform"), None),
    "merge_histogram_buckets": (1, ("remove_explicit_bound", "limit_buckets"), "remove_explicit_bound"),
}


def _factory_argument_checks(name: str, bound: list[ast.Arg | None], column: int) -> None:
    """The other parse-time refusals of the 0.159.0 factories."""
    if name == "append" and bound[1] is None and bound[2] is None:
        raise OttlError("at least one of the optional arguments ('value' or 'values') must be provided", column)
    if name == "Coalesce" and isinstance(bound[0].value, ast.ListExpr) and not bound[0].value.items:  # type: ignore[union-attr]
        raise OttlError("Coalesce requires at least one argument", column)
    depth = _literal(bound[2]) if name == "flatten" else None
    if isinstance(depth, int) and depth < 1:
        raise OttlError(f"invalid depth '{depth}' for flatten function, must be greater than 0", column)
    if name in ("Time", "FormatTime") and _literal(bound[1]) == "":
        raise OttlError("format cannot be nil", column)
    if name == "ParseCSV":
        for index, label in ((2, "delimiter"), (3, "header_delimiter")):
            text = _literal(bound[index])
            if isinstance(text, str) and len(text) != 1:
                raise OttlError(f"invalid arguments: {label} must be a single character", column)
    if name == "ParseKeyValue":
        delimiter = _literal(bound[1]) if bound[1] is not None else "="
        pair_delimiter = _literal(bound[2]) if bound[2] is not None else " "
        if delimiter == "" or pair_delimiter == "":
            which = "delimiter" if delimiter == "" else "pair delimiter"
            raise OttlError(f"{which} cannot be set to an empty string", column)
        if delimiter == pair_delimiter:
            raise OttlError(f"pair delimiter {pair_delimiter!r} cannot be equal to delimiter {delimiter!r}", column)
    percentile = _literal(bound[0]) if name == "extract_percentile_metric" else None
    if isinstance(percentile, float) and not 0 < percentile < 100:
        raise OttlError(f"percentile must be greater than 0 and less than 100, got {percentile}", column)
    if name in _ID_LENGTHS and bound[0] is not None and isinstance(bound[0].value, ast.Literal):
        _check_id_literal(name, bound[0].value.value, column)
    if name == "IsInCIDR" and isinstance(bound[1].value, ast.ListExpr):  # type: ignore[union-attr]
        for item in bound[1].value.items:  # type: ignore[union-attr]
            if not (isinstance(item, ast.Literal) and item.kind == "string"):
                break  # the factory stops pre-parsing at the first non-literal network
            try:
                ipaddress.ip_network(item.value, strict=False)  # type: ignore[arg-type]
            except ValueError:
                raise OttlError(f"invalid CIDR address: {item.value}", item.column) from None
    if name == "convert_exponential_histogram_to_histogram":
        bounds = bound[1].value  # type: ignore[union-attr]
        if isinstance(bounds, ast.ListExpr) and not bounds.items:
            raise OttlError("explicit bounds cannot be empty: []", column)


_ID_LENGTHS = {"SpanID": 8, "TraceID": 16, "ProfileID": 16}


def _check_id_literal(name: str, value: object, column: int) -> None:
    """SpanID/TraceID/ProfileID convert a literal while the config loads (id_helpers.go)."""
    if type(value) is bytes or value is None:
        raw = value or b""
    elif type(value) is str:
        raw = value.encode()
    else:  # int64, float64 and bool become their big-endian bytes
        raw = b"\0" if type(value) is bool else bytes(8)
    size = _ID_LENGTHS[name]
    if len(raw) not in (size, 2 * size):
        raise OttlError(
            f"{name}: could not decode ID: invalid length: expected {size} or {2 * size} bytes, got {len(raw)}", column
        )
    if len(raw) == 2 * size and not re.fullmatch(rb"[0-9a-fA-F]*", raw):  # type: ignore[arg-type]
        raise OttlError(f"{name}: could not decode ID: invalid hex", column)
