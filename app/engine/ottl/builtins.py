"""The `ottlfuncs` editors and converters the local engine runs (first written from the 0.128.0
sources; `Substring`, `truncate_all` and the converters below `_is_list` follow 0.159.0).

Each factory receives its arguments already compiled (getters are `tc -> value` callables, setters
`(getter, setter)` pairs, literals plain values, an absent optional argument `None`) and returns a
`tc -> result` callable. Errors are raised as OttlRuntimeError for `error_mode` to handle.
Where the ottlfuncs README and the 0.128.0 code disagree, the code wins: `Double("abc")` is an
error (README: nil); `Concat` adds maps and lists as JSON and nil as `<nil>` (README: skipped);
`IsMatch`/`Concat`/`String` render byte slices as hex (IsMatch README: base64); `limit` accepts as
many priority keys as the limit. Differences from Go kept on purpose: `truncate_all` and `Substring`
cut UTF-8 by bytes like Go but drop a partial trailing character instead of keeping invalid UTF-8;
`limit` drops the last-inserted keys first (Go: map order, documented as random).
"""

from __future__ import annotations

import hashlib
import math
import struct
from collections.abc import Callable
from typing import Any

from app.engine.ottl.errors import OttlRuntimeError, OttlUnsupported
from app.engine.ottl.gotime import GoDuration
from app.engine.ottl.regex import compile_go_regexp, expand_go_template
from app.engine.ottl.values import (
    OttlTypeError,
    as_bool,
    as_boollike,
    as_float,
    as_floatlike,
    as_int,
    as_intlike,
    as_map,
    as_string,
    as_stringlike,
    copy_for_set,
    go_parse_int,
)

Fn = Callable[[Any], Any]
_HASHES = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512, "MD5": hashlib.md5}


def _hash(name: str) -> Callable[[list], Fn]:
    algorithm = _HASHES[name]

    def make(args: list) -> Fn:
        target = args[0]
        return lambda tc: algorithm(as_string(target(tc)).encode()).hexdigest()

    return make


def _type_check(check: Callable[[Any], Any]) -> Callable[[list], Fn]:
    def make(args: list) -> Fn:
        target = args[0]

        def run(tc: Any) -> bool:
            try:
                check(target(tc))
            except OttlTypeError:
                return False
            return True

        return run

    return make


def _concat(args: list) -> Fn:
    getters, delimiter = args

    def run(tc: Any) -> str:
        parts = []
        for getter in getters:
            value = as_stringlike(getter(tc))
            parts.append("<nil>" if value is None else value)
        return delimiter.join(parts)

    return run


def _len(args: list) -> Fn:
    target = args[0]

    def run(tc: Any) -> int:
        value = target(tc)
        if type(value) is str:
            return len(value.encode())
        if type(value) in (dict, list, bytes):
            return len(value)
        raise OttlRuntimeError(
            "target arg must be of type string, []any, map[string]any, pcommon.Map, "
            "pcommon.Slice, or pcommon.Value (of type String, Map, Slice)"
        )

    return run


def _is_match(args: list) -> Fn:
    target, regex = args[0], compile_go_regexp(args[1])

    def run(tc: Any) -> bool:
        value = as_stringlike(target(tc))
        return value is not None and regex.matches(value)

    return run


def _log(args: list) -> Fn:
    target = args[0]

    def run(tc: Any) -> float:
        value = as_floatlike(target(tc))
        if value is None:
            raise OttlRuntimeError("invalid input: <nil>")
        if value <= 0:
            raise OttlRuntimeError(f"invalid input: expected number greater than zero but got {value}")
        return math.log(value)

    return run


def _substring(args: list) -> Fn:
    target, start_getter, length_getter, utf8_safe = args
    if utf8_safe:  # 0.150+: move both ends to rune starts, so the result is valid UTF-8
        return _substring_utf8_safe(target, start_getter, length_getter)

    def run(tc: Any) -> str:
        start = as_int(start_getter(tc))
        if start < 0:
            raise OttlRuntimeError(f"invalid start for substring function, {start} cannot be negative")
        length = as_int(length_getter(tc))
        if length <= 0:
            raise OttlRuntimeError(f"invalid length for substring function, {length} cannot be negative or zero")
        raw = as_string(target(tc)).encode()
        if start + length > len(raw):
            raise OttlRuntimeError(
                f"invalid range for substring function, {start + length} cannot be "
                f"greater than the length of target string({len(raw)})"
            )
        return raw[start : start + length].decode(errors="ignore")

    return run


