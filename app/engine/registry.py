"""Every collector component Phoenix knows, with its config model: one list for the validator,
the engine and the visual builder's palette (`GET /api/v1/pipelines/components`).

A component is addressed as in the collector: kind (receiver/processor/exporter/extension) and
type; config IDs are `type` or `type/name`. Types are those of the pinned release; the names they had
before (`hostmetrics`, `resourcedetection`, `otlp` for the gRPC exporter, ...) are still accepted as
deprecated aliases, as the collector accepts them (it logs a warning).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from app.engine.collector import CONTRIB_VERSION
from app.engine.components.attributes.config import AttributesConfig
from app.engine.components.batch.config import BatchConfig
from app.engine.components.cumulativetodelta.config import CumulativeToDeltaConfig
from app.engine.components.debug.config import DebugConfig
from app.engine.components.file.config import FileConfig
from app.engine.components.filter.config import FilterConfig
from app.engine.components.groupbyattrs.config import GroupByAttrsConfig
from app.engine.components.health_check.config import HealthCheckConfig
from app.engine.components.hostmetrics.config import HostmetricsConfig
from app.engine.components.memory_limiter.config import MemoryLimiterConfig
from app.engine.components.metricstransform.config import MetricsTransformConfig
from app.engine.components.otlp_exporter.config import OtlpExporterConfig
from app.engine.components.otlp_receiver.config import OtlpReceiverConfig
from app.engine.components.otlphttp.config import OtlpHttpConfig
from app.engine.components.prometheus.config import PrometheusConfig
from app.engine.components.resource.config import ResourceConfig
from app.engine.components.resourcedetection.config import ResourceDetectionConfig
from app.engine.components.transform.config import TransformConfig

Kind = Literal["receiver", "processor", "exporter", "extension"]
KINDS: tuple[Kind, ...] = ("receiver", "processor", "exporter", "extension")
SECTION_KIND: dict[str, Kind] = {
    "receivers": "receiver",
    "processors": "processor",
    "exporters": "exporter",
    "extensions": "extension",
}
ALL_SIGNALS = ("traces", "metrics", "logs")

_TYPE = re.compile(r"^[a-zA-Z][0-9a-zA-Z_]{0,62}$")
_NAME = re.compile(r"^[^\s/\x00-\x1f\x7f]{1,1024}$")


@dataclass(frozen=True)
class ComponentSpec:
    kind: Kind
    type: str
    description: str
    config_model: type[BaseModel]
    docs: str
    signals: tuple[str, ...] = ALL_SIGNALS
    example: dict[str, Any] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()  # earlier type names the pinned collector still accepts (deprecated)

    def json_schema(self) -> dict[str, Any]:
        """JSON schema of the config (aliases as keys), for forms in the builder."""
        return self.config_model.model_json_schema(by_alias=True)

    def palette_entry(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "type": self.type,
            "description": self.description,
            "signals": list(self.signals),
            "docs": self.docs,
            "example": self.example,
            "schema": self.json_schema(),
            "aliases": list(self.aliases),
        }


_CONTRIB = "opentelemetry-collector-contrib"
_CORE = "opentelemetry-collector"

COMPONENTS: tuple[ComponentSpec, ...] = (
    ComponentSpec(
        "receiver",
        "host_metrics",
        "Host metrics; the process scraper emits one resource per process.",
        HostmetricsConfig,
        f"{_CONTRIB}/receiver/hostmetricsreceiver/README.md",
        ("metrics", "logs"),  # logs: development stability in the pinned release; the collector loads it
        {
            "collection_interval": "10s",
            "scrapers": {
                "process": {"mute_process_all_errors": True, "metrics": {"process.cpu.utilization": {"enabled": True}}}
            },
        },
        aliases=("hostmetrics",),
    ),
    ComponentSpec(
        "receiver",
        "otlp",
        "Receives OTLP over gRPC (4317) and/or HTTP (4318).",
        OtlpReceiverConfig,
        f"{_CORE}/receiver/otlpreceiver/README.md",
        ALL_SIGNALS,
        {"protocols": {"grpc": {"endpoint": "localhost:4317"}}},
    ),
    ComponentSpec(
        "processor",
        "memory_limiter",
        "Refuses data above a memory limit; put it first.",
        MemoryLimiterConfig,
        f"{_CORE}/processor/memorylimiterprocessor/README.md",
        ALL_SIGNALS,
        {"check_interval": "1s", "limit_percentage": 80, "spike_limit_percentage": 20},
    ),
    ComponentSpec(
        "processor",
        "batch",
        "Batches data before export; put it last.",
        BatchConfig,
        f"{_CORE}/processor/batchprocessor/README.md",
        ALL_SIGNALS,
        {"timeout": "5s", "send_batch_size": 8192},
    ),
    ComponentSpec(
        "processor",
        "filter",
        "Drops metrics/datapoints matching any OTTL condition.",
        FilterConfig,
        f"{_CONTRIB}/processor/filterprocessor/README.md",
        ALL_SIGNALS,
        {
            "error_mode": "ignore",
            "metrics": {"datapoint": ['metric.name == "process.cpu.utilization" and value_double < 0.01']},
        },
    ),
    ComponentSpec(
        "processor",
        "transform",
        "Modifies telemetry with OTTL statements.",
        TransformConfig,
        f"{_CONTRIB}/processor/transformprocessor/README.md",
        ALL_SIGNALS,
        {
            "error_mode": "ignore",
            "metric_statements": [
                {"context": "resource", "statements": ['delete_key(resource.attributes, "process.command_line")']}
            ],
        },
    ),
    ComponentSpec(
        "processor",
        "groupbyattrs",
        "Regroups records under matching resources; compacts.",
        GroupByAttrsConfig,
        f"{_CONTRIB}/processor/groupbyattrsprocessor/README.md",
        ALL_SIGNALS,
        {"keys": []},
    ),
    ComponentSpec(
        "processor",
        "metrics_transform",
        "Renames metrics/labels, aggregates within a metric.",
        MetricsTransformConfig,
        f"{_CONTRIB}/processor/metricstransformprocessor/README.md",
        ("metrics",),
        {
            "transforms": [
                {
                    "include": "process.cpu.time",
                    "action": "update",
                    "operations": [{"action": "aggregate_labels", "label_set": ["state"], "aggregation_type": "sum"}],
                }
            ]
        },
        aliases=("metricstransform",),
    ),
    ComponentSpec(
        "processor",
        "cumulative_to_delta",
        "Converts monotonic cumulative sums to delta.",
        CumulativeToDeltaConfig,
        f"{_CONTRIB}/processor/cumulativetodeltaprocessor/README.md",
        ("metrics",),
        {"include": {"metrics": ["process.cpu.time"], "match_type": "strict"}, "max_staleness": "1h"},
        aliases=("cumulativetodelta",),
    ),
    ComponentSpec(
        "processor",
        "resource",
        "Inserts, updates or deletes resource attributes.",
        ResourceConfig,
        f"{_CONTRIB}/processor/resourceprocessor/README.md",
        ALL_SIGNALS,
        {"attributes": [{"key": "phoenix.variant", "value": "candidate", "action": "upsert"}]},
    ),
    ComponentSpec(
        "processor",
        "attributes",
        "Acts on record (datapoint) attributes, not on resources.",
        AttributesConfig,
        f"{_CONTRIB}/processor/attributesprocessor/README.md",
        ALL_SIGNALS,
        {"actions": [{"key": "state", "action": "delete"}]},
    ),
    ComponentSpec(
        "processor",
        "resource_detection",
        "Adds host resource attributes (env, system detectors).",
        ResourceDetectionConfig,
        f"{_CONTRIB}/processor/resourcedetectionprocessor/README.md",
        ALL_SIGNALS,
        {"detectors": ["env", "system"], "override": False},
        aliases=("resourcedetection",),
    ),
    ComponentSpec(
        "exporter",
        "otlp_grpc",
        "Sends OTLP over gRPC to a backend.",
        OtlpExporterConfig,
        f"{_CORE}/exporter/otlpexporter/README.md",
        ALL_SIGNALS,
        {"endpoint": "otlp.example.com:4317", "headers": {"api-key": "${env:OTLP_API_KEY}"}},
        aliases=("otlp",),
    ),
    ComponentSpec(
        "exporter",
        "otlp_http",
        "Sends OTLP over HTTP to a backend.",
        OtlpHttpConfig,
        f"{_CORE}/exporter/otlphttpexporter/README.md",
        ALL_SIGNALS,
        {"endpoint": "https://otlp.example.com:4318"},
        aliases=("otlphttp",),
    ),
    ComponentSpec(
        "exporter",
        "prometheus",
        "Serves metrics for Prometheus to scrape.",
        PrometheusConfig,
        f"{_CONTRIB}/exporter/prometheusexporter/README.md",
        ("metrics",),
        {"endpoint": "0.0.0.0:8889", "resource_to_telemetry_conversion": {"enabled": True}},
    ),
    ComponentSpec(
        "exporter",
        "debug",
        "Writes telemetry to the collector log.",
        DebugConfig,
        f"{_CORE}/exporter/debugexporter/README.md",
        ALL_SIGNALS,
        {"verbosity": "basic"},
    ),
    ComponentSpec(
        "exporter",
        "file",
        "Writes telemetry to a local file as OTLP JSON or protobuf.",
        FileConfig,
        f"{_CONTRIB}/exporter/fileexporter/README.md",
        ALL_SIGNALS,
        {"path": "./metrics.json"},
    ),
    ComponentSpec(
        "extension",
        "health_check",
        "HTTP health endpoint for liveness/readiness probes.",
        HealthCheckConfig,
        f"{_CONTRIB}/extension/healthcheckextension/README.md",
        (),
        {"endpoint": "0.0.0.0:13133"},
    ),
)

_BY_KEY = {(c.kind, t): c for c in COMPONENTS for t in (c.type, *c.aliases)}


def get_component(kind: str, type_: str) -> ComponentSpec | None:
    """The spec of a known component (by its type or a deprecated alias), or None when Phoenix does
    not know that type."""
    return _BY_KEY.get((kind, type_))  # type: ignore[arg-type]


def canonical_type(kind: str, type_: str) -> str:
    """The pinned release's name of a type: `hostmetrics` -> `host_metrics`; unknown types as given."""
    spec = get_component(kind, type_)
    return spec.type if spec else type_


def component_type(kind: str, component_id: str) -> str:
    """The canonical type of a config ID: (`receiver`, `hostmetrics/process`) -> `host_metrics`."""
    return canonical_type(kind, split_id(component_id)[0])


def split_id(component_id: str) -> tuple[str, str | None]:
    """`filter/drop` -> (`filter`, `drop`); `batch` -> (`batch`, None). Raises ValueError if malformed."""
    type_, sep, name = component_id.partition("/")
    if not _TYPE.match(type_):
        raise ValueError(
            f"invalid component id {component_id!r}: the type must start with a letter and contain only "
            "letters, digits and '_' (at most 63 characters)"
        )
    if sep and not _NAME.match(name):
        raise ValueError(f"invalid component id {component_id!r}: the name after '/' is empty or has spaces")
    return type_, (name if sep else None)


def palette() -> dict[str, Any]:
    """Everything the builder needs to draw its palette and forms."""
    return {"collector_version": CONTRIB_VERSION, "components": [c.palette_entry() for c in COMPONENTS]}
