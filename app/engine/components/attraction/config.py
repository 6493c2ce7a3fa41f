"""One attribute action as the `resource` and `attributes` processors take it: the config model.

Source: contrib `internal/coreinternal/attraction/attraction.go` at the pinned release: actions
insert, update, upsert, delete, hash, extract, convert (case-insensitive), with the same
required/forbidden field rules as the collector. `default_value` (new since 0.128) is the value
insert/update/upsert use when their source (`value`, `from_attribute`, `from_context`) gives
none; with it the source may be left out.
"""

from __future__ import annotations

from typing import Any

from pydantic import field_validator, model_validator

from app.engine import regexp
from app.engine.components.common import Strict

ACTIONS = ("insert", "update", "upsert", "delete", "hash", "extract", "convert")


class AttributeAction(Strict):
    key: str | None = None
    value: Any = None
    default_value: Any = None
    pattern: str | None = None
    from_attribute: str | None = None
    from_context: str | None = None
    converted_type: str | None = None
    action: str

    @field_validator("action")
    @classmethod
    def _known(cls, value: str) -> str:
        if value.lower() not in ACTIONS:
            raise ValueError(f"unsupported action {value!r}; use one of {', '.join(ACTIONS)}")
        return value.lower()

    @model_validator(mode="after")
    def _fields(self) -> AttributeAction:
        sources = (self.value is not None) + bool(self.from_attribute) + bool(self.from_context)
        if self.action in ("delete", "hash"):
            if not self.key and not self.pattern:
                raise ValueError('at least one of "key" and "pattern" have to be used')
        elif not self.key:
            raise ValueError('missing required field "key"')
        if self.pattern:
            regexp.check(self.pattern)
        if self.action in ("insert", "update", "upsert"):
            if sources == 0 and self.default_value is None:
                raise ValueError(
                    'exactly one of "value", "from_attribute" or "from_context" must be specified '
                    '(or a "default_value")'
                )
            if sources > 1:
                raise ValueError('exactly one of "value", "from_attribute" or "from_context" must be specified')
            if self.pattern or self.converted_type:
                raise ValueError(f'action "{self.action}" does not use "pattern" or "converted_type"')
        elif self.action in ("delete", "hash"):
            if self.value is not None or self.from_attribute:
                raise ValueError(f'action "{self.action}" does not use "value" or "from_attribute"')
            if self.converted_type:
                raise ValueError(f'action "{self.action}" does not use "converted_type"')
        elif self.action == "extract":
            if sources or not self.pattern or self.converted_type:
                raise ValueError('action "extract" needs "pattern" and no value source or "converted_type"')
            try:
                groups = regexp.compile(self.pattern)
            except regexp.RegexpUnsupported:  # loads in the collector; its groups cannot be read here
                return self
            if not groups.groups:
                raise ValueError(f'"pattern" {self.pattern!r} contains no named matcher groups')
            if len(groups.groupindex) < groups.groups:
                raise ValueError(f'"pattern" {self.pattern!r} contains at least one unnamed matcher group')
        elif self.action == "convert":
            if sources or self.pattern:
                raise ValueError('action "convert" does not use value sources or "pattern"')
            if self.converted_type not in ("string", "int", "double"):
                raise ValueError('action "convert" needs "converted_type": string, int or double')
        return self
