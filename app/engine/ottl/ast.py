"""The OTTL syntax tree and its canonical printer.

Nodes are immutable and carry the 1-based column where they start, so every later error (unknown
path, wrong argument, unsupported function) can point at the right place in the user's text.
`to_text` prints a node back as canonical OTTL; parsing that text gives the same tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal as TypingLiteral

LiteralKind = TypingLiteral["string", "int", "float", "bool", "nil", "bytes"]


@dataclass(frozen=True, slots=True)
class Literal:
    kind: LiteralKind
    value: object
    column: int = field(default=0, compare=False)
    # Written as math (`-1`, `+2.5`, `(3)`): the collector folds it into a literal for a getter, but
    # a parameter that takes a plain int or float literal refuses it (0.159.0 math.go, functions.go).
    math: bool = field(default=False, compare=False)


@dataclass(frozen=True, slots=True)
class Key:
    """One `[...]` index: a string or int literal, or (since 0.118) any value expression."""

    value: Expr
    column: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Segment:
    name: str
    keys: tuple[Key, ...] = ()
    column: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Path:
    segments: tuple[Segment, ...]
    column: int = field(default=0, compare=False)

    @property
    def dotted(self) -> str:
        return ".".join(s.name for s in self.segments)


@dataclass(frozen=True, slots=True)
class EnumRef:
    """A bare uppercase name: an enum symbol, or a converter passed by name (e.g. `SHA256`)."""

    name: str
    column: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class ListExpr:
    items: tuple[Expr, ...]
    column: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class MapExpr:
    items: tuple[tuple[str, Expr], ...]
    column: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Arg:
    value: Expr
    name: str | None = None
    column: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Call:
    """An editor (lowercase name) or converter (uppercase name) invocation."""

    name: str
    args: tuple[Arg, ...] = ()
    keys: tuple[Key, ...] = ()
    column: int = field(default=0, compare=False)

    @property
    def is_editor(self) -> bool:
        return self.name[:1].islower()


@dataclass(frozen=True, slots=True)
class MathOp:
    op: str  # + - * /
    left: Expr
    right: Expr
    column: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class UnaryOp:
    """`-x` or `+x` on a path, a converter or a parenthesised expression (0.159.0). A sign on a
    number is folded into the literal instead (`-1` is `Literal(-1, math=True)`), and so is a
    parenthesised number (`(1)`, `+(1)`), as the collector does. `-` negates an int64 (wrapping) or
    a float64 and fails on anything else; `+` returns its operand unchanged, whatever its type. A
    parenthesised path `(x)` is `+x`: the same value, but math, so it is not a path argument."""

    op: str  # - +
    operand: Expr
    column: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Comparison:
    op: str  # == != < <= > >=
    left: Expr
    right: Expr
    column: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class BoolOp:
    op: str  # and, or
    operands: tuple[BoolExpr, ...]
    column: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Not:
    operand: BoolExpr
    column: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Lambda:
    """`(k, v) => body`, a function argument (0.155+; the collector only accepts it behind the
    `ottl.functions.enableLambda` feature gate). The body is a value or a boolean expression."""

    params: tuple[str, ...]
    body: Expr | BoolExpr
    column: int = field(default=0, compare=False)


Expr = Literal | Path | EnumRef | ListExpr | MapExpr | Call | MathOp | UnaryOp | Lambda
BoolExpr = Comparison | BoolOp | Not | Literal | Call


@dataclass(frozen=True, slots=True)
class Statement:
    """`editor(args) [where condition]`, checked against the context it was parsed for."""

    editor: Call
    where: BoolExpr | None
    context: str
    text: str = field(default="", compare=False)

    def to_text(self) -> str:
        return to_text(self)


@dataclass(frozen=True, slots=True)
class Condition:
    """A boolean expression, checked against the context it was parsed for."""

    expr: BoolExpr
    context: str
    text: str = field(default="", compare=False)

    def to_text(self) -> str:
        return to_text(self)


# --- printer -------------------------------------------------------------------------------------

_GO_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\v": "\\v",
}


def quote(text: str) -> str:
    """A Go double-quoted string literal for `text` (what OTTL's lexer unquotes)."""
    out = []
    for ch in text:
        if ch in _GO_ESCAPES:
            out.append(_GO_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _float_text(value: float) -> str:
    text = repr(value)
    if "e" in text or "E" in text or "inf" in text or "nan" in text:
        mantissa, _, exponent = text.partition("e")
        if "." not in mantissa:
            mantissa += ".0"
        return f"{mantissa}e{exponent}" if exponent else mantissa
    return text


def _literal_text(node: Literal) -> str:
    if node.kind == "string":
        return quote(str(node.value))
    if node.kind == "bool":
        return "true" if node.value else "false"
    if node.kind == "nil":
        return "nil"
    if node.kind == "bytes":
        return "0x" + bytes(node.value).hex()  # type: ignore[arg-type]
    text = _float_text(float(node.value)) if node.kind == "float" else str(node.value)  # type: ignore[arg-type]
    # A folded sign prints as the sign (numbers lex unsigned); a positive number written as math keeps a `+`.
    return "+" + text if node.math and not text.startswith("-") else text


def _keys_text(keys: tuple[Key, ...]) -> str:
    return "".join(f"[{to_text(k.value)}]" for k in keys)


_MATH_RANK = {"+": 1, "-": 1, "*": 2, "/": 2}


def _math_operand(node: Expr, parent_rank: int, right: bool) -> str:
    text = to_text(node)
    if isinstance(node, MathOp):
        rank = _MATH_RANK[node.op]
        if rank < parent_rank or (right and rank == parent_rank):
            return f"({text})"
    return text


def _unary_operand(node: Expr) -> str:
    # Only a path or a converter takes a bare sign; `-(1)` is not `-1` (a runtime negation, not a
    # folded literal) and `--1` is not OTTL.
    if isinstance(node, Path | Call):
        return to_text(node)
    if isinstance(node, Literal):  # the parentheses already make it math: `-(1)`, not `-(+1)`
        return f"({_literal_text(Literal(node.kind, node.value))})"
    return f"({to_text(node)})"


def _bool_operand(node: BoolExpr, parent: str) -> str:
    text = to_text(node)
    if parent == "not" and isinstance(node, BoolOp | Not):
        return f"({text})"
    # Same-operator nesting keeps its parentheses so the printed text parses back to the same tree.
    if isinstance(node, BoolOp) and (node.op == parent or (parent == "and" and node.op == "or")):
        return f"({text})"
    return text


def to_text(node: object) -> str:
    """Canonical OTTL text for any node, statement or condition."""
    if isinstance(node, Statement):
        text = to_text(node.editor)
        return f"{text} where {to_text(node.where)}" if node.where is not None else text
    if isinstance(node, Condition):
        return to_text(node.expr)
    if isinstance(node, Literal):
        return _literal_text(node)
    if isinstance(node, Path):
        return ".".join(s.name + _keys_text(s.keys) for s in node.segments)
    if isinstance(node, EnumRef):
        return node.name
    if isinstance(node, ListExpr):
        return "[" + ", ".join(to_text(i) for i in node.items) + "]"
    if isinstance(node, MapExpr):
        return "{" + ", ".join(f"{quote(k)}: {to_text(v)}" for k, v in node.items) + "}"
    if isinstance(node, Call):
        args = ", ".join((f"{a.name} = " if a.name else "") + to_text(a.value) for a in node.args)
        return f"{node.name}({args}){_keys_text(node.keys)}"
    if isinstance(node, MathOp):
        rank = _MATH_RANK[node.op]
        return f"{_math_operand(node.left, rank, False)} {node.op} {_math_operand(node.right, rank, True)}"
    if isinstance(node, UnaryOp):
        return f"{node.op}{_unary_operand(node.operand)}"
    if isinstance(node, Comparison):
        return f"{to_text(node.left)} {node.op} {to_text(node.right)}"
    if isinstance(node, BoolOp):
        return f" {node.op} ".join(_bool_operand(o, node.op) for o in node.operands)
    if isinstance(node, Not):
        return f"not {_bool_operand(node.operand, 'not')}"
    if isinstance(node, Lambda):
        return f"({', '.join(node.params)}) => {to_text(node.body)}"
    raise TypeError(f"not an OTTL node: {node!r}")
