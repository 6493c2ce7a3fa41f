"""Checks a parsed statement or condition against its context and processor, like the collector's parser.

The collector resolves every path, enum and function while parsing a config, so a config with an
unknown path or a wrong argument never starts. This module applies the same rules (0.128.0):
paths and enums must exist in the context, functions must exist and be offered by the processor in
that context (editors only in transform statements, the transform metric functions only in its
metric context, `HasAttr*OnDatapoint` only in the filter's metric context), argument counts and
literal argument types must fit the signature, and the checks OTTL's function factories make at
parse time (regex syntax, enum-like string options, limits) are made here too.
"""

from __future__ import annotations

import difflib

from app.engine.ottl import ast
from app.engine.ottl.contexts import check_context, resolve_enum, resolve_path
from app.engine.ottl.errors import OttlError
from app.engine.ottl.functions import (
    CATALOG,
    GETTERS,
    LIST_TYPES,
    MISSING_HINTS,
    FunctionSpec,
    Param,
    available,
    lookup,
)
from app.engine.ottl.regex import check_go_regexp

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


class Checker:
    """Validates nodes for one context and processor; raises OttlError at the first problem."""

    def __init__(self, context: str, processor: str, *, require_prefix: bool = False) -> None:
        check_context(context)
        if processor not in PROCESSORS:
            raise OttlError(f"unknown processor {processor!r}: expected one of {', '.join(PROCESSORS)}")
        if processor == "filter" and context not in FILTER_CONTEXTS:
            raise OttlError(
                f"the filter processor's metric conditions use the metric or datapoint context "
                f"in collector 0.128, not {context!r}"
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
        elif isinstance(node, ast.Call):
            self._converter(node, "an expression")

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
        elif kind in ("setter", "getsetter"):
            if not isinstance(value, ast.Path):
                raise OttlError(f"{where} must be a path (the field to change)", arg.column)
            self.value(value)
        elif kind in _LITERAL_NAMES:
            if not (isinstance(value, ast.Literal) and value.kind == kind):
                raise OttlError(f"{where} must be {_LITERAL_NAMES[kind]}", arg.column)
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
            if item_kind in _LITERAL_NAMES:
                if not (isinstance(item, ast.Literal) and item.kind == item_kind):
                    raise OttlError(
                        f"{where}: item {index} must be {_LITERAL_NAMES[item_kind]}",
                        getattr(item, "column", arg.column),
                    )
            else:
                self.value(item)

    # --- messages ---

    def _unknown(self, node: ast.Call) -> OttlError:
        hint = MISSING_HINTS.get(node.name)
        if hint is None:
            names = [s.name for s in CATALOG.values() if available(s, self.processor, self.context)]
            close = difflib.get_close_matches(node.name, names, n=1)
            hint = f"did you mean {close[0]}?" if close else "it is not an OTTL function in collector 0.128"
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
    by_name = {p.name: i for i, p in enumerate(params)}
    for position, arg in enumerate(node.args):
        if arg.name is None:
            bound[position] = arg
            continue
        index = by_name.get(arg.name)
        if index is None:
            names = ", ".join(p.name for p in params) or "none"
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
