"""Tier 4, OTTL: every condition and statement parses and type-checks in its context.

Parsing and checking are `app.engine.ottl`'s (the pinned release's grammar, paths, functions and
argument types). Transform groups without `context:` are inferred the way the collector does and
must then prefix every path. If the OTTL package cannot be imported the tier reports one warning
and a light lint still catches the two classic mistakes (`matches`, `random()`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from app.engine.components.base import OttlExpression
from app.validation.codes import Code, finding
from app.validation.issues import PathParts, ValidationIssue
from app.validation.schema import SchemaResult
from app.validation.source import YamlSource

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
_LINT = (
    (re.compile(r"\bmatches\b"), "OTTL has no `matches` operator: use IsMatch(target, pattern)"),
    (re.compile(r"\brandom\s*\("), "OTTL has no random() function"),
)


# What the checker's messages say is wrong (the parser's own errors are `ottl.syntax`).
_PATH_ERRORS = (
    "unknown path",
    "missing context name",
    "cannot be indexed",
    "alone is not a path",
    "context cannot read",
    "scope is written",
    "has extra path sections",
    "does not support indexing",
    "cache is only accessible",
)
_FUNCTION_ERRORS = ("undefined function", "unknown enum", "is a function: call it")


def _issue(source: YamlSource, code: Code, path: PathParts, message: str, column: int | None = None) -> ValidationIssue:
    return finding(code, path, source.line_of(path), message, column=column, tier="ottl")


def _code(ottl: Any, expr: OttlExpression, message: str) -> Code:
    """What kind of OTTL error `message` (raised for `expr`) reports."""
    parse_tree = ottl.parse_statement_tree if expr.kind == "statement" else ottl.parse_condition_tree
    try:
        parse_tree(expr.text)
    except ottl.OttlError:
        return Code.OTTL_SYNTAX
    if any(text in message for text in _FUNCTION_ERRORS):
        return Code.OTTL_UNKNOWN_FUNCTION
    if any(text in message for text in _PATH_ERRORS):
        return Code.OTTL_UNKNOWN_PATH
    return Code.OTTL_INVALID


def _expressions(result: SchemaResult) -> list[tuple[PathParts, OttlExpression]]:
    out = []
    for (section, component_id), model in sorted(result.components.items()):
        if section == "processors":
            out += [((section, component_id), e) for e in model.ottl_expressions()]  # type: ignore[attr-defined]
    return out


def _lint(source: YamlSource, found: list[tuple[PathParts, OttlExpression]]) -> list[ValidationIssue]:
    issues = []
    for base, expr in found:
        code = _STRINGS.sub('""', expr.text)
        for rule, message in _LINT:
            found_at = rule.search(code)
            if found_at:
                kind = Code.OTTL_SYNTAX if "operator" in message else Code.OTTL_UNKNOWN_FUNCTION
                issues.append(_issue(source, kind, (*base, *expr.path), message, found_at.start() + 1))
    return issues


def _contexts(
    ottl: Any, found: list[tuple[PathParts, OttlExpression]], source: YamlSource, issues: list[ValidationIssue]
) -> dict[PathParts, str | None]:
    """Inferred context of every transform group that does not name one."""
    groups: dict[PathParts, list[OttlExpression]] = defaultdict(list)
    for base, expr in found:
        if expr.context is None:
            groups[(*base, *expr.group)].append(expr)
    inferred: dict[PathParts, str | None] = {}
    for key, exprs in groups.items():
        statements = [e.text for e in exprs if e.kind == "statement"]
        conditions = [e.text for e in exprs if e.kind == "condition"]
        try:
            inferred[key] = ottl.infer_context(statements, conditions)
        except ottl.OttlError as exc:
            inferred[key] = None
            issues.append(_issue(source, Code.OTTL_CONTEXT, key, f"cannot infer the OTTL context: {exc.message}"))
    return inferred


def check_ottl(source: YamlSource, result: SchemaResult) -> list[ValidationIssue]:
    """Tier 4 over every OTTL expression of known processors."""
    found = _expressions(result)
    if not found:
        return []
    try:
        import app.engine.ottl as ottl
    except Exception as exc:  # missing, or broken mid-edit: never take validation down with it
        message = f"OTTL checker unavailable ({exc}); OTTL was not parsed"
        warning = _issue(source, Code.COVERAGE_NOT_CHECKED, (), message)
        return [warning, *_lint(source, found)]
    issues: list[ValidationIssue] = []
    inferred = _contexts(ottl, found, source, issues)
    for base, expr in found:
        path = (*base, *expr.path)
        context = expr.context or inferred.get((*base, *expr.group))
        if context is None:
            continue
        prefix = expr.context is None
        try:
            if expr.kind == "statement":
                ottl.parse_statement(expr.text, context, processor=expr.processor, require_prefix=prefix)
            else:
                ottl.parse_condition(expr.text, context, processor=expr.processor, require_prefix=prefix)
        except ottl.OttlError as exc:
            column = getattr(exc, "column", None)
            where = f" (line {exc.line}, column {column})" if getattr(exc, "line", None) else f" (column {column})"
            message = f"{exc.message}{where if column else ''}"
            issues.append(_issue(source, _code(ottl, expr, exc.message), path, message, column))
    return issues
