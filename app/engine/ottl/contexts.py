"""The metric-signal OTTL contexts of the pinned collector: which paths and enums each one accepts.

Sources (otelcol-contrib 0.159.0, `CONTRIB_VERSION`): `pkg/ottl/contexts/ott{resource,scope,metric,
datapoint}` (which context names each parser accepts) and `contexts/internal/ctx{resource,scope,
metric,datapoint,otelcol}` (the fields behind them). A context reads its own fields unprefixed
(`attributes`) or with its name (`datapoint.attributes`), and the fields of the contexts above it
with their prefix (`resource.attributes`, `scope.name` or its legacy spelling
`instrumentation_scope.name`, `metric.name`).

Changes since the 0.128.0 tables Phoenix was first written from:
- `scope.*` combines with the metric and datapoint contexts (0.131); `instrumentation_scope.*` stays.
- The `otelcol` context (`otelcol.client.addr`, `otelcol.client.metadata[...]`,
  `otelcol.client.auth.attributes[...]`, `otelcol.grpc.metadata[...]`: the request that brought
  the data, read-only) is readable from every context; its feature gate
  `ottl.contexts.enableOTelColContext` is on by default in 0.159.0. The local engine has no request.
- Whole parent objects (`resource`, `metric`) stopped being readable in 0.117.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from app.engine.ottl import ast
from app.engine.ottl.errors import OttlError

CONTEXTS: tuple[str, ...] = ("resource", "scope", "metric", "datapoint")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One readable (and maybe writable) field of a context."""

    name: str
    kind: str  # map, string, int, float, bool, time, other
    indexable: bool = False
    supported: bool = True  # does the local engine implement it?


def _fields(*specs: FieldSpec) -> dict[str, FieldSpec]:
    return {s.name: s for s in specs}


_MAP = "map"
FIELDS: dict[str, dict[str, FieldSpec]] = {
    "resource": _fields(
        FieldSpec("attributes", _MAP, True),
        FieldSpec("dropped_attributes_count", "int"),
        FieldSpec("schema_url", "string"),
    ),
    "scope": _fields(
        FieldSpec("name", "string"),
        FieldSpec("version", "string"),
        FieldSpec("attributes", _MAP, True),
        FieldSpec("dropped_attributes_count", "int"),
        FieldSpec("schema_url", "string"),
    ),
    "metric": _fields(
        FieldSpec("name", "string"),
        FieldSpec("description", "string"),
        FieldSpec("unit", "string"),
        FieldSpec("type", "int"),
        FieldSpec("aggregation_temporality", "int"),
        FieldSpec("is_monotonic", "bool"),
        FieldSpec("metadata", _MAP, True),
        FieldSpec("data_points", "other", supported=False),
    ),
    "datapoint": _fields(
        FieldSpec("attributes", _MAP, True),
        FieldSpec("start_time_unix_nano", "int"),
        FieldSpec("time_unix_nano", "int"),
        FieldSpec("value_double", "float"),
        FieldSpec("value_int", "int"),
        FieldSpec("flags", "int"),
        FieldSpec("start_time", "time"),
        FieldSpec("time", "time"),
        FieldSpec("exemplars", "other", supported=False),
        FieldSpec("count", "int", supported=False),
        FieldSpec("sum", "float", supported=False),
        FieldSpec("bucket_counts", "other", supported=False),
        FieldSpec("explicit_bounds", "other", supported=False),
        FieldSpec("scale", "int", supported=False),
        FieldSpec("zero_count", "int", supported=False),
        FieldSpec("positive", "other", supported=False),
        FieldSpec("positive.offset", "int", supported=False),
        FieldSpec("positive.bucket_counts", "other", supported=False),
        FieldSpec("negative", "other", supported=False),
        FieldSpec("negative.offset", "int", supported=False),
        FieldSpec("negative.bucket_counts", "other", supported=False),
        FieldSpec("quantile_values", "other", supported=False),
    ),
    "otelcol": _fields(
        FieldSpec("client.addr", "string", supported=False),
        FieldSpec("client.metadata", _MAP, True, supported=False),
        FieldSpec("client.auth.attributes", _MAP, True, supported=False),
        FieldSpec("grpc.metadata", _MAP, True, supported=False),
    ),
}
CACHE = FieldSpec("cache", _MAP, True)

# Contexts each context can read: itself and the ones above it.
REACHABLE: dict[str, tuple[str, ...]] = {
    "resource": ("otelcol", "resource"),
    "scope": ("otelcol", "resource", "scope"),
    "metric": ("otelcol", "resource", "scope", "metric"),
    "datapoint": ("otelcol", "resource", "scope", "metric", "datapoint"),
}
_PREFIXES = {
    "otelcol": "otelcol",
    "resource": "resource",
    "instrumentation_scope": "scope",
    "scope": "scope",
    "metric": "metric",
    "datapoint": "datapoint",
}

