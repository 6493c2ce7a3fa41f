"""What one OTTL condition or statement reads, writes and compares, read off its syntax tree.

The semantic tier needs facts, not values: which attribute keys an expression reads and from which
map (resource or datapoint), which keys and metric names it writes, which thresholds it compares
`value_double`/`value_int` with, and which metric names it tests. Each fact carries the 1-based
column of its node in the OTTL text and the metric names it is narrowed to by an enclosing
`metric.name == "..."` (or `IsMatch(metric.name, "...")`) conjunct, so a read of `attributes["state"]`
under `metric.name == "process.memory.usage"` is checked against that metric alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from app.engine.collector import PROCESS_METRICS
from app.engine.ottl import ast
from app.engine.ottl.contexts import resolve_path
from app.engine.ottl.errors import OttlError

MapName = Literal["resource", "datapoint"]
ReadKind = Literal["read", "delete", "keep"]
"""`read`: the value is used; `delete`: delete_key/hash-like, only the map matters; `keep`: a key list
to keep (keep_keys, aggregate_on_attributes), only the map matters."""
Constraint = frozenset[str] | None
"""Metric names an expression is narrowed to; None when it is not narrowed."""

Search = Callable[[str, str], bool | None]
"""`search(pattern, text)`: an unanchored RE2 search; None when the pattern cannot be compiled."""


@dataclass(frozen=True)
class AttributeRead:
    map: MapName
    key: str
    column: int | None
    constraint: Constraint
    kind: ReadKind = "read"
    compared_with: str | None = None  # a string literal the value is compared with (== / !=)
    nil_check: bool = False  # `... == nil` / `... != nil`: a test whether the attribute is there at all


@dataclass(frozen=True)
class ValueComparison:
    field: Literal["value_double", "value_int"]
    op: str
    number: float
    column: int | None
    constraint: Constraint


@dataclass(frozen=True)
class MetricNameTest:
    name: str  # a literal name, or a pattern when `regex`
    regex: bool
    column: int | None


@dataclass
class ExpressionFacts:
    reads: list[AttributeRead] = field(default_factory=list)
    writes: list[tuple[MapName, str | None]] = field(default_factory=list)  # None: any key (merge_maps, ...)
    metric_writes: list[str] = field(default_factory=list)
    comparisons: list[ValueComparison] = field(default_factory=list)
    metric_tests: list[MetricNameTest] = field(default_factory=list)
    # (map, key, text, regex): values an attribute is tested against (== literal, or IsMatch pattern)
    attribute_tests: list[tuple[MapName, str, str, bool]] = field(default_factory=list)


_MAPS: dict[str, MapName] = {"resource": "resource", "datapoint": "datapoint"}
_EDITOR_KEY_ARGS = {"delete_key": "delete", "keep_keys": "keep"}


def _string(node: object) -> str | None:
    return node.value if isinstance(node, ast.Literal) and node.kind == "string" else None  # type: ignore[return-value]


def _number(node: object) -> float | None:
    if isinstance(node, ast.Literal) and node.kind in ("int", "float"):
        return float(node.value)  # type: ignore[arg-type]
    return None


class _Walker:
    def __init__(self, context: str, search: Search) -> None:
        self.context = context
        self.search = search
        self.facts = ExpressionFacts()

    # --- paths -----------------------------------------------------------------------------------

    def _resolve(self, node: object) -> tuple[str, str, tuple[ast.Key, ...]] | None:
        if not isinstance(node, ast.Path):
            return None
        try:
            resolved = resolve_path(node, self.context)
        except OttlError:
            return None  # the OTTL tier reports it
        return resolved.target, resolved.field.name, resolved.keys

    def _attribute(self, node: object) -> tuple[MapName, str | None, int | None] | None:
        """(map, literal key or None for the whole map, column) of an `attributes` path."""
        resolved = self._resolve(node)
        if resolved is None or resolved[1] != "attributes" or resolved[0] not in _MAPS:
            return None
        target, _, keys = resolved
        key = _string(keys[0].value) if keys else None
        if keys and key is None:
            return None  # a computed key: nothing to check
        column = keys[0].value.column if keys else node.column  # type: ignore[attr-defined]
        return _MAPS[target], key, column or None

    def _is_metric_name(self, node: object) -> bool:
        resolved = self._resolve(node)
        return resolved is not None and resolved[:2] == ("metric", "name")

    def _value_field(self, node: object) -> Literal["value_double", "value_int"] | None:
        resolved = self._resolve(node)
        if resolved is not None and resolved[0] == "datapoint" and resolved[1] in ("value_double", "value_int"):
            return resolved[1]  # type: ignore[return-value]
        return None

    # --- metric-name narrowing --------------------------------------------------------------------

    def _names_matching(self, pattern: str) -> Constraint:
        matched = set()
        for name in PROCESS_METRICS:
            found = self.search(pattern, name)
            if found is None:
                return None
            if found:
                matched.add(name)
        return frozenset(matched)

    def _name_test(self, node: object) -> Constraint:
        """The metric names `node` (one conjunct) requires, or None when it does not test the name."""
        if isinstance(node, ast.Comparison) and node.op == "==":
            for one, other in ((node.left, node.right), (node.right, node.left)):
                literal = _string(other)
                if literal is not None and self._is_metric_name(one):
                    return frozenset({literal})
        if isinstance(node, ast.Call) and node.name == "IsMatch" and len(node.args) == 2:
            pattern = _string(node.args[1].value)
            if pattern is not None and self._is_metric_name(node.args[0].value):
                return self._names_matching(pattern)
        return None

    def narrowing(self, node: object | None) -> Constraint:
        """Metric names a whole condition (or where clause) requires."""
        if node is None:
            return None
        conjuncts = node.operands if isinstance(node, ast.BoolOp) and node.op == "and" else (node,)
        return _intersect(None, *(self._name_test(c) for c in conjuncts))

    # --- walking ---------------------------------------------------------------------------------

    def boolean(self, node: object, constraint: Constraint) -> None:
        if isinstance(node, ast.BoolOp):
            if node.op == "and":
                constraint = _intersect(constraint, *(self._name_test(o) for o in node.operands))
            for operand in node.operands:
                self.boolean(operand, constraint)
        elif isinstance(node, ast.Not):
            self.boolean(node.operand, constraint)
        elif isinstance(node, ast.Comparison):
            self._comparison(node, constraint)
        elif isinstance(node, ast.Call):
            self._call(node, constraint)

    def _comparison(self, node: ast.Comparison, constraint: Constraint) -> None:
        for one, other in ((node.left, node.right), (node.right, node.left)):
            literal, number = _string(other), _number(other)
            value_field = self._value_field(one)
            if value_field is not None and number is not None:
                op = node.op if one is node.left else _MIRROR[node.op]
                self.facts.comparisons.append(
                    ValueComparison(value_field, op, number, one.column or None, constraint)  # type: ignore[union-attr]
                )
            if literal is not None and self._is_metric_name(one):
                self.facts.metric_tests.append(MetricNameTest(literal, False, other.column or None))  # type: ignore[union-attr]
        literal_right, literal_left = _string(node.right), _string(node.left)
        if node.op in ("==", "!=") and (literal_right is not None or literal_left is not None):
            side = node.left if literal_right is not None else node.right
            attribute = self._attribute(side)
            if attribute is not None and attribute[1] is not None:
                compared = literal_right if literal_right is not None else literal_left
                self.facts.attribute_tests.append((attribute[0], attribute[1], compared, False))  # type: ignore[arg-type]
                self.facts.reads.append(
                    AttributeRead(attribute[0], attribute[1], attribute[2], constraint, "read", compared)
                )
                return
        for one, other in ((node.left, node.right), (node.right, node.left)):
            attribute = self._attribute(one)
            if isinstance(other, ast.Literal) and other.kind == "nil" and attribute is not None and attribute[1]:
                read = AttributeRead(attribute[0], attribute[1], attribute[2], constraint, "read", nil_check=True)
                self.facts.reads.append(read)
                return
        self.value(node.left, constraint)
        self.value(node.right, constraint)

    def _call(self, node: ast.Call, constraint: Constraint) -> None:
        pattern = _string(node.args[1].value) if node.name == "IsMatch" and len(node.args) == 2 else None
        if pattern is not None and self._is_metric_name(node.args[0].value):
            self.facts.metric_tests.append(MetricNameTest(pattern, True, node.args[1].value.column or None))  # type: ignore[union-attr]
        elif pattern is not None:
            attribute = self._attribute(node.args[0].value)
            if attribute is not None and attribute[1] is not None:
                self.facts.attribute_tests.append((attribute[0], attribute[1], pattern, True))
        for arg in node.args:
            self.value(arg.value, constraint)
        for key in node.keys:
            self.value(key.value, constraint)

    def value(self, node: object, constraint: Constraint) -> None:
        if isinstance(node, ast.Path):
            attribute = self._attribute(node)
            if attribute is not None and attribute[1] is not None:
                self.facts.reads.append(AttributeRead(attribute[0], attribute[1], attribute[2], constraint))
            for segment in node.segments:
                for key in segment.keys:
                    self.value(key.value, constraint)
        elif isinstance(node, ast.Call):
            self._call(node, constraint)
        elif isinstance(node, ast.MathOp):
            self.value(node.left, constraint)
            self.value(node.right, constraint)
        elif isinstance(node, ast.ListExpr):
            for item in node.items:
                self.value(item, constraint)
        elif isinstance(node, ast.MapExpr):
            for _, item in node.items:
                self.value(item, constraint)
        elif isinstance(node, ast.Comparison | ast.BoolOp | ast.Not):
            self.boolean(node, constraint)

    def editor(self, call: ast.Call, constraint: Constraint) -> None:
        args = [a.value for a in call.args]
        named = {a.name: a.value for a in call.args if a.name}
        if call.name == "set" and len(args) == 2:
            target = self._attribute(args[0])
            if target is not None:
                self.facts.writes.append((target[0], target[1]))
            elif self._is_metric_name(args[0]) and _string(args[1]) is not None:
                self.facts.metric_writes.append(_string(args[1]))  # type: ignore[arg-type]
            self.value(args[1], constraint)
            return
        if call.name in _EDITOR_KEY_ARGS and len(args) == 2:
            target = self._attribute(args[0])
            if target is not None and target[1] is None:
                keys = args[1].items if isinstance(args[1], ast.ListExpr) else (args[1],)
                for key in keys:
                    if _string(key) is not None:
                        kind: ReadKind = _EDITOR_KEY_ARGS[call.name]  # type: ignore[assignment]
                        self.facts.reads.append(
                            AttributeRead(target[0], _string(key), key.column or None, constraint, kind)  # type: ignore[arg-type,union-attr]
                        )
            return
        if call.name in ("merge_maps", "flatten") and args:
            target = self._attribute(args[0])
            if target is not None:
                self.facts.writes.append((target[0], None))
        if call.name == "aggregate_on_attributes" and len(args) >= 2 and isinstance(args[1], ast.ListExpr):
            for key in args[1].items:
                if _string(key) is not None:
                    read = AttributeRead("datapoint", _string(key), key.column or None, constraint, "keep")  # type: ignore[arg-type,union-attr]
                    self.facts.reads.append(read)
            return
        if call.name == "aggregate_on_attribute_value" and len(args) >= 2 and _string(args[1]) is not None:
            read = AttributeRead("datapoint", _string(args[1]), args[1].column or None, constraint, "keep")  # type: ignore[arg-type,union-attr]
            self.facts.reads.append(read)
            return
        if call.name == "copy_metric":
            name = named.get("name", args[0] if args and not call.args[0].name else None)
            if _string(name) is not None:
                self.facts.metric_writes.append(_string(name))  # type: ignore[arg-type]
        for arg in args:
            self.value(arg, constraint)


_MIRROR = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!="}


def _intersect(base: Constraint, *more: Constraint) -> Constraint:
    out = base
    for names in more:
        if names is None:
            continue
        out = names if out is None else out & names
    return out


def condition_facts(expr: ast.BoolExpr, context: str, search: Search, outer: Constraint = None) -> ExpressionFacts:
    """Facts of one condition (filter condition, transform group condition)."""
    walker = _Walker(context, search)
    walker.boolean(expr, _intersect(outer, walker.narrowing(expr)))
    return walker.facts


def statement_facts(
    editor: ast.Call, where: ast.BoolExpr | None, context: str, search: Search, outer: Constraint = None
) -> ExpressionFacts:
    """Facts of one statement; the where clause narrows the editor's reads and writes too."""
    walker = _Walker(context, search)
    constraint = _intersect(outer, walker.narrowing(where))
    if where is not None:
        walker.boolean(where, constraint)
    walker.editor(editor, constraint)
    return walker.facts


def group_narrowing(conditions: Iterable[ast.BoolExpr], context: str, search: Search) -> Constraint:
    """Metric names a transform group's `conditions` (ORed) narrow its statements to."""
    walker = _Walker(context, search)
    names: set[str] = set()
    conditions = list(conditions)
    if not conditions:
        return None
    for condition in conditions:
        narrowed = walker.narrowing(condition)
        if narrowed is None:
            return None
        names |= narrowed
    return frozenset(names)
