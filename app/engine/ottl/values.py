"""OTTL's runtime value rules, in Python: comparisons, math, the typed getters and Go formatting.

Values are the Go types OTTL sees, mapped to Python: string→str, int64→int, float64→float,
bool→bool, []byte→bytes, nil→None, pcommon.Map/map[string]any→dict, pcommon.Slice/[]any→list.
`bool` is a subclass of `int` in Python but a different type in OTTL, so every check here uses
`type(x) is int`. The rules follow 0.128.0 `pkg/ottl/compare.go`, `math.go` and `expression.go`,
plus 0.159.0's unary minus (note: LANGUAGE.md says mixing int64 and float64 in math is an error;
the code converts to float64).
Maps and lists compare with ==/!= only (reflect.DeepEqual); list comparison is new in 0.128.0.
time.Time/time.Duration (`gotime`) compare and do + and - as LANGUAGE.md describes.
"""

from __future__ import annotations

import base64
import json
import math
import re
from decimal import Decimal
from typing import Any

from app.engine.ottl.errors import OttlRuntimeError
from app.engine.ottl.gotime import GoDuration, GoTime


class OttlTypeError(OttlRuntimeError):
    """A value of the wrong type reached a typed getter (OTTL's `TypeError`)."""


_GO_TYPES = {
    str: "string",
    int: "int64",
    float: "float64",
    bool: "bool",
    bytes: "[]uint8",
    dict: "pcommon.Map",
    list: "pcommon.Slice",
    type(None): "nil",
    GoTime: "time.Time",
    GoDuration: "time.Duration",
}


def go_type(value: Any) -> str:
    """The Go type name OTTL error messages use for a value."""
    return _GO_TYPES.get(type(value), type(value).__name__)


# --- comparisons -------------------------------------------------------------------------------