def _substring_utf8_safe(target: Fn, start_getter: Fn, length_getter: Fn) -> Fn:
    def run(tc: Any) -> str:
        start = as_int(start_getter(tc))
        if start < 0:
            raise OttlRuntimeError(f"invalid start for substring function, {start} cannot be negative")
        length = as_int(length_getter(tc))
        if length <= 0:
            raise OttlRuntimeError(f"invalid length for substring function, {length} cannot be negative or zero")
        raw = as_string(target(tc)).encode()
        if start > len(raw) or length > len(raw) - start:
            raise OttlRuntimeError(
                f"invalid range for substring function, start({start})+length({length}) cannot be "
                f"greater than the length of target string({len(raw)})"
            )
        begin, end = start, start + length
        while begin < len(raw) and raw[begin] & 0xC0 == 0x80:
            begin += 1
        while begin < end < len(raw) and raw[end] & 0xC0 == 0x80:
            end -= 1
        return raw[begin : max(begin, end)].decode()

    return run


def _split(args: list) -> Fn:
    target, delimiter = args
    if delimiter == "":
        return lambda tc: list(as_string(target(tc)))
    return lambda tc: as_string(target(tc)).split(delimiter)


def _prefix(args: list) -> Fn:
    target, prefix = args
    return lambda tc: as_string(target(tc)).startswith(prefix)


def _suffix(args: list) -> Fn:
    target, suffix = args
    return lambda tc: as_string(target(tc)).endswith(suffix)


def _is_list(args: list) -> Fn:
    target = args[0]
    return lambda tc: type(target(tc)) is list


def _bool(args: list) -> Fn:
    target = args[0]
    return lambda tc: as_boollike(target(tc))


def _coalesce(args: list) -> Fn:
    getters = args[0]

    def run(tc: Any) -> Any:
        for getter in getters:
            value = getter(tc)
            if value is not None:
                return value
        return None

    return run


def _is_empty(args: list) -> Fn:
    """Go's rule: nil, an empty map/slice/string/bytes, and zero numbers and false are empty."""
    target = args[0]

    def run(tc: Any) -> bool:
        value = target(tc)
        kind = type(value)
        if value is None:
            return True
        if kind in (dict, list, str, bytes):
            return len(value) == 0
        if kind is bool or kind is int:
            return value in (False, 0)
        if kind is float:
            return struct.pack("<d", value) == bytes(8)  # reflect.IsZero: -0.0 and NaN are not zero
        if kind is GoDuration:
            return value.nanos == 0
        return False  # time.Time: the engine never holds Go's zero time (year 1)

    return run


def _keys(args: list) -> Fn:
    target = args[0]
    return lambda tc: list(as_map(target(tc)))


def _values(args: list) -> Fn:
    target = args[0]
    return lambda tc: [copy_for_set(value) for value in as_map(target(tc)).values()]


def _trim_prefix(args: list) -> Fn:
    target, prefix = args
    return lambda tc: as_string(target(tc)).removeprefix(as_string(prefix(tc)))


def _trim_suffix(args: list) -> Fn:
    target, suffix = args
    return lambda tc: as_string(target(tc)).removesuffix(as_string(suffix(tc)))


def _parse_int(args: list) -> Fn:
    target, base_getter = args

    def run(tc: Any) -> int:
        text = as_string(target(tc))
        if text == "":
            raise OttlRuntimeError("invalid target value for ParseInt function, target cannot be empty")
        base = as_int(base_getter(tc))
        if base < 0:
            raise OttlRuntimeError(f"invalid base value: {base} for ParseInt function, base cannot be negative")
        return go_parse_int(text, base)

    return run


CONVERTERS: dict[str, Callable[[list], Fn]] = {
    "Concat": _concat,
    "Int": lambda args: lambda tc: as_intlike(args[0](tc)),
    "Double": lambda args: lambda tc: as_floatlike(args[0](tc)),
    "String": lambda args: lambda tc: as_stringlike(args[0](tc)),
    "Len": _len,
    "IsString": _type_check(as_string),
    "IsInt": _type_check(as_int),
    "IsDouble": _type_check(as_float),
    "IsBool": _type_check(as_bool),
    "IsMap": _type_check(as_map),
    "IsList": _is_list,
    "IsMatch": _is_match,
    "HasPrefix": _prefix,
    "HasSuffix": _suffix,
    "ToLowerCase": lambda args: lambda tc: as_string(args[0](tc)).lower(),
    "ToUpperCase": lambda args: lambda tc: as_string(args[0](tc)).upper(),
    "Split": _split,
    "Substring": _substring,
    "Log": _log,
    **{name: _hash(name) for name in _HASHES},
    "Bool": _bool,
    "Coalesce": _coalesce,
    "IsEmpty": _is_empty,
    "Keys": _keys,
    "Values": _values,
    "TrimPrefix": _trim_prefix,
    "TrimSuffix": _trim_suffix,
    "ParseInt": _parse_int,
}


# --- editors ---------------------------------------------------------------------------------


def _set(args: list) -> Fn:
    (_, setter), value = args

    def run(tc: Any) -> None:
        new = value(tc)
        if new is not None:  # set(x, nil) does nothing
            setter(tc, new)

    return run


def _delete_key(args: list) -> Fn:
    target, key = args

    def run(tc: Any) -> None:
        as_map(target(tc)).pop(key, None)

    return run