_METRIC_ENUMS = {
    "AGGREGATION_TEMPORALITY_UNSPECIFIED": 0,
    "AGGREGATION_TEMPORALITY_DELTA": 1,
    "AGGREGATION_TEMPORALITY_CUMULATIVE": 2,
    "METRIC_DATA_TYPE_NONE": 0,
    "METRIC_DATA_TYPE_GAUGE": 1,
    "METRIC_DATA_TYPE_SUM": 2,
    "METRIC_DATA_TYPE_HISTOGRAM": 3,
    "METRIC_DATA_TYPE_EXPONENTIAL_HISTOGRAM": 4,
    "METRIC_DATA_TYPE_SUMMARY": 5,
}
ENUMS: dict[str, dict[str, int]] = {
    "resource": {},
    "scope": {},
    "metric": dict(_METRIC_ENUMS),
    "datapoint": {"FLAG_NONE": 0, "FLAG_NO_RECORDED_VALUE": 1, **_METRIC_ENUMS},
}


@dataclass(frozen=True, slots=True)
class ResolvedPath:
    """A path bound to the context whose data it reads (`field.name == "cache"` for the cache)."""

    target: str
    field: FieldSpec
    keys: tuple[ast.Key, ...]
    text: str
    column: int


def check_context(context: str) -> None:
    if context not in CONTEXTS:
        raise OttlError(f"unknown OTTL context {context!r}: metrics use one of {', '.join(CONTEXTS)}")


def valid_paths(context: str) -> list[str]:
    """Every path `context` accepts, in prefixed form (for messages and the builder's palette)."""
    out = [f"{context}.cache"]
    for target in REACHABLE[context]:
        out += [f"{target}.{name}" for name in FIELDS[target]]
    return out


def resolve_path(path: ast.Path, context: str, *, require_prefix: bool = False) -> ResolvedPath:
    """Bind `path` to a field of `context` or of a context above it, or raise OttlError with a column."""
    segments = path.segments
    first = segments[0]
    target = _PREFIXES.get(first.name)
    if target is not None and len(segments) > 1:
        if first.keys:
            raise OttlError(f"{first.name} cannot be indexed; index one of its fields", first.keys[0].column)
        if target not in REACHABLE[context]:
            raise OttlError(
                f"the {context} context cannot read {path.dotted}: it only sees "
                f"{', '.join(t for t in REACHABLE[context] if t != 'otelcol')} data (and otelcol.*)",
                first.column,
            )
        rest = segments[1:]
    elif target is not None:
        raise OttlError(
            f"{first.name} alone is not a path (whole objects are not readable since 0.117): "
            f"use one of its fields, e.g. {first.name}.attributes",
            first.column,
        )
    else:
        if require_prefix:
            hint = f"{context}.{path.dotted}"
            raise OttlError(
                f'missing context name for path "{path.dotted}", possibly valid options are: {hint}', first.column
            )
        target, rest = context, segments
    return _resolve_field(path, rest, target, context)


def _resolve_field(path: ast.Path, rest: tuple[ast.Segment, ...], target: str, context: str) -> ResolvedPath:
    head = rest[0]
    if head.name == "cache":
        if target != context:
            raise OttlError(f"cache is only accessible in its own context: write {context}.cache or cache", head.column)
        spec, used = CACHE, 1
    else:
        spec, used = None, 0
        for length in (3, 2, 1):
            name = ".".join(s.name for s in rest[:length])
            if len(rest) >= length and name in FIELDS[target]:
                spec, used = FIELDS[target][name], length
                break
        if spec is None:
            raise _unknown_path(path, context, head)
    if len(rest) > used:
        raise OttlError(f'"{path.dotted}" has extra path sections after {spec.name}', rest[used].column)
    keyed = [s for s in rest[:used] if s.keys]
    if keyed and (not spec.indexable or keyed[0] is not rest[used - 1]):
        raise OttlError(f"{spec.name} does not support indexing with [...]", keyed[0].keys[0].column)
    keys = rest[used - 1].keys
    return ResolvedPath(target, spec, keys, ast.to_text(path), path.column)


def _unknown_path(path: ast.Path, context: str, head: ast.Segment) -> OttlError:
    written = path.dotted
    nearest_first = reversed(REACHABLE[context])
    parents = [f"{t}.{written}" for t in nearest_first if written in FIELDS[t]]
    candidates = valid_paths(context)
    candidates += [p.split(".", 1)[1] for p in candidates if p.startswith(context + ".")]
    close = parents or difflib.get_close_matches(written, candidates, n=1)
    hint = f'; did you mean "{close[0]}"?' if close else ""
    return OttlError(f'unknown path "{written}" in the {context} context{hint}', head.column)


def resolve_enum(name: str, context: str) -> int | None:
    return ENUMS[context].get(name)