def deep_equal(a: Any, b: Any) -> bool:
    """reflect.DeepEqual on raw values: types must match exactly, containers compare recursively."""
    if type(a) is not type(b):
        return False
    if type(a) is dict:
        return a.keys() == b.keys() and all(deep_equal(v, b[k]) for k, v in a.items())
    if type(a) is list:
        return len(a) == len(b) and all(deep_equal(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _ordered(a: Any, b: Any, op: str) -> bool:
    if op == "==":
        return bool(a == b)
    if op == "!=":
        return bool(a != b)
    if op == "<":
        return bool(a < b)
    if op == "<=":
        return bool(a <= b)
    if op == ">":
        return bool(a > b)
    return bool(a >= b)


_NUMBERS = (int, float)


def compare(a: Any, b: Any, op: str) -> bool:
    """OTTL's comparison table: mismatched types are only ever "not equal"; nil equals only nil."""
    ta, tb = type(a), type(b)
    if ta is tb and (ta is str or ta is int or ta is float):
        return _ordered(a, b, op)
    if a is None and b is None:
        return op in ("==", "<=", ">=")
    if ta in _NUMBERS and tb in _NUMBERS:
        return _ordered(float(a), float(b), op)
    if ta is tb and (ta is bool or ta is bytes or ta is GoTime or ta is GoDuration):
        return _ordered(a, b, op)
    if ta is tb and (ta is dict or ta is list):
        if op == "==":
            return deep_equal(a, b)
        if op == "!=":
            return not deep_equal(a, b)
        return False
    return op == "!="


# --- math --------------------------------------------------------------------------------------


def wrap_int64(value: int) -> int:
    """Go's int64 arithmetic: results wrap around (two's complement) instead of growing."""
    return ((value + 2**63) % 2**64) - 2**63


def _time_math(op: str, x: Any, y: Any) -> Any:
    """time.Time and time.Duration math: only + and -, with the combinations LANGUAGE.md lists."""
    tx, ty = type(x), type(y)
    if op == "+" and tx is GoTime and ty is GoDuration:
        return GoTime(x.unix_nano + y.nanos)
    if op == "+" and tx is GoDuration and ty is GoTime:
        return GoTime(y.unix_nano + x.nanos)
    if op == "-" and tx is GoTime and ty is GoTime:
        return GoDuration(wrap_int64(x.unix_nano - y.unix_nano))
    if op == "-" and tx is GoTime and ty is GoDuration:
        return GoTime(x.unix_nano - y.nanos)
    if op in "+-" and tx is GoDuration and ty is GoDuration:
        return GoDuration(wrap_int64(x.nanos + y.nanos if op == "+" else x.nanos - y.nanos))
    raise OttlRuntimeError(f"{op} is not supported between {go_type(x)} and {go_type(y)}")


def arithmetic(op: str, x: Any, y: Any) -> Any:
    """One math operation with Go semantics (int64 wraps, int division truncates, /0 is an error)."""
    tx, ty = type(x), type(y)
    if tx is GoTime or tx is GoDuration:
        return _time_math(op, x, y)
    if tx not in _NUMBERS:
        raise OttlRuntimeError(f"{_go_print(x)} must be int64, float64, time.Time or time.Duration")
    if ty not in _NUMBERS:
        raise OttlRuntimeError(f"{_go_print(y)} must be int64 or float64")
    if op == "/" and y == 0:
        raise OttlRuntimeError("attempted to divide by 0")
    if tx is int and ty is int:
        if op == "+":
            return wrap_int64(x + y)
        if op == "-":
            return wrap_int64(x - y)
        if op == "*":
            return wrap_int64(x * y)
        quotient = abs(x) // abs(y)
        return wrap_int64(quotient if (x >= 0) == (y >= 0) else -quotient)
    x, y = float(x), float(y)
    if op == "+":
        return x + y
    if op == "-":
        return x - y
    if op == "*":
        return x * y
    return x / y


def negate(value: Any) -> Any:
    """Unary minus (0.159.0 math.go negateGetter): an int64 wraps (-MinInt64 is MinInt64), a float64
    flips its sign (0.0 becomes -0.0), anything else is an error."""
    if type(value) is int:
        return wrap_int64(-value)
    if type(value) is float:
        return -value
    go_name = "<nil>" if value is None else go_type(value)  # fmt's %T
    raise OttlRuntimeError(f"unsupported unary minus operation on type {go_name}")


# --- typed getters (StandardStringGetter, StandardIntLikeGetter, ...) --------------------------


def as_string(value: Any) -> str:
    if type(value) is str:
        return value
    raise OttlTypeError(f"expected string but got {go_type(value)}")


def as_int(value: Any) -> int:
    if type(value) is int:
        return value
    raise OttlTypeError(f"expected int64 but got {go_type(value)}")


def as_float(value: Any) -> float:
    if type(value) is float:
        return value
    raise OttlTypeError(f"expected float64 but got {go_type(value)}")


def as_bool(value: Any) -> bool:
    if type(value) is bool:
        return value
    raise OttlTypeError(f"expected bool but got {go_type(value)}")


def as_time(value: Any) -> GoTime:
    if type(value) is GoTime:
        return value
    raise OttlTypeError(f"expected time but got {go_type(value)}")


def as_duration(value: Any) -> GoDuration:
    if type(value) is GoDuration:
        return value
    raise OttlTypeError(f"expected duration but got {go_type(value)}")


def as_map(value: Any) -> dict:
    if type(value) is dict:
        return value
    raise OttlTypeError(f"expected pcommon.Map but got {go_type(value)}")


def as_stringlike(value: Any) -> str | None:
    """StringLikeGetter: nil stays nil, bytes become hex, everything else its Go JSON form."""
    if value is None or type(value) is str:
        return value
    if type(value) is bytes:
        return value.hex()
    return go_json(value)


def _go_parse_int(text: str) -> int | None:
    body = text[1:] if text and text[0] in "+-" else text
    if not body or not body.isascii() or not body.isdigit():
        return None
    number = int(text)
    return number if -(2**63) <= number < 2**63 else None


def as_intlike(value: Any) -> int | None:
    """IntLikeGetter: nil and unparsable strings give nil; floats truncate; bools are 0/1."""
    if value is None:
        return None
    tv = type(value)
    if tv is int:
        return value
    if tv is bool:
        return int(value)
    if tv is float:
        if math.isnan(value) or math.isinf(value):
            return -(2**63)  # what Go's int64() conversion yields on amd64
        return wrap_int64(int(value))
    if tv is str:
        return _go_parse_int(value)
    raise OttlTypeError(f"unsupported type: {go_type(value)}")


def go_parse_int(text: str, base: int) -> int:
    """strconv.ParseInt(text, base, 64), with its error messages."""
    quoted = json.dumps(text, ensure_ascii=False)  # strconv.Quote, near enough

    def fail(reason: str) -> OttlRuntimeError:
        return OttlRuntimeError(f"strconv.ParseInt: parsing {quoted}: {reason}")

    digits = text[1:] if text[:1] in ("+", "-") else text
    negative, original = text[:1] == "-", digits
    if digits == "":
        raise fail("invalid syntax")
    base_zero = base == 0
    if base_zero:
        base, lowered = 10, digits.lower()
        if digits[0] == "0":
            prefixes = {"b": 2, "o": 8, "x": 16}
            if len(digits) >= 3 and lowered[1] in prefixes:
                base, digits = prefixes[lowered[1]], digits[2:]
            else:
                base, digits = 8, digits[1:]
    elif not 2 <= base <= 36:
        raise fail(f"invalid base {base}")
    number, underscores = 0, False
    for char in digits:
        if char == "_" and base_zero:
            underscores = True
            continue
        value = int(char, 36) if char.isascii() and char.isalnum() else 99
        if value >= base:
            raise fail("invalid syntax")
        number = number * base + value
    if underscores and not _underscores_ok(original):
        raise fail("invalid syntax")
    if number > 2**63 - (0 if negative else 1):
        raise fail("value out of range")
    return -number if negative else number


def _underscores_ok(text: str) -> bool:
    """strconv's underscoreOK: each `_` separates digits (a base prefix counts as a digit)."""
    text = text[1:] if text[:1] in ("+", "-") else text
    saw, start, hexadecimal = "^", 0, False
    if len(text) >= 2 and text[0] == "0" and text[1].lower() in "box":
        saw, start, hexadecimal = "0", 2, text[1].lower() == "x"
    for char in text[start:]:
        if "0" <= char <= "9" or (hexadecimal and "a" <= char.lower() <= "f"):
            saw = "0"
        elif char == "_":
            if saw != "0":
                return False
            saw = "_"
        elif saw == "_":
            return False
        else:
            saw = "!"
    return saw != "_"


_GO_FLOAT = re.compile(
    r"nan|[+-]?(?:inf|infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[+-]?[0-9]+)?"
    r"|0x(?:[0-9a-f]+\.?[0-9a-f]*|\.[0-9a-f]+)p[+-]?[0-9]+)",
    re.IGNORECASE,
)


def go_parse_float(text: str) -> float:
    """strconv.ParseFloat(text, 64), with its error messages (underscores between digits are fine)."""
    quoted = json.dumps(text, ensure_ascii=False)
    body = text
    if "_" in body:
        if not _underscores_ok(body):
            raise OttlRuntimeError(f"strconv.ParseFloat: parsing {quoted}: invalid syntax")
        body = body.replace("_", "")
    if not _GO_FLOAT.fullmatch(body):
        raise OttlRuntimeError(f"strconv.ParseFloat: parsing {quoted}: invalid syntax")
    if "inf" in body.lower() or "nan" in body.lower():
        return float(body)
    try:
        number = float.fromhex(body) if "x" in body.lower() else float(body)
    except OverflowError:
        number = math.inf
    if math.isinf(number):
        raise OttlRuntimeError(f"strconv.ParseFloat: parsing {quoted}: value out of range")
    return number


def as_floatlike(value: Any) -> float | None:
    """FloatLikeGetter: nil gives nil; ints widen; strings must parse (else an error); bools are 0/1."""
    if value is None:
        return None
    tv = type(value)
    if tv is float:
        return value
    if tv is int or tv is bool:
        return float(value)
    if tv is str:
        return go_parse_float(value)
    raise OttlTypeError(f"unsupported type: {go_type(value)}")


_GO_TRUE, _GO_FALSE = (
    frozenset({"1", "t", "T", "TRUE", "true", "True"}),
    frozenset({"0", "f", "F", "FALSE", "false", "False"}),
)


def as_boollike(value: Any) -> bool | None:
    """BoolLikeGetter (0.143+): nil gives nil; numbers are != 0; strings go through strconv.ParseBool."""
    if value is None:
        return None
    tv = type(value)
    if tv is bool:
        return value
    if tv is int or tv is float:
        return value != 0
    if tv is str:
        if value in _GO_TRUE or value in _GO_FALSE:
            return value in _GO_TRUE
        raise OttlRuntimeError(f'strconv.ParseBool: parsing "{value}": invalid syntax')
    raise OttlTypeError(f"unsupported type: {go_type(value)}")


# --- Go formatting ----------------------------------------------------------------------------


def go_float(value: float) -> str:
    """A float64 as Go's encoding/json writes it (shortest form, no exponent in [1e-6, 1e21))."""
    if value != value or value in (math.inf, -math.inf):
        raise OttlRuntimeError(f"json: unsupported value: {value}")
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    if 1e-6 <= abs(value) < 1e21:
        text = format(Decimal(repr(value)), "f")
        return text[:-2] if text.endswith(".0") else text
    mantissa, _, exponent = repr(value).partition("e")
    sign, digits = exponent[0], exponent[1:].lstrip("0")
    mantissa = mantissa[:-2] if mantissa.endswith(".0") else mantissa
    return f"{mantissa}e{sign}{digits if sign == '-' else digits.rjust(2, '0')}"


def _go_print(value: Any) -> str:
    """A value as Go's fmt %v prints it (used in error messages)."""
    if value is None:
        return "<nil>"
    if type(value) is bool:
        return "true" if value else "false"
    if type(value) is float:
        return repr(value)
    return str(value)


def _json_string(text: str) -> str:
    encoded = json.dumps(text, ensure_ascii=False)
    return (
        encoded.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def go_json(value: Any) -> str:
    """Go's json.Marshal of a raw OTTL value (sorted map keys, HTML-safe escaping, Go float format)."""
    tv = type(value)
    if value is None:
        return "null"
    if tv is bool:
        return "true" if value else "false"
    if tv is int:
        return str(value)
    if tv is float:
        return go_float(value)
    if tv is str:
        return _json_string(value)
    if tv is bytes:
        return '"' + base64.b64encode(value).decode() + '"'
    if tv is GoTime:
        return '"' + value.rfc3339() + '"'
    if tv is GoDuration:
        return str(value.nanos)
    if tv is list:
        return "[" + ",".join(go_json(v) for v in value) + "]"
    if tv is dict:
        return "{" + ",".join(f"{_json_string(k)}:{go_json(value[k])}" for k in sorted(value)) + "}"
    raise OttlTypeError(f"unsupported type: {go_type(value)}")


def copy_for_set(value: Any) -> Any:
    """What a setter stores: containers are deep-copied (pdata CopyTo), scalars shared."""
    if type(value) is dict:
        return {k: copy_for_set(v) for k, v in value.items()}
    if type(value) is list:
        return [copy_for_set(v) for v in value]
    return value
