"""Context inference for the transform processor's flat statement lists (0.120+ config style).

When `metric_statements` is a plain list (or a group without `context:`), the collector picks the
context from the path prefixes used (`resource.`, `instrumentation_scope.`/`scope.`, `metric.`,
`datapoint.`): the lowest one mentioned (datapoint before metric before scope before resource),
moving further down when a function or enum the statements use is not offered there (0.159.0
`pkg/ottl/context_inferrer.go`; `otelcol.` paths name no context to infer). Statements in such a
list must prefix every path, so callers then parse them with `require_prefix=True`.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.engine.ottl import ast
from app.engine.ottl.contexts import ENUMS
from app.engine.ottl.errors import OttlError
from app.engine.ottl.functions import available, lookup
from app.engine.ottl.parser import parse_condition_tree, parse_statement_tree

_PRIORITY = ("datapoint", "metric", "scope", "resource")
_NAMES = {
    "datapoint": "datapoint",
    "metric": "metric",
    "scope": "scope",
    "instrumentation_scope": "scope",
    "resource": "resource",
}
_LOWER = {
    "resource": ("scope", "metric", "datapoint"),
    "scope": ("metric", "datapoint"),
    "metric": ("datapoint",),
    "datapoint": (),
}


def _walk(node: object, paths: set[str], functions: set[str], enums: set[str]) -> None:
    if isinstance(node, ast.Path):
        first = node.segments[0].name
        if len(node.segments) > 1 and first in _NAMES:
            paths.add(_NAMES[first])
        for segment in node.segments:
            for key in segment.keys:
                _walk(key.value, paths, functions, enums)
    elif isinstance(node, ast.Call):
        functions.add(node.name)
        for arg in node.args:
            _walk(arg.value, paths, functions, enums)
        for key in node.keys:
            _walk(key.value, paths, functions, enums)
    elif isinstance(node, ast.EnumRef):
        if lookup(node.name) is None:
            enums.add(node.name)
    elif isinstance(node, ast.MathOp | ast.Comparison):
        _walk(node.left, paths, functions, enums)
        _walk(node.right, paths, functions, enums)
    elif isinstance(node, ast.BoolOp):
        for operand in node.operands:
            _walk(operand, paths, functions, enums)
    elif isinstance(node, ast.Not | ast.UnaryOp):
        _walk(node.operand, paths, functions, enums)
    elif isinstance(node, ast.ListExpr):
        for item in node.items:
            _walk(item, paths, functions, enums)
    elif isinstance(node, ast.MapExpr):
        for _, item in node.items:
            _walk(item, paths, functions, enums)


def _fits(context: str, functions: set[str], enums: set[str]) -> bool:
    for name in functions:
        spec = lookup(name)
        if spec is not None and not available(spec, "transform", context):
            return False
    return all(enum in ENUMS[context] for enum in enums)


def infer_context(statements: Iterable[str], conditions: Iterable[str] = ()) -> str:
    """The context the transform processor would run these statements (and group conditions) in."""
    paths: set[str] = set()
    functions: set[str] = set()
    enums: set[str] = set()
    for text in statements:
        editor, where = parse_statement_tree(text)
        _walk(editor, paths, functions, enums)
        _walk(where, paths, functions, enums)
    for text in conditions:
        _walk(parse_condition_tree(text), paths, functions, enums)
    if not paths:
        raise OttlError(
            "unable to infer a context from these statements: prefix every path with its "
            "context (resource., instrumentation_scope., metric. or datapoint.) or give the "
            "group a context"
        )
    inferred = min(paths, key=_PRIORITY.index)
    for candidate in (inferred, *_LOWER[inferred]):  # lower contexts can read every higher path
        if _fits(candidate, functions, enums):
            return candidate
    raise OttlError(
        f"these statements mix {inferred} paths with functions or enums the {inferred} context "
        "does not offer (e.g. convert_sum_to_gauge is metric-only): split them into separate "
        "groups"
    )
