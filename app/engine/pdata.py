"""A small typed model of the collector's metrics data (pdata), shared by every engine component.

It mirrors the OTLP shape (resource → scope → metric → data points) so components can be written
the way the collector's are, and it (de)serialises to OTLP-JSON field names so previews, golden
test files and the API show the data the way a collector's `debug`/`file` exporters would.
Number data points are modelled fully; histogram, exponential-histogram and summary points keep
their attributes, timestamps and flags and carry the rest of their OTLP-JSON body untouched.

Attribute values are `str`, `bool`, `int`, `float`, `bytes`, `list`, `dict` (a map) or `None`
(an empty OTLP `AnyValue`, which is what OTTL's `set(attributes["k"], ...)` leaves on a fresh key).
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

MetricType = Literal["gauge", "sum", "histogram", "summary", "exponential_histogram"]
Temporality = Literal["unspecified", "delta", "cumulative"]
AttrValue = Any
Attributes = dict[str, AttrValue]

METRIC_TYPES: tuple[str, ...] = ("gauge", "sum", "histogram", "summary", "exponential_histogram")
# OTLP-JSON field holding each metric type, and the pdata enum values OTTL exposes (metric.type).
_TYPE_FIELD = {
    "gauge": "gauge",
    "sum": "sum",
    "histogram": "histogram",
    "summary": "summary",
    "exponential_histogram": "exponentialHistogram",
}
TYPE_ENUM = {"gauge": 1, "sum": 2, "histogram": 3, "exponential_histogram": 4, "summary": 5}
TEMPORALITY_ENUM = {"unspecified": 0, "delta": 1, "cumulative": 2}
_TEMPORALITY_NAMES = {
    "AGGREGATION_TEMPORALITY_UNSPECIFIED": 0,
    "AGGREGATION_TEMPORALITY_DELTA": 1,
    "AGGREGATION_TEMPORALITY_CUMULATIVE": 2,
}
TEMPORALITY_BY_NUMBER = {v: k for k, v in TEMPORALITY_ENUM.items()}


def copy_value(value: AttrValue) -> AttrValue:
    """A deep copy of one attribute value (maps and lists are copied, scalars shared)."""
    if type(value) is dict:
        return {k: copy_value(v) for k, v in value.items()}
    if type(value) is list:
        return [copy_value(v) for v in value]
    return value


def copy_attributes(attributes: Attributes) -> Attributes:
    """A deep copy of an attribute map, fast for the common all-scalar case."""
    out = attributes.copy()
    for key, value in out.items():
        if type(value) is dict or type(value) is list:
            out[key] = copy_value(value)
    return out


def freeze(value: AttrValue) -> Any:
    """A hashable form of an attribute value, used to build series identities."""
    if type(value) is dict:
        return ("map", tuple(sorted((k, freeze(v)) for k, v in value.items())))
    if type(value) is list:
        return ("list", tuple(freeze(v) for v in value))
    # Keep int/float/bool distinct: 1, 1.0 and True are different OTLP values.
    return (type(value).__name__, value)


def attributes_key(attributes: Attributes) -> tuple:
    """A hashable identity of an attribute map, independent of key order."""
    return tuple(sorted((k, freeze(v)) for k, v in attributes.items()))


@dataclass(slots=True)
class Resource:
    attributes: Attributes = field(default_factory=dict)
    dropped_attributes_count: int = 0


@dataclass(slots=True)
class NumberDataPoint:
    attributes: Attributes = field(default_factory=dict)
    start_time_unix_nano: int = 0
    time_unix_nano: int = 0
    value: int | float = 0
    flags: int = 0

    def deep_copy(self) -> NumberDataPoint:
        return NumberDataPoint(
            copy_attributes(self.attributes), self.start_time_unix_nano, self.time_unix_nano, self.value, self.flags
        )


@dataclass(slots=True)
class OpaqueDataPoint:
    """A histogram, exponential-histogram or summary point: the rest of its body is kept as-is."""

    attributes: Attributes = field(default_factory=dict)
    start_time_unix_nano: int = 0
    time_unix_nano: int = 0
    flags: int = 0
    body: dict[str, Any] = field(default_factory=dict)

    def deep_copy(self) -> OpaqueDataPoint:
        return OpaqueDataPoint(
            copy_attributes(self.attributes),
            self.start_time_unix_nano,
            self.time_unix_nano,
            self.flags,
            copy_value(self.body),
        )


DataPoint = NumberDataPoint | OpaqueDataPoint


@dataclass(slots=True)
class Metric:
    name: str
    description: str = ""
    unit: str = ""
    type: MetricType = "gauge"
    is_monotonic: bool = False
    aggregation_temporality: Temporality = "unspecified"
    data_points: list[DataPoint] = field(default_factory=list)
    metadata: Attributes = field(default_factory=dict)

    def deep_copy(self) -> Metric:
        return Metric(
            self.name,
            self.description,
            self.unit,
            self.type,
            self.is_monotonic,
            self.aggregation_temporality,
            [dp.deep_copy() for dp in self.data_points],
            copy_attributes(self.metadata),
        )


@dataclass(slots=True)
class ScopeMetrics:
    scope_name: str = ""
    scope_version: str = ""
    scope_attributes: Attributes = field(default_factory=dict)
    metrics: list[Metric] = field(default_factory=list)
    schema_url: str = ""
    scope_dropped_attributes_count: int = 0

    def deep_copy(self) -> ScopeMetrics:
        return ScopeMetrics(
            self.scope_name,
            self.scope_version,
            copy_attributes(self.scope_attributes),
            [m.deep_copy() for m in self.metrics],
            self.schema_url,
            self.scope_dropped_attributes_count,
        )


@dataclass(slots=True)
class ResourceMetrics:
    resource: Resource = field(default_factory=Resource)
    scope_metrics: list[ScopeMetrics] = field(default_factory=list)
    schema_url: str = ""

    def deep_copy(self) -> ResourceMetrics:
        resource = Resource(copy_attributes(self.resource.attributes), self.resource.dropped_attributes_count)
        return ResourceMetrics(resource, [sm.deep_copy() for sm in self.scope_metrics], self.schema_url)


@dataclass(slots=True)
class MetricsBatch:
    resource_metrics: list[ResourceMetrics] = field(default_factory=list)

    def deep_copy(self) -> MetricsBatch:
        return MetricsBatch([rm.deep_copy() for rm in self.resource_metrics])

    def iter_metrics(self) -> Iterator[tuple[ResourceMetrics, ScopeMetrics, Metric]]:
        """Every metric with the resource and scope it belongs to."""
        for rm in self.resource_metrics:
            for sm in rm.scope_metrics:
                for metric in sm.metrics:
                    yield rm, sm, metric

    def metric_count(self) -> int:
        return sum(1 for _ in self.iter_metrics())

    def data_point_count(self) -> int:
        return sum(len(m.data_points) for _, _, m in self.iter_metrics())

    def series_keys(self) -> set[tuple]:
        """One key per time series: resource attributes + metric name + data point attributes."""
        keys: set[tuple] = set()
        for rm in self.resource_metrics:
            resource_key = attributes_key(rm.resource.attributes)
            for sm in rm.scope_metrics:
                for metric in sm.metrics:
                    for dp in metric.data_points:
                        keys.add((resource_key, metric.name, attributes_key(dp.attributes)))
        return keys

    def series_count(self) -> int:
        return len(self.series_keys())

    def to_dict(self) -> dict[str, Any]:
        return {"resourceMetrics": [_resource_metrics_to_dict(rm) for rm in self.resource_metrics]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MetricsBatch:
        return cls([_resource_metrics_from_dict(rm) for rm in data.get("resourceMetrics") or []])


# --- OTLP-JSON encoding -------------------------------------------------------------------------


def value_to_otlp(value: AttrValue) -> dict[str, Any]:
    """One attribute value as an OTLP-JSON `AnyValue` (int64 as a decimal string, like protojson)."""
    if value is None:
        return {}
    if type(value) is bool:
        return {"boolValue": value}
    if type(value) is int:
        return {"intValue": str(value)}
    if type(value) is float:
        return {"doubleValue": value}
    if type(value) is str:
        return {"stringValue": value}
    if type(value) is bytes:
        return {"bytesValue": base64.b64encode(value).decode()}
    if type(value) is list:
        return {"arrayValue": {"values": [value_to_otlp(v) for v in value]}}
    if type(value) is dict:
        return {"kvlistValue": {"values": attributes_to_otlp(value)}}
    raise TypeError(f"unsupported attribute value type {type(value).__name__}")


def value_from_otlp(data: dict[str, Any]) -> AttrValue:
    if "stringValue" in data:
        return str(data["stringValue"])
    if "boolValue" in data:
        return bool(data["boolValue"])
    if "intValue" in data:
        return int(data["intValue"])
    if "doubleValue" in data:
        return float(data["doubleValue"])
    if "bytesValue" in data:
        return base64.b64decode(data["bytesValue"])
    if "arrayValue" in data:
        return [value_from_otlp(v) for v in (data["arrayValue"] or {}).get("values") or []]
    if "kvlistValue" in data:
        return attributes_from_otlp((data["kvlistValue"] or {}).get("values") or [])
    return None


def attributes_to_otlp(attributes: Attributes) -> list[dict[str, Any]]:
    return [{"key": k, "value": value_to_otlp(v)} for k, v in attributes.items()]


def attributes_from_otlp(items: list[dict[str, Any]]) -> Attributes:
    return {item["key"]: value_from_otlp(item.get("value") or {}) for item in items}


def _data_point_to_dict(dp: DataPoint) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if dp.attributes:
        out["attributes"] = attributes_to_otlp(dp.attributes)
    out["startTimeUnixNano"] = str(dp.start_time_unix_nano)
    out["timeUnixNano"] = str(dp.time_unix_nano)
    if isinstance(dp, NumberDataPoint):
        if type(dp.value) is int:
            out["asInt"] = str(dp.value)
        else:
            out["asDouble"] = float(dp.value)
    else:
        out.update(copy_value(dp.body))
    if dp.flags:
        out["flags"] = dp.flags
    return out


DATA_POINT_COMMON_FIELDS = {"attributes", "startTimeUnixNano", "timeUnixNano", "flags"}


def _data_point_from_dict(data: dict[str, Any], metric_type: str) -> DataPoint:
    attributes = attributes_from_otlp(data.get("attributes") or [])
    start, end, flags = (
        int(data.get("startTimeUnixNano") or 0),
        int(data.get("timeUnixNano") or 0),
        int(data.get("flags") or 0),
    )
    if metric_type in ("gauge", "sum"):
        if "asDouble" in data:
            value: int | float = float(data["asDouble"])
        else:
            value = int(data.get("asInt") or 0)
        return NumberDataPoint(attributes, start, end, value, flags)
    body = {k: copy_value(v) for k, v in data.items() if k not in DATA_POINT_COMMON_FIELDS}
    return OpaqueDataPoint(attributes, start, end, flags, body)


def _metric_to_dict(metric: Metric) -> dict[str, Any]:
    out: dict[str, Any] = {"name": metric.name}
    if metric.description:
        out["description"] = metric.description
    if metric.unit:
        out["unit"] = metric.unit
    if metric.metadata:
        out["metadata"] = attributes_to_otlp(metric.metadata)
    body: dict[str, Any] = {"dataPoints": [_data_point_to_dict(dp) for dp in metric.data_points]}
    if metric.type in ("sum", "histogram", "exponential_histogram"):
        body["aggregationTemporality"] = TEMPORALITY_ENUM[metric.aggregation_temporality]
    if metric.type == "sum":
        body["isMonotonic"] = metric.is_monotonic
    out[_TYPE_FIELD[metric.type]] = body
    return out


def _temporality_from_json(raw: Any) -> Temporality:
    if isinstance(raw, str):
        number = _TEMPORALITY_NAMES.get(raw)
        if number is None:
            number = int(raw) if raw.isdigit() else 0
        raw = number
    return TEMPORALITY_BY_NUMBER.get(int(raw or 0), "unspecified")  # type: ignore[return-value]


def _metric_from_dict(data: dict[str, Any]) -> Metric:
    for metric_type in METRIC_TYPES:
        body = data.get(_TYPE_FIELD[metric_type])
        if body is not None:
            break
    else:
        raise ValueError(f"metric {data.get('name')!r} has no gauge/sum/histogram/summary body")
    temporality: Temporality = "unspecified"
    if metric_type in ("sum", "histogram", "exponential_histogram"):
        temporality = _temporality_from_json(body.get("aggregationTemporality"))
    return Metric(
        name=str(data.get("name") or ""),
        description=str(data.get("description") or ""),
        unit=str(data.get("unit") or ""),
        type=metric_type,  # type: ignore[arg-type]
        is_monotonic=bool(body.get("isMonotonic", False)) if metric_type == "sum" else False,
        aggregation_temporality=temporality,
        data_points=[_data_point_from_dict(dp, metric_type) for dp in body.get("dataPoints") or []],
        metadata=attributes_from_otlp(data.get("metadata") or []),
    )


def _resource_metrics_to_dict(rm: ResourceMetrics) -> dict[str, Any]:
    resource: dict[str, Any] = {"attributes": attributes_to_otlp(rm.resource.attributes)}
    if rm.resource.dropped_attributes_count:
        resource["droppedAttributesCount"] = rm.resource.dropped_attributes_count
    out: dict[str, Any] = {"resource": resource, "scopeMetrics": []}
    for sm in rm.scope_metrics:
        scope: dict[str, Any] = {"name": sm.scope_name}
        if sm.scope_version:
            scope["version"] = sm.scope_version
        if sm.scope_attributes:
            scope["attributes"] = attributes_to_otlp(sm.scope_attributes)
        if sm.scope_dropped_attributes_count:
            scope["droppedAttributesCount"] = sm.scope_dropped_attributes_count
        item: dict[str, Any] = {"scope": scope, "metrics": [_metric_to_dict(m) for m in sm.metrics]}
        if sm.schema_url:
            item["schemaUrl"] = sm.schema_url
        out["scopeMetrics"].append(item)
    if rm.schema_url:
        out["schemaUrl"] = rm.schema_url
    return out


def _resource_metrics_from_dict(data: dict[str, Any]) -> ResourceMetrics:
    resource = data.get("resource") or {}
    scope_metrics = []
    for sm in data.get("scopeMetrics") or []:
        scope = sm.get("scope") or {}
        scope_metrics.append(
            ScopeMetrics(
                scope_name=str(scope.get("name") or ""),
                scope_version=str(scope.get("version") or ""),
                scope_attributes=attributes_from_otlp(scope.get("attributes") or []),
                metrics=[_metric_from_dict(m) for m in sm.get("metrics") or []],
                schema_url=str(sm.get("schemaUrl") or ""),
                scope_dropped_attributes_count=int(scope.get("droppedAttributesCount") or 0),
            )
        )
    return ResourceMetrics(
        resource=Resource(
            attributes_from_otlp(resource.get("attributes") or []), int(resource.get("droppedAttributesCount") or 0)
        ),
        scope_metrics=scope_metrics,
        schema_url=str(data.get("schemaUrl") or ""),
    )
