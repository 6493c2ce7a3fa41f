"""OTTL text → syntax tree: the lark LALR parser, Go string unquoting and helpful syntax errors.

The grammar (`grammar.lark`) is deliberately permissive about where booleans and values may
appear; this module enforces OTTL's rules while it builds the tree, so a misplaced comparison or
an operator OTTL does not have (`matches`, `&&`, `=~`) gets a message that says what to write
instead, with the 1-based column of the offending token.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path as FsPath

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from app.engine.ottl import ast
from app.engine.ottl.errors import OttlError

_INT64_MAX = 2**63 - 1

_TOKEN_NAMES = {
    "RPAR": "')'",
    "LPAR": "'('",
    "COMMA": "','",
    "DOT": "'.'",
    "RSQB": "']'",
    "LSQB": "'['",
    "RBRACE": "'}'",
    "LBRACE": "'{'",
    "COLON": "':'",
    "EQUAL": "'='",
    "COMP_OP": "a comparison operator",
    "ADD_OP": "'+' or '-'",
    "MUL_OP": "'*' or '/'",
    "_WHERE": "'where'",
    "_OR": "'or'",
    "_AND": "'and'",
    "NOT": "'not'",
    "STRING": "a string",
    "INT": "an int",
    "FLOAT": "a float",
    "BYTES": "a byte slice",
    "TRUE": "true",
    "FALSE": "false",
    "NIL": "nil",
    "LOWER_NAME": "a path or editor name",
    "UPPER_NAME": "a converter or enum name",
    "LAMBDA_HEAD": "a lambda (x) =>",
    "$END": "the end of the text",
}

# Words people reach for that OTTL does not have, and what to write instead.
_WORD_HINTS = {
    "matches": "`matches` is not an OTTL operator: use IsMatch(target, pattern)",
    "match": "`match` is not an OTTL operator: use IsMatch(target, pattern)",
    "like": "`like` is not an OTTL operator: use IsMatch(target, pattern)",
    "contains": '`contains` is not an OTTL operator: use IsMatch(target, ".*text.*")',
    "in": "`in` is not an OTTL operator: compare each value with == and join them with `or`",
    "startswith": "`startswith` is not an OTTL operator: use HasPrefix(target, prefix)",
    "endswith": "`endswith` is not an OTTL operator: use HasSuffix(target, suffix)",
    "is": "`is` is not an OTTL operator: use == (and == nil to test for a missing value)",
    "null": "OTTL writes a missing value as `nil`, not `null`",
    "if": "OTTL has no `if`: put the condition in a `where` clause after the editor",
    "when": "OTTL has no `when`: put the condition in a `where` clause after the editor",
}
_CHAR_HINTS = {
    "&": "OTTL joins conditions with `and`, not `&&`",
    "|": "OTTL joins conditions with `or`, not `||`",
    "!": "OTTL negates with `not`, not `!` (the only `!` is in `!=`)",
    "'": 'OTTL strings use double quotes: "text"',
    "~": "OTTL has no regex operator: use IsMatch(target, pattern)",
    "%": "OTTL math only has + - * /",
    "$": "`$` is not OTTL syntax (in a collector config `$$` stands for one literal `$`)",
}


@cache
def _lark() -> Lark:
    grammar = (FsPath(__file__).parent / "grammar.lark").read_text()
    return Lark(
        grammar,
        start=["statement", "condition"],
        parser="lalr",
        lexer="basic",
        propagate_positions=True,
        maybe_placeholders=True,
    )


def parse_statement_tree(text: str) -> tuple[ast.Call, ast.BoolExpr | None]:
    """Parse `editor(...) [where ...]` into its call and optional where clause (not yet checked)."""
    tree = _parse(text, "statement")
    call = _build(tree.children[0])
    where = tree.children[1] if len(tree.children) > 1 else None
    return call, (_as_bool(_build(where)) if where is not None else None)  # type: ignore[return-value]


def parse_condition_tree(text: str) -> ast.BoolExpr:
    """Parse a boolean expression (not yet checked)."""
    tree = _parse(text, "condition")
    return _as_bool(_build(tree.children[0]))


def _parse(text: str, start: str) -> Tree:
    if not text.strip():
        raise OttlError(f"the {start} is empty", 1)
    try:
        return _lark().parse(text, start=start)
    except UnexpectedInput as exc:
        raise _syntax_error(text, exc, start) from None


def _expected(exc: UnexpectedToken | UnexpectedEOF) -> str:
    names = sorted({_TOKEN_NAMES.get(t, t) for t in exc.expected if not t.startswith("__")})
    if not names or len(names) > 6:
        return ""
    return "; expected " + (", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0])


def _syntax_error(text: str, exc: UnexpectedInput, start: str) -> OttlError:
    if isinstance(exc, UnexpectedCharacters):
        char = text[exc.pos_in_stream] if exc.pos_in_stream < len(text) else ""
        hint = _CHAR_HINTS.get(char, f"unexpected character {char!r}")
        return OttlError(f"{start} has invalid syntax: {hint}", exc.pos_in_stream + 1)
    if isinstance(exc, UnexpectedEOF) or (isinstance(exc, UnexpectedToken) and exc.token.type == "$END"):
        return OttlError(f"{start} has invalid syntax: it ends too early{_expected(exc)}", len(text) + 1)
    assert isinstance(exc, UnexpectedToken)
    token = exc.token
    word = str(token)
    if token.type in ("LOWER_NAME", "UPPER_NAME") and word.lower() in _WORD_HINTS:
        return OttlError(f"{start} has invalid syntax: {_WORD_HINTS[word.lower()]}", _col(token))
    if token.type == "EQUAL":
        after = text[token.end_pos : token.end_pos + 1] if token.end_pos is not None else ""
        hint = _CHAR_HINTS["~"] if after == "~" else "compare with `==`; a single `=` only names a function argument"
        return OttlError(f"{start} has invalid syntax: {hint}", _col(token))
    if token.type == "ADD_OP" and text[: token.start_pos].rstrip()[-1:] in ("+", "-"):
        return OttlError(
            f"{start} has invalid syntax: OTTL allows one sign before an operand; write -(-x), not --x",
            _col(token),
        )
    if token.type == "_WHERE" and start == "condition":
        return OttlError(
            "condition has invalid syntax: a condition has no `where`; write only the boolean expression", _col(token)
        )
    return OttlError(f"{start} has invalid syntax: unexpected {word!r}{_expected(exc)}", _col(token))


# --- tree → AST ----------------------------------------------------------------------------------


def _col(node: Tree | Token) -> int:
    """1-based position in the whole text (the column, for the usual one-line expression)."""
    if isinstance(node, Token):
        return (node.start_pos or 0) + 1
    return getattr(node.meta, "start_pos", 0) + 1


def _children(tree: Tree) -> list:
    return [
        c
        for c in tree.children
        if c is not None and not (isinstance(c, Token) and c.type in ("LPAR", "LSQB", "LBRACE", "EQUAL"))
    ]


def _build(node: Tree | Token):  # one dispatch over the grammar's rules
    if isinstance(node, Token):
        raise AssertionError(f"unexpected token {node!r}")
    rule, kids, column = node.data, _children(node), _col(node)
    if rule == "bool_expr" or rule == "and_expr":
        parts = [_build(k) for k in kids]
        if len(parts) == 1:
            return parts[0]
        return ast.BoolOp("or" if rule == "bool_expr" else "and", tuple(_as_bool(p) for p in parts), column)
    if rule == "not_expr":
        if len(kids) == 1:
            return _build(kids[0])
        return ast.Not(_as_bool(_build(kids[1])), column)
    if rule == "comparison":
        if len(kids) == 1:
            return _build(kids[0])
        return ast.Comparison(str(kids[1]), _as_value(_build(kids[0])), _as_value(_build(kids[2])), column)
    if rule in ("sum", "product"):
        result = _build(kids[0])
        for op, right in zip(kids[1::2], kids[2::2], strict=True):
            result = ast.MathOp(str(op), _as_math(result), _as_math(_build(right)), _col(op))
        return result
    if rule == "signed":
        return _signed(str(kids[0]), _build(kids[1]), column)
    if rule == "group":
        inner = _build(kids[0])
        return inner if isinstance(inner, _BOOL_LIKE) else _Parenthesised(inner, column)
    if rule == "literal":
        return _literal(kids[0])
    if rule == "enum":
        return ast.EnumRef(str(kids[0]), column)
    if rule == "path":
        return _path(kids, column)
    if rule == "call":
        return _call(kids, column)
    if rule == "list":
        return ast.ListExpr(tuple(_as_value(_build(k)) for k in kids), column)
    if rule == "lambda":
        head, body = kids
        params = tuple(p.strip() for p in str(head).strip()[1:].rsplit(")", 1)[0].split(",") if p.strip())
        return ast.Lambda(params, _lambda_body(_build(body)), column)
    if rule == "map":
        items = []
        for item in kids:
            key_token, value = _children(item)
            items.append((go_unquote(str(key_token), _col(key_token)), _as_value(_build(value))))
        return ast.MapExpr(tuple(items), column)
    raise AssertionError(f"unknown rule {rule}")


def _literal(token: Token) -> ast.Literal:
    text, column = str(token), _col(token)
    kind = token.type
    if kind == "STRING":
        return ast.Literal("string", go_unquote(text, column), column)
    if kind == "INT":
        return ast.Literal("int", _int(text, column), column)
    if kind == "FLOAT":
        value = float(text)
        if math.isinf(value):  # strconv.ParseFloat's range error: the collector refuses the statement
            raise OttlError(f"float {text} is out of the float64 range", column)
        return ast.Literal("float", value, column)
    if kind == "BYTES":
        digits = text[2:]
        if len(digits) % 2:
            raise OttlError(f"byte slice {text} has an odd number of hex digits", column)
        return ast.Literal("bytes", bytes.fromhex(digits), column)
    if kind in ("TRUE", "FALSE"):
        return ast.Literal("bool", kind == "TRUE", column)
    return ast.Literal("nil", None, column)


def _int(text: str, column: int) -> int:
    """An unsigned INT token as the collector reads it: strconv.ParseInt(text, 0, 64), so a leading
    0 makes it octal (`010` is 8, `08` is refused) and the sign of `-9223372036854775808` comes too
    late to bring 9223372036854775808 into range."""
    if len(text) > 1 and text[0] == "0":
        if not set(text) <= set("01234567"):
            raise OttlError(f"integer {text} is not valid: a leading 0 makes OTTL read it as octal (base 8)", column)
        value = int(text, 8)
    else:
        value = int(text)
    if value > _INT64_MAX:
        hint = "; write -9223372036854775807 - 1 for the smallest int64" if value == _INT64_MAX + 1 else ""
        raise OttlError(f"integer {text} is out of the int64 range{hint}", column)
    return value


def _signed(op: str, operand, column: int):
    """A sign before an operand, as math.go's evaluateMathValue reads it: folded into a number
    literal, a runtime negation of a path, a converter or a parenthesised expression (`+` of those
    returns them unchanged, but as math); refused before anything else."""
    if isinstance(operand, ast.Literal) and operand.kind in ("int", "float"):
        value = -operand.value if op == "-" else operand.value  # type: ignore[operator]
        return ast.Literal(operand.kind, value, column, math=True)
    if isinstance(operand, _Parenthesised):
        inner = _as_value(operand)
        if op == "+":
            return inner
        if isinstance(inner, ast.UnaryOp) and inner.op == "+":  # -(x) negates x itself
            inner = inner.operand
        return ast.UnaryOp("-", inner, column)
    if isinstance(operand, ast.Path | ast.Call):
        return ast.UnaryOp(op, operand, column)
    raise OttlError(
        f"a sign ({op}) only goes before a number, a path, a converter or a parenthesised math expression",
        column,
    )


def _key(tree: Tree) -> ast.Key:
    value = _as_value(_build(_children(tree)[0]))
    ok = isinstance(value, ast.Path | ast.Call | ast.MathOp | ast.UnaryOp) or (
        isinstance(value, ast.Literal) and value.kind in ("string", "int", "float")
    )
    if not ok:
        raise OttlError("an index must be a string, an int, a path, a converter or a math expression", _col(tree))
    return ast.Key(value, _col(tree))


def _path(kids: list, column: int) -> ast.Path:
    segments: list[ast.Segment] = []
    for kid in kids:
        if isinstance(kid, Token):
            name = str(kid)
            if name != name.lower():
                raise OttlError(
                    f"path segment {name!r} must be lowercase; attribute keys go in brackets, "
                    f'e.g. attributes["{name}"]',
                    _col(kid),
                )
            segments.append(ast.Segment(name, (), _col(kid)))
        else:
            last = segments[-1]
            segments[-1] = ast.Segment(last.name, (*last.keys, _key(kid)), last.column)
    return ast.Path(tuple(segments), column)


def _call(kids: list, column: int) -> ast.Call:
    name = str(kids[0])
    args: list[ast.Arg] = []
    keys: list[ast.Key] = []
    seen_named = False
    for kid in kids[1:]:
        if kid.data == "key":
            keys.append(_key(kid))
            continue
        parts = _children(kid)
        if kid.data == "named_arg":
            seen_named = True
            args.append(ast.Arg(_as_value(_build(parts[1])), str(parts[0]), _col(kid)))
        else:
            if seen_named:
                raise OttlError(f"in {name}(): unnamed argument used after named argument", _col(kid))
            args.append(ast.Arg(_as_value(_build(parts[0])), None, _col(kid)))
    if keys and name[:1].islower():
        raise OttlError(f"only paths and converters may be indexed, not the editor {name}()", keys[0].column)
    return ast.Call(name, tuple(args), tuple(keys), column)


_BOOL_LIKE = ast.Comparison | ast.BoolOp | ast.Not


@dataclass(frozen=True, slots=True)
class _Parenthesised:
    """`( ... )` around something that is not a comparison or and/or/not, until its use decides what
    it is: a boolean sub-expression in a condition, a math sub-expression where a value goes (OTTL's
    grammar has no other parentheses, so `("a")` is not a value and `(true)` is only a condition)."""

    inner: object
    column: int


def _as_value(node):
    """`node` where OTTL expects a value (argument, operand, key, list or map item)."""
    if isinstance(node, _Parenthesised):
        return _math_group(node)
    if isinstance(node, _BOOL_LIKE):
        what = {ast.Comparison: "a comparison", ast.BoolOp: f"`{getattr(node, 'op', '')}`", ast.Not: "`not`"}[
            type(node)
        ]
        raise OttlError(
            f"{what} cannot be used as a value: comparisons and and/or/not only appear in where clauses and conditions",
            node.column,
        )
    return node


def _as_math(node):
    """`node` where OTTL expects a math operand: a number, a path, a converter or a math expression."""
    node = _as_value(node)
    if isinstance(node, ast.Literal) and node.kind not in ("int", "float"):
        raise OttlError(
            f"a {node.kind} literal cannot be used in a math expression (only + - * / on "
            "numbers, paths and converters)",
            node.column,
        )
    if isinstance(node, ast.EnumRef | ast.ListExpr | ast.MapExpr):
        raise OttlError("math expressions only take numbers, paths and converters", node.column)
    return node


def _math_group(group: _Parenthesised):
    """`(x)` where a value goes: math.go returns x's own getter, so a number stays a (folded)
    literal and a math expression stays itself, but the collector no longer sees a plain literal or
    a path: `limit(attributes, (1), [])` and `set((attributes["x"]), 1)` are refused."""
    inner = _as_value(group.inner)
    if isinstance(inner, ast.Literal) and inner.kind in ("int", "float"):
        return ast.Literal(inner.kind, inner.value, group.column, math=True)
    if isinstance(inner, ast.Path):
        return ast.UnaryOp("+", inner, group.column)
    if isinstance(inner, ast.Call | ast.MathOp | ast.UnaryOp):
        return inner
    raise OttlError(
        "parentheses around a value only group math (numbers, paths, converters, + - * /); "
        "write the value without them",
        group.column,
    )


def _lambda_body(node):
    """A lambda body is a value or a condition; parentheses decide which by what they hold."""
    if not isinstance(node, _Parenthesised):
        return node
    try:
        return _as_value(node)
    except OttlError:
        return _as_bool(node)


def _as_bool(node):
    """`node` where OTTL expects a boolean: a comparison, true/false, a converter, and/or/not."""
    if isinstance(node, _Parenthesised):
        return _as_bool(node.inner)
    if isinstance(node, _BOOL_LIKE | ast.Call):
        return node
    if isinstance(node, ast.Literal) and node.kind == "bool":
        return node
    example = 'a comparison such as attributes["k"] != nil, true/false, or a converter such as IsMatch(...)'
    if isinstance(node, ast.Path):
        raise OttlError(f"the path {node.dotted} alone is not a condition: use {example}", node.column)
    raise OttlError(f"expected a condition: {example}", getattr(node, "column", None))


# --- Go string literals --------------------------------------------------------------------------

_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\", '"': '"'}


def go_unquote(text: str, column: int) -> str:
    """Unquote a double-quoted Go string literal, as OTTL's lexer does (strconv.Unquote)."""
    body, out, i = text[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        esc = body[i + 1] if i + 1 < len(body) else ""
        if esc in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[esc])
            i += 2
            continue
        width = {"x": 2, "u": 4, "U": 8}.get(esc)
        digits = body[i + 2 : i + 2 + width] if width else ""
        code = (
            int(digits, 16)
            if width and len(digits) == width and all(c in "0123456789abcdefABCDEF" for c in digits)
            else -1
        )
        if 0 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            out.append(chr(code))
            i += 2 + width
            continue
        octal = body[i + 1 : i + 4]
        if len(octal) == 3 and all(c in "01234567" for c in octal) and int(octal, 8) < 256:
            out.append(chr(int(octal, 8)))
            i += 4
            continue
        if esc and (esc in "xuU" or esc.isdigit()):
            raise OttlError(f"malformed escape \\{esc} in string {text} (Go string syntax)", column)
        raise OttlError(
            f"invalid escape \\{esc} in string {text}: OTTL strings follow Go syntax, so a regex "
            f"backslash is written twice (\\\\{esc})",
            column,
        )
    return "".join(out)