def _remove_keys(target: Fn, drop: Callable[[str], bool]) -> Fn:
    def run(tc: Any) -> None:
        attributes = as_map(target(tc))
        for key in [k for k in attributes if drop(k)]:
            del attributes[key]

    return run


def _delete_matching_keys(args: list) -> Fn:
    regex = compile_go_regexp(args[1])
    return _remove_keys(args[0], lambda key: regex.matches(key))


def _keep_matching_keys(args: list) -> Fn:
    regex = compile_go_regexp(args[1])
    return _remove_keys(args[0], lambda key: not regex.matches(key))


def _keep_keys(args: list) -> Fn:
    keep = frozenset(args[1])
    return _remove_keys(args[0], lambda key: key not in keep)


def _limit(args: list) -> Fn:
    target, limit, priority_keys = args
    keep = frozenset(priority_keys)

    def run(tc: Any) -> None:
        attributes = as_map(target(tc))
        if len(attributes) <= limit:
            return
        count = sum(1 for key in priority_keys if key in attributes)
        for key in list(attributes):
            if key in keep:
                continue
            if count < limit:
                count += 1
            else:
                del attributes[key]

    return run


def _merge_maps(args: list) -> Fn:
    target, source, strategy = args

    def run(tc: Any) -> None:
        into, values = as_map(target(tc)), as_map(source(tc))
        for key, value in list(values.items()):
            if strategy == "upsert" or (strategy == "insert") != (key in into):
                into[key] = copy_for_set(value)

    return run


def _truncate_all(args: list) -> Fn:
    """0.159.0: cut to `limit` bytes including the marker, backing up to a rune start (utf8_safe,
    the default; cutting inside a rune makes invalid UTF-8, which Python strings cannot hold)."""
    target, limit, utf8_safe, marker = args
    if utf8_safe is False:
        raise OttlUnsupported("truncate_all with utf8_safe=false is valid OTTL but not supported by the local engine")
    marker = marker or ""
    keep = limit - len(marker.encode())

    def run(tc: Any) -> None:
        attributes = as_map(target(tc))
        for key, value in attributes.items():
            raw = value.encode() if type(value) is str else b""
            if len(raw) > limit:  # Go's len: bytes
                attributes[key] = raw[:keep].decode(errors="ignore") + marker

    return run


Replace = Callable[[Any, str, str], str]


def _replacer(regex: Any, function: str | None, replacement_format: Fn | None) -> Replace:
    """ReplaceAllString, or per match: expand, hash with `function`, then apply the format string."""
    if function is None:
        return lambda tc, text, template: regex.replace_all(text, lambda m: expand_go_template(template, m))
    if function not in _HASHES:
        raise OttlUnsupported(
            f"{function} as a replacement function is valid OTTL but not supported by "
            f"the local engine (supported: {', '.join(_HASHES)})"
        )
    algorithm = _HASHES[function]

    def run(tc: Any, text: str, template: str) -> str:
        updated = text
        for match in regex.find_all(text):
            replaced = algorithm(expand_go_template(template, match).encode()).hexdigest()
            if replacement_format is not None:
                fmt = as_string(replacement_format(tc))
                if fmt.count("%s") != 1 or fmt.replace("%s", "").count("%"):
                    raise OttlRuntimeError(
                        "replacementFormat must be format string containing a single %s and no other format specifiers"
                    )
                replaced = fmt.replace("%s", replaced)
            updated = updated.replace(match.group(0), replaced)
        return updated

    return run


def _replace_pattern(args: list) -> Fn:
    (getter, setter), pattern, replacement, function, replacement_format = args
    regex = compile_go_regexp(pattern)
    replace = _replacer(regex, function, replacement_format)

    def run(tc: Any) -> None:
        original = getter(tc)
        if original is None:
            return
        template = as_string(replacement(tc))
        if type(original) is str and regex.matches(original):
            setter(tc, replace(tc, original, template))

    return run


def _replace_all_patterns(args: list) -> Fn:
    target, mode, pattern, replacement, function, replacement_format = args
    regex = compile_go_regexp(pattern)
    replace = _replacer(regex, function, replacement_format)

    def run(tc: Any) -> None:
        attributes = as_map(target(tc))
        template = as_string(replacement(tc))
        updated: dict[str, Any] = {}
        for key, value in attributes.items():
            if mode == "value":
                matched = type(value) is str and regex.matches(value)
                updated[key] = replace(tc, value, template) if matched else value
            else:
                updated[replace(tc, key, template) if regex.matches(key) else key] = value
        attributes.clear()
        attributes.update(updated)

    return run


EDITORS: dict[str, Callable[[list], Fn]] = {
    "set": _set,
    "delete_key": _delete_key,
    "delete_matching_keys": _delete_matching_keys,
    "keep_matching_keys": _keep_matching_keys,
    "keep_keys": _keep_keys,
    "limit": _limit,
    "merge_maps": _merge_maps,
    "truncate_all": _truncate_all,
    "replace_pattern": _replace_pattern,
    "replace_all_patterns": _replace_all_patterns,
}
