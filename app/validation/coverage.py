"""What Phoenix could not check in a config it otherwise knows, named so it is never silently passed.

Two kinds of gaps, each a `coverage.not_checked` warning (the collector tier has the last word):

- settings a model keeps as loose mappings or lists (`dict[str, Any]`, `list[Any]`): the hostmetrics
  scrapers other than process, resource detectors, the attributes processor's matchers, the SDK
  blocks of `service.telemetry`, ...;
- OTTL the checker does not cover: the trace, log and profile contexts, and the metric-signal
  contexts a component does not hand to the checker (filter `metrics.resource`, exemplar groups).
  Every string of a filter or transform processor outside its matchers and enums is OTTL; the ones
  its model does not list among `ottl_expressions()` are reported, one finding per list.

Unknown component types and values from the environment are reported by the schema tier.
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from app.engine.components.base import Introspectable
from app.validation.codes import Code, finding
from app.validation.issues import PathParts, ValidationIssue, format_path
from app.validation.schema import SchemaResult
from app.validation.source import YamlSource

# Keys of filter/transform configs that hold no OTTL: matchers (checked by the model) and enums.
_NOT_OTTL_SUBTREES = {"include", "exclude", "regexp"}
_NOT_OTTL_KEYS = {"error_mode", "context", "match_type"}


def _holds_any(annotation: Any) -> bool:
    """Whether a field's type is a container of `Any` (a bare `Any` is the Go `any` of a value)."""
    args = typing.get_args(annotation)
    return any(arg is Any or _holds_any(arg) for arg in args)


def _loose_settings(model: BaseModel, prefix: PathParts = ()) -> list[PathParts]:
    """Paths of the set fields of `model` (at any depth) that are loose containers."""
    found: list[PathParts] = []
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if value is None or value == [] or value == {}:
            continue
        path = (*prefix, info.alias or name)
        if _holds_any(info.annotation):
            found.append(path)
        elif isinstance(value, BaseModel):
            found += _loose_settings(value, path)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    found += _loose_settings(item, (*path, index))
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, BaseModel):
                    found += _loose_settings(item, (*path, key))
    return found


def _strings(node: Any, path: PathParts = ()) -> list[PathParts]:
    """Paths of the OTTL-bearing strings under a filter/transform config."""
    if isinstance(node, str):
        return [path]
    out: list[PathParts] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in _NOT_OTTL_SUBTREES and key not in _NOT_OTTL_KEYS:
                out += _strings(value, (*path, str(key)))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            out += _strings(item, (*path, index))
    return out


def _unchecked_ottl(model: BaseModel, raw: Any) -> list[PathParts]:
    """The lists (or group paths) holding OTTL that `model` does not hand to the checker."""
    checked = {tuple(e.path) for e in model.ottl_expressions()}  # type: ignore[attr-defined]
    lists: list[PathParts] = []
    for path in _strings(raw):
        if path in checked:
            continue
        holder = path[:-1] if path and isinstance(path[-1], int) else path
        if holder not in lists:
            lists.append(holder)
    return lists


def _has_ottl(model: BaseModel) -> bool:
    return type(model).ottl_expressions is not Introspectable.ottl_expressions  # type: ignore[attr-defined]


def check_coverage(source: YamlSource, result: SchemaResult) -> list[ValidationIssue]:
    """A `coverage.not_checked` warning for every part of known components and `service` not checked."""
    issues: list[ValidationIssue] = []
    data = source.data if isinstance(source.data, dict) else {}
    for (section, component_id), model in sorted(result.components.items()):
        base: PathParts = (section, component_id)
        loose = _loose_settings(model)
        for path in loose:
            message = (
                f"{format_path(path)} of {component_id!r} is not checked: Phoenix does not model these settings; "
                "only the collector checks them"
            )
            issues.append(finding(Code.COVERAGE_NOT_CHECKED, (*base, *path), source.line_of((*base, *path)), message))
        if not _has_ottl(model):
            continue
        raw = (data.get(section) or {}).get(component_id)
        for path in _unchecked_ottl(model, raw):
            if any(path[: len(done)] == done for done in loose):
                continue  # already reported as a whole
            message = (
                f"the OTTL in {format_path(path)} of {component_id!r} is not checked: Phoenix's checker covers the "
                "resource, scope, metric and datapoint contexts of metric statements and conditions; only the "
                "collector checks it"
            )
            full = (*base, *path)
            issues.append(finding(Code.COVERAGE_NOT_CHECKED, full, source.line_of(full), message, tier="ottl"))
    if result.service is not None:
        for path in _loose_settings(result.service, ("service",)):
            message = f"{format_path(path)} is not checked: Phoenix does not model it; only the collector checks it"
            issues.append(finding(Code.COVERAGE_NOT_CHECKED, path, source.line_of(path), message))
    return issues
