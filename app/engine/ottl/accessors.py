"""Path getters and setters over `pdata`, with the collector's semantics (0.128.0 `contexts/internal`).

Setters ignore values of the wrong type instead of failing (`set(metric.name, 1)` does nothing),
`value_int` reads 0 on a double point and `value_double` reads 0.0 on an int point (pdata's
accessors), setting one of them switches the point's value type, `metric.type` cannot be set, and
map values are read by reference and written as deep copies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.engine.ottl.contexts import ResolvedPath
from app.engine.ottl.errors import OttlRuntimeError, OttlUnsupported
from app.engine.ottl.gotime import GoTime
from app.engine.ottl.values import copy_for_set, go_type
from app.engine.pdata import TEMPORALITY_ENUM, TYPE_ENUM, NumberDataPoint

Getter = Callable[[Any], Any]
Setter = Callable[[Any, Any], None]
_TEMPORALITY_NAMES = {v: k for k, v in TEMPORALITY_ENUM.items()}


class TransformContext:
    """The element a statement or condition runs on, plus the elements above it (reused across items)."""

    __slots__ = ("cache", "datapoint", "metric", "metrics", "resource_metrics", "scope_metrics")

    def __init__(
        self,
        resource_metrics: Any = None,
        scope_metrics: Any = None,
        metric: Any = None,
        datapoint: Any = None,
        metrics: list | None = None,
    ) -> None:
        self.resource_metrics, self.scope_metrics, self.metric = resource_metrics, scope_metrics, metric
        self.datapoint, self.metrics, self.cache = datapoint, metrics, None


def _cache(tc: TransformContext) -> dict:
    if tc.cache is None:
        tc.cache = {}
    return tc.cache


def _set_map(target: dict, value: Any) -> None:
    if type(value) is dict:
        copied = copy_for_set(value)
        target.clear()
        target.update(copied)


def _temporality(tc: TransformContext) -> Any:
    metric = tc.metric
    if metric.type in ("sum", "histogram", "exponential_histogram"):
        return TEMPORALITY_ENUM[metric.aggregation_temporality]
    return None


def _set_temporality(tc: TransformContext, value: Any) -> None:
    metric = tc.metric
    if type(value) is int and metric.type in ("sum", "histogram", "exponential_histogram"):
        metric.aggregation_temporality = _TEMPORALITY_NAMES.get(value, "unspecified")


def _set_monotonic(tc: TransformContext, value: Any) -> None:
    if type(value) is bool and tc.metric.type == "sum":
        tc.metric.is_monotonic = value


def _double(tc: TransformContext) -> Any:
    dp = tc.datapoint
    if type(dp) is NumberDataPoint:
        return dp.value if type(dp.value) is float else 0.0
    return None


def _int(tc: TransformContext) -> Any:
    dp = tc.datapoint
    if type(dp) is NumberDataPoint:
        return dp.value if type(dp.value) is int else 0
    return None


def _set_number(kind: type) -> Setter:
    def setter(tc: TransformContext, value: Any) -> None:
        if type(value) is kind and type(tc.datapoint) is NumberDataPoint:
            tc.datapoint.value = value

    return setter


def _time_field(attribute: str) -> tuple[Getter, Setter]:
    """datapoint.time / start_time: the nanosecond timestamps seen as time.Time values."""

    def setter(tc: TransformContext, value: Any) -> None:
        if type(value) is GoTime:
            setattr(tc.datapoint, attribute, value.unix_nano)

    return (lambda tc: GoTime(getattr(tc.datapoint, attribute))), setter


def _attr_setter(owner: Callable[[Any], Any], attribute: str, kind: type) -> Setter:
    def setter(tc: TransformContext, value: Any) -> None:
        if type(value) is kind:
            setattr(owner(tc), attribute, value)

    return setter


def _resource(tc: TransformContext) -> Any:
    return tc.resource_metrics.resource


def _rm(tc: TransformContext) -> Any:
    return tc.resource_metrics


def _sm(tc: TransformContext) -> Any:
    return tc.scope_metrics


def _metric(tc: TransformContext) -> Any:
    return tc.metric


def _dp(tc: TransformContext) -> Any:
    return tc.datapoint


def _field(owner: Callable[[Any], Any], attribute: str, kind: type) -> tuple[Getter, Setter]:
    return (lambda tc: getattr(owner(tc), attribute)), _attr_setter(owner, attribute, kind)


def _no_set(tc: TransformContext, value: Any) -> None:
    return None


# (target context, field) → (getter, setter); maps are handled by _map_field.
_SCALARS: dict[tuple[str, str], tuple[Getter, Setter]] = {
    ("resource", "dropped_attributes_count"): _field(_resource, "dropped_attributes_count", int),
    ("resource", "schema_url"): _field(_rm, "schema_url", str),
    ("scope", "name"): _field(_sm, "scope_name", str),
    ("scope", "version"): _field(_sm, "scope_version", str),
    ("scope", "dropped_attributes_count"): _field(_sm, "scope_dropped_attributes_count", int),
    ("scope", "schema_url"): _field(_sm, "schema_url", str),
    ("metric", "name"): _field(_metric, "name", str),
    ("metric", "description"): _field(_metric, "description", str),
    ("metric", "unit"): _field(_metric, "unit", str),
    ("metric", "type"): (lambda tc: TYPE_ENUM[tc.metric.type], _no_set),
    ("metric", "aggregation_temporality"): (_temporality, _set_temporality),
    ("metric", "is_monotonic"): (
        lambda tc: tc.metric.is_monotonic if tc.metric.type == "sum" else None,
        _set_monotonic,
    ),
    ("datapoint", "start_time_unix_nano"): _field(_dp, "start_time_unix_nano", int),
    ("datapoint", "time_unix_nano"): _field(_dp, "time_unix_nano", int),
    ("datapoint", "flags"): _field(_dp, "flags", int),
    ("datapoint", "time"): _time_field("time_unix_nano"),
    ("datapoint", "start_time"): _time_field("start_time_unix_nano"),
    ("datapoint", "value_double"): (_double, _set_number(float)),
    ("datapoint", "value_int"): (_int, _set_number(int)),
}
_MAPS: dict[tuple[str, str], Getter] = {
    ("resource", "attributes"): lambda tc: tc.resource_metrics.resource.attributes,
    ("scope", "attributes"): lambda tc: tc.scope_metrics.scope_attributes,
    ("metric", "metadata"): lambda tc: tc.metric.metadata,
    ("datapoint", "attributes"): lambda tc: tc.datapoint.attributes,
}


KeyGetter = Callable[[Any], Any]


def compile_path(resolved: ResolvedPath, keys: list[KeyGetter]) -> tuple[Getter, Setter]:
    """A getter and setter for a resolved path; `keys` evaluate each `[...]` index."""
    spec = resolved.field
    if not spec.supported:
        raise OttlUnsupported(
            f"the path {resolved.text} is valid OTTL but not supported by the local engine", resolved.column
        )
    if spec.name == "cache":
        base: Getter = _cache
    elif (resolved.target, spec.name) in _MAPS:
        base = _MAPS[(resolved.target, spec.name)]
    else:
        return _SCALARS[(resolved.target, spec.name)]
    if not keys:
        return base, lambda tc, value: _set_map(base(tc), value)
    return _keyed_getter(base, keys), _keyed_setter(base, keys)


def _resolve_key(key: KeyGetter, tc: Any, want: type) -> Any:
    value = key(tc)
    if type(value) is not want:
        expected = "string" if want is str else "int64"
        raise OttlRuntimeError(
            f"could not resolve key for map/slice, expecting '{expected}' but got '{go_type(value)}'"
        )
    return value


def _index(container: Any, key: KeyGetter, tc: Any) -> Any:
    """One `[...]` step into a map or slice value; a missing map key reads as nil."""
    if type(container) is dict:
        return container.get(_resolve_key(key, tc, str))
    if type(container) is list:
        index = _resolve_key(key, tc, int)
        if not 0 <= index < len(container):
            raise OttlRuntimeError(f"index {index} out of bounds")
        return container[index]
    raise OttlRuntimeError(f"type {go_type(container)} does not support string indexing")


def _keyed_getter(base: Getter, keys: list[KeyGetter]) -> Getter:
    first, rest = keys[0], keys[1:]
    if not rest:
        return lambda tc: base(tc).get(_resolve_key(first, tc, str))

    def getter(tc: Any) -> Any:
        value = base(tc).get(_resolve_key(first, tc, str))
        if value is None:
            return None
        for key in rest:
            value = _index(value, key, tc)
        return value

    return getter


def _keyed_setter(base: Getter, keys: list[KeyGetter]) -> Setter:
    def setter(tc: Any, value: Any) -> None:
        container: Any = base(tc)
        slot: Any = _resolve_key(keys[0], tc, str)
        container.setdefault(slot, None)
        for key in keys[1:]:
            current = container[slot]
            if current is None:  # an empty value becomes a map or slice on demand
                raw = key(tc)
                if type(raw) is str:
                    container[slot] = {raw: None}
                    container, slot = container[slot], raw
                elif type(raw) is int and raw >= 0:
                    container[slot] = [None] * (raw + 1)
                    container, slot = container[slot], raw
                else:
                    raise OttlRuntimeError("neither a string nor an int index was given")
            elif type(current) is dict:
                name = _resolve_key(key, tc, str)
                current.setdefault(name, None)
                container, slot = current, name
            elif type(current) is list:
                index = _resolve_key(key, tc, int)
                if not 0 <= index < len(current):
                    raise OttlRuntimeError(f"index {index} out of bounds")
                container, slot = current, index
            else:
                raise OttlRuntimeError(f"type {go_type(current)} does not support string indexing")
        container[slot] = copy_for_set(value) if _settable(value) else container[slot]

    return setter


def _settable(value: Any) -> bool:
    return type(value) in (str, bool, int, float, bytes, list, dict)
