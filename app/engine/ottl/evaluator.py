"""Compiles checked OTTL into Python closures and runs them over `pdata` with `error_mode` semantics.

Compile once, evaluate many times: every path, key, literal and function is resolved while
compiling, so evaluation is a chain of small closures over a reused `TransformContext`. Anything
that parses but the engine does not implement raises `OttlUnsupported` here, never at run time.

`error_mode` (transform and filter READMEs): `propagate` raises the first error (the collector
drops the payload), `ignore` logs it and continues with the next statement/condition, `silent`
continues without logging. A condition that errors counts as not matched. Both processors default
to `ignore` in 0.159.0 (their `defaultErrorModeIgnore` feature gates); the sequences here default
to `propagate` and the component configs choose.

Since 0.13x many literal parameters became getters (`IsMatch`'s pattern, `delete_key`'s key,
`Concat`'s delimiter, ...). The implementations written for the literal form still take a literal:
`_LITERAL_ONLY` lists those parameters, and any other argument there is `OttlUnsupported`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from app.engine.ottl import ast
from app.engine.ottl.accessors import TransformContext, compile_path
from app.engine.ottl.builtins import CONVERTERS, EDITORS
from app.engine.ottl.checker import bind_arguments
from app.engine.ottl.contexts import resolve_enum, resolve_path
from app.engine.ottl.errors import OttlError, OttlRuntimeError, OttlUnsupported
from app.engine.ottl.functions import GETTERS, lookup
from app.engine.ottl.metric_functions import FILTER_METRIC, TRANSFORM_METRIC
from app.engine.ottl.timefuncs import TIME_CONVERTERS
from app.engine.ottl.values import arithmetic, compare, negate
from app.engine.pdata import MetricsBatch

log = logging.getLogger("app.engine.ottl")
ERROR_MODES = ("ignore", "silent", "propagate")
Fn = Callable[[TransformContext], Any]
_IMPLEMENTATIONS = {**CONVERTERS, **TIME_CONVERTERS, **EDITORS, **TRANSFORM_METRIC, **FILTER_METRIC}
# Getter parameters whose implementation needs the value while compiling (a literal, or a list of them).
_LITERAL_ONLY: dict[str, frozenset[str]] = {
    "Concat": frozenset({"delimiter"}),
    "HasPrefix": frozenset({"prefix"}),
    "HasSuffix": frozenset({"suffix"}),
    "Split": frozenset({"delimiter"}),
    "IsMatch": frozenset({"pattern"}),
    "delete_key": frozenset({"key"}),
    "keep_keys": frozenset({"keys"}),
    "delete_matching_keys": frozenset({"pattern"}),
    "keep_matching_keys": frozenset({"pattern"}),
    "replace_pattern": frozenset({"regex_pattern"}),
    "replace_all_patterns": frozenset({"regex_pattern"}),
}


class _Compiler:
    def __init__(self, context: str, require_prefix: bool = False) -> None:
        self.context, self.require_prefix = context, require_prefix

    def value(self, node: ast.Expr) -> Fn:
        if isinstance(node, ast.Literal):
            constant = node.value
            return lambda tc: constant
        if isinstance(node, ast.Path):
            return self.path(node)[0]
        if isinstance(node, ast.EnumRef):
            number = resolve_enum(node.name, self.context)
            if number is None:
                raise OttlError(f"unknown enum {node.name} in the {self.context} context", node.column)
            return lambda tc: number
        if isinstance(node, ast.ListExpr):
            items = [self.value(i) for i in node.items]
            return lambda tc: [item(tc) for item in items]
        if isinstance(node, ast.MapExpr):
            entries = [(k, self.value(v)) for k, v in node.items]
            return lambda tc: {k: v(tc) for k, v in entries}
        if isinstance(node, ast.MathOp):
            op, left, right = node.op, self.value(node.left), self.value(node.right)
            return lambda tc: arithmetic(op, left(tc), right(tc))
        if isinstance(node, ast.UnaryOp):
            operand = self.value(node.operand)
            return operand if node.op == "+" else lambda tc: negate(operand(tc))
        if isinstance(node, ast.Call):
            return self.converter(node)
        raise AssertionError(node)

    def path(self, node: ast.Path) -> tuple[Fn, Callable[[TransformContext, Any], None]]:
        resolved = resolve_path(node, self.context, require_prefix=self.require_prefix)
        return compile_path(resolved, [self.value(k.value) for k in resolved.keys])

    def converter(self, node: ast.Call) -> Fn:
        call = self.call(node)
        for key in node.keys:
            index, inner = self.value(key.value), call
            call = _indexed(inner, index)
        return call

    def call(self, node: ast.Call) -> Fn:
        spec = lookup(node.name)
        if spec is None:
            raise OttlError(f"undefined function {node.name}()", node.column)
        factory = _IMPLEMENTATIONS.get(node.name)
        if factory is None or not spec.engine_supported:
            raise OttlUnsupported(f"{node.name} is valid OTTL but not supported by the local engine", node.column)
        bound = bind_arguments(node, spec)
        literal_only = _LITERAL_ONLY.get(node.name, frozenset())
        args = [
            None
            if arg is None
            else _literal_argument(node.name, param.name, arg)
            if param.name in literal_only
            else self.argument(param.type, arg.value)
            for param, arg in zip(spec.params, bound, strict=True)
        ]
        try:
            return factory(args)
        except OttlError as exc:
            raise type(exc)(exc.message, exc.column or node.column) from None

    def argument(self, kind: str, node: ast.Expr) -> Any:
        if kind in GETTERS:
            return self.value(node)
        if kind in ("setter", "getsetter", "pslice_getsetter"):
            return self.path(node)  # type: ignore[arg-type]
        if kind == "pmap_getsetter":  # the map implementations change the map they read in place
            return self.value(node)
        if kind == "enum":
            return resolve_enum(node.name, self.context)  # type: ignore[union-attr]
        if kind == "function":
            return node.name  # type: ignore[union-attr]
        if kind.endswith("_list"):
            items = node.items  # type: ignore[union-attr]
            if kind.removesuffix("_list") in GETTERS:
                return [self.value(i) for i in items]
            return [i.value for i in items]
        return node.value  # type: ignore[union-attr]

    def boolean(self, node: ast.BoolExpr) -> Callable[[TransformContext], bool]:
        if isinstance(node, ast.Comparison):
            op, left, right = node.op, self.value(node.left), self.value(node.right)
            return lambda tc: compare(left(tc), right(tc), op)
        if isinstance(node, ast.BoolOp):
            parts = [self.boolean(o) for o in node.operands]
            if len(parts) == 2:  # the common case, without a generator per evaluation
                first, second = parts
                if node.op == "and":
                    return lambda tc: first(tc) and second(tc)
                return lambda tc: first(tc) or second(tc)
            if node.op == "and":
                return lambda tc: all(part(tc) for part in parts)
            return lambda tc: any(part(tc) for part in parts)
        if isinstance(node, ast.Not):
            inner = self.boolean(node.operand)
            return lambda tc: not inner(tc)
        if isinstance(node, ast.Literal):
            constant = bool(node.value)
            return lambda tc: constant
        call = self.converter(node)

        def converter_bool(tc: TransformContext) -> bool:
            result = call(tc)
            if type(result) is not bool:
                raise OttlRuntimeError(
                    "value returned from Converter in constExpr is not bool, only boolean values are allowed"
                )
            return result

        return converter_bool


def _literal_argument(function: str, param: str, arg: ast.Arg) -> Any:
    """A string literal (or a list of them) for an implementation that needs it while compiling."""
    value = arg.value
    if isinstance(value, ast.Literal) and value.kind == "string":
        return value.value
    if isinstance(value, ast.ListExpr) and all(isinstance(i, ast.Literal) and i.kind == "string" for i in value.items):
        return [i.value for i in value.items]  # type: ignore[union-attr]
    raise OttlUnsupported(
        f"{function}'s {param} is only supported by the local engine as a string literal "
        "(the collector also accepts a path or an expression there)",
        arg.column,
    )


def _indexed(inner: Fn, index: Fn) -> Fn:
    def run(tc: TransformContext) -> Any:
        value, key = inner(tc), index(tc)
        if type(value) is dict and type(key) is str:
            return value.get(key)
        if type(value) is list and type(key) is int:
            if not 0 <= key < len(value):
                raise OttlRuntimeError(f"index {key} out of bounds")
            return value[key]
        raise OttlRuntimeError(f"type {type(value).__name__} does not support indexing with {key!r}")

    return run


class CompiledStatement:
    """A statement ready to run: `execute(tc)` runs the editor when the where clause holds."""

    __slots__ = ("_condition", "_function", "text")

    def __init__(self, statement: ast.Statement, *, require_prefix: bool = False) -> None:
        compiler = _Compiler(statement.context, require_prefix)
        self.text = statement.text or statement.to_text()
        self._function = compiler.call(statement.editor)
        self._condition = compiler.boolean(statement.where) if statement.where is not None else None

    def execute(self, tc: TransformContext) -> bool:
        """Run on one element; returns whether the where clause matched. Raises OttlRuntimeError."""
        if self._condition is not None and not self._condition(tc):
            return False
        self._function(tc)
        return True


class CompiledCondition:
    __slots__ = ("_condition", "text")

    def __init__(self, condition: ast.Condition, *, require_prefix: bool = False) -> None:
        self.text = condition.text or condition.to_text()
        self._condition = _Compiler(condition.context, require_prefix).boolean(condition.expr)

    def eval(self, tc: TransformContext) -> bool:
        return self._condition(tc)


def _check_mode(error_mode: str) -> str:
    if error_mode not in ERROR_MODES:
        raise ValueError(f"error_mode must be one of {', '.join(ERROR_MODES)}, not {error_mode!r}")
    return error_mode


class ConditionSequence:
    """Conditions ORed (or ANDed) together, as the filter processor and transform groups use them."""

    def __init__(
        self, conditions: Iterable[CompiledCondition], error_mode: str = "propagate", logic: str = "or"
    ) -> None:
        if logic not in ("or", "and"):
            raise ValueError(f"logic must be 'or' or 'and', not {logic!r}")
        self.conditions, self.error_mode, self.logic = list(conditions), _check_mode(error_mode), logic

    def eval(self, tc: TransformContext) -> bool:
        matched_one = False
        for condition in self.conditions:
            try:
                matched = condition.eval(tc)
            except OttlRuntimeError as exc:
                if self.error_mode == "propagate":
                    raise OttlRuntimeError(f"failed to eval condition: {condition.text}, {exc}") from exc
                if self.error_mode == "ignore":
                    log.warning("failed to eval condition %r: %s", condition.text, exc)
                continue
            if matched and self.logic == "or":
                return True
            if not matched and self.logic == "and":
                return False
            matched_one = matched_one or matched
        return self.logic == "and" and matched_one


class StatementSequence:
    """A transform group: statements run in order on each element, optionally behind group conditions."""

    def __init__(
        self,
        statements: Iterable[CompiledStatement],
        error_mode: str = "propagate",
        conditions: ConditionSequence | None = None,
    ) -> None:
        self.statements, self.error_mode = list(statements), _check_mode(error_mode)
        self.conditions = conditions

    def execute(self, tc: TransformContext) -> None:
        if self.conditions is not None and not self.conditions.eval(tc):
            return
        for statement in self.statements:
            try:
                statement.execute(tc)
            except OttlRuntimeError as exc:
                if self.error_mode == "propagate":
                    raise OttlRuntimeError(f"failed to execute statement: {statement.text}, {exc}") from exc
                if self.error_mode == "ignore":
                    log.warning("failed to execute statement %r: %s", statement.text, exc)


def iter_contexts(batch: MetricsBatch, context: str) -> Iterator[TransformContext]:
    """One reused TransformContext per element of `context`; metrics appended while iterating are visited."""
    tc = TransformContext()
    for rm in batch.resource_metrics:
        tc.resource_metrics, tc.cache = rm, None
        if context == "resource":
            yield tc
            continue
        for sm in rm.scope_metrics:
            tc.scope_metrics, tc.metrics, tc.cache = sm, sm.metrics, None
            if context == "scope":
                yield tc
                continue
            index = 0
            while index < len(sm.metrics):
                tc.metric, tc.cache = sm.metrics[index], None
                index += 1
                if context == "metric":
                    yield tc
                    continue
                for dp in tc.metric.data_points:
                    tc.datapoint, tc.cache = dp, None
                    yield tc


def execute_statements(batch: MetricsBatch, context: str, sequence: StatementSequence) -> None:
    """Run a transform group over every element of `context` in the batch (in place)."""
    for tc in iter_contexts(batch, context):
        sequence.execute(tc)
