"""The OTTL Phoenix needs for metric pipelines, pinned to otelcol-contrib 0.159.0 (`CONTRIB_VERSION`).

`parse_statement` / `parse_condition` turn text into a checked syntax tree for one context
(resource, scope, metric or datapoint) and raise `OttlError` (message + 1-based column) for
anything the collector would reject. `compile_statement` / `compile_condition` (in `evaluator`)
turn those trees into fast callables over `app.engine.pdata`, raising `OttlUnsupported` at compile
time for valid OTTL the local engine does not implement. `StatementSequence`, `ConditionSequence`
and `execute_statements` apply the processors' `error_mode`; `infer_context` picks the context of a
transform group that does not name one.

Modules: grammar.lark + parser (syntax), ast (tree, printer), contexts / functions (what 0.159.0
offers), checker (the collector's parse-time checks), inference, evaluator (compile, run),
accessors (paths), values / regex / gotime (Go value semantics), builtins / timefuncs /
metric_functions (function implementations).
"""

from __future__ import annotations

from app.engine.ottl.ast import Condition, Statement, to_text
from app.engine.ottl.checker import Checker
from app.engine.ottl.contexts import CONTEXTS
from app.engine.ottl.errors import OttlError, OttlRuntimeError, OttlUnsupported
from app.engine.ottl.evaluator import (
    CompiledCondition,
    CompiledStatement,
    ConditionSequence,
    StatementSequence,
    TransformContext,
    execute_statements,
    iter_contexts,
)
from app.engine.ottl.inference import infer_context
from app.engine.ottl.parser import parse_condition_tree, parse_statement_tree

__all__ = [
    "CONTEXTS",
    "CompiledCondition",
    "CompiledStatement",
    "Condition",
    "ConditionSequence",
    "OttlError",
    "OttlRuntimeError",
    "OttlUnsupported",
    "Statement",
    "StatementSequence",
    "TransformContext",
    "compile_condition",
    "compile_statement",
    "execute_statements",
    "infer_context",
    "iter_contexts",
    "parse_condition",
    "parse_statement",
    "to_text",
]


def parse_statement(
    text: str, context: str, *, processor: str = "transform", require_prefix: bool = False
) -> Statement:
    """Parse and check one statement (`editor(...) [where ...]`) for `context`.

    `require_prefix=True` applies the transform processor's flat-list rule that every path names
    its context (`datapoint.attributes`, not `attributes`).
    """
    checker = Checker(context, processor, require_prefix=require_prefix)
    try:
        editor, where = parse_statement_tree(text)
        checker.statement(editor, where)
    except OttlError as exc:
        raise exc.locate(text) from None
    return Statement(editor, where, context, text)


def parse_condition(text: str, context: str, *, processor: str = "filter", require_prefix: bool = False) -> Condition:
    """Parse and check one condition for `context`; `processor` is "filter" or "transform"
    (a transform `conditions:` entry or where clause, which cannot use `HasAttr*OnDatapoint`)."""
    checker = Checker(context, processor, require_prefix=require_prefix)
    try:
        expr = parse_condition_tree(text)
        checker.boolean(expr)
    except OttlError as exc:
        raise exc.locate(text) from None
    return Condition(expr, context, text)


def compile_statement(
    statement: Statement | str,
    context: str | None = None,
    *,
    processor: str = "transform",
    require_prefix: bool = False,
) -> CompiledStatement:
    """A runnable statement: OttlError for invalid text, OttlUnsupported for what the engine lacks."""
    if isinstance(statement, str):
        if context is None:
            raise ValueError("compiling statement text needs its context")
        statement = parse_statement(statement, context, processor=processor, require_prefix=require_prefix)
    try:
        return CompiledStatement(statement, require_prefix=require_prefix)
    except OttlError as exc:
        raise exc.locate(statement.text) from None


def compile_condition(
    condition: Condition | str, context: str | None = None, *, processor: str = "filter", require_prefix: bool = False
) -> CompiledCondition:
    """A runnable condition: OttlError for invalid text, OttlUnsupported for what the engine lacks."""
    if isinstance(condition, str):
        if context is None:
            raise ValueError("compiling condition text needs its context")
        condition = parse_condition(condition, context, processor=processor, require_prefix=require_prefix)
    try:
        return CompiledCondition(condition, require_prefix=require_prefix)
    except OttlError as exc:
        raise exc.locate(condition.text) from None
