"""Attribute actions of the `resource` and `attributes` processors, run on one attribute map.

Follows contrib `internal/coreinternal/attraction/attraction.go`, in the order the actions are
listed: `insert` only adds a missing key, `update` only changes an existing one, `upsert` does
either; the value comes from `value`, `from_attribute` (skipped when that key is absent) or
`from_context` (client metadata, which a local preview never has, so the action is skipped);
`delete` and `hash` (SHA-256, hex) take a key and/or a regex `pattern` over keys; `extract`
puts the named groups of `pattern` matched on a string value into new keys; `convert` changes a
value's type to string, int or double, leaving it alone when it cannot be converted.
"""

from __future__ import annotations

import base64
import hashlib
import math
import struct
from typing import Any

from app.engine.components.attraction.config import AttributeAction
from app.engine.components.processing import compile_regexp
from app.engine.errors import EngineUnsupported
from app.engine.ottl.values import go_float, go_json
from app.engine.pdata import copy_value


class AttributeActions:
    """A compiled list of actions: `apply(attributes)` mutates one map in place."""

    def __init__(self, actions: list[AttributeAction]) -> None:
        if any(a.default_value is not None for a in actions):  # new in the collector, not run here
            raise EngineUnsupported("default_value in attribute actions is not supported")
        self.actions = actions
        self.patterns = {i: compile_regexp(a.pattern) for i, a in enumerate(actions) if a.pattern}

    def apply(self, attributes: dict[str, Any]) -> None:
        for i, action in enumerate(self.actions):
            kind, key = action.action, action.key
            if kind == "delete":
                if key is not None:
                    attributes.pop(key, None)
                pattern = self.patterns.get(i)
                if pattern is not None:
                    for k in [k for k in attributes if pattern.matches(k)]:
                        del attributes[k]
            elif kind in ("insert", "update", "upsert"):
                found, value = self._source(action, attributes)
                if not found or key is None:
                    continue
                exists = key in attributes
                if (kind == "insert" and not exists) or (kind == "update" and exists) or kind == "upsert":
                    attributes[key] = copy_value(value)
            elif kind == "hash":
                pattern = self.patterns.get(i)
                keys = ([key] if key is not None else []) + (
                    [k for k in attributes if pattern.matches(k)] if pattern is not None else []
                )
                for k in keys:
                    if k in attributes:
                        attributes[k] = _sha256(attributes[k])
            elif kind == "extract":
                value = attributes.get(key) if key is not None else None
                if isinstance(value, str):
                    match = self.patterns[i].search(value)
                    if match is not None:
                        for name, group in match.groupdict().items():
                            attributes[name] = group or ""
            elif kind == "convert" and key is not None and key in attributes:
                attributes[key] = _convert(attributes[key], action.converted_type or "")

    @staticmethod
    def _source(action: AttributeAction, attributes: dict[str, Any]) -> tuple[bool, Any]:
        if action.value is not None:
            return True, action.value
        if action.from_context:
            return False, None  # client metadata does not exist for a local payload
        if action.from_attribute is not None and action.from_attribute in attributes:
            return True, attributes[action.from_attribute]
        return False, None


def _sha256(value: Any) -> Any:
    if type(value) is str:
        data = value.encode()
    elif type(value) is bool:
        data = b"\x01" if value else b"\x00"
    elif type(value) is int:
        data = struct.pack("<Q", value & 0xFFFFFFFFFFFFFFFF)
    elif type(value) is float:
        data = struct.pack("<d", value)
    else:
        return value  # maps, slices, bytes and empty values are left alone
    return hashlib.sha256(data).hexdigest()


def _as_string(value: Any) -> str:
    """pcommon `Value.AsString()`: Go formatting for numbers and booleans, JSON for maps and slices."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    if type(value) is bool:
        return "true" if value else "false"
    if type(value) is float:
        return go_float(value) if math.isfinite(value) else str(value)
    if type(value) is bytes:
        return base64.b64encode(value).decode()
    return str(value) if type(value) is int else go_json(value)


def _convert(value: Any, target: str) -> Any:
    if target == "string":
        return _as_string(value)
    if target == "int":
        if type(value) is bool:
            return int(value)
        if type(value) is float:
            return int(value) if math.isfinite(value) else value
        if type(value) is str:
            try:
                return int(value.strip())
            except ValueError:
                return value
        return value
    if target == "double":
        if type(value) in (bool, int):
            return float(value)
        if type(value) is str:
            try:
                return float(value.strip())
            except ValueError:
                return value
    return value
