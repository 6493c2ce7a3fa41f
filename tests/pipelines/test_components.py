"""Component config models and the registry that feeds the validator, the engine and the builder."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from app.engine.collector import CONTRIB_VERSION, PROCESS_METRICS, default_enabled_metrics
from app.engine.components.common import go_duration_seconds
from app.engine.components.cumulativetodelta.config import CumulativeToDeltaConfig
from app.engine.components.filter.config import FilterConfig
from app.engine.components.hostmetrics.config import HostmetricsConfig
from app.engine.components.memory_limiter.config import MemoryLimiterConfig
from app.engine.components.otlp_exporter.config import OtlpExporterConfig
from app.engine.components.otlp_receiver.config import OtlpReceiverConfig
from app.engine.components.resource.config import ResourceConfig
from app.engine.components.transform.config import TransformConfig
from app.engine.registry import COMPONENTS, canonical_type, component_type, get_component, palette, split_id


def test_process_scraper_facts() -> None:
    assert "process.memory.physical" not in PROCESS_METRICS
    cpu = PROCESS_METRICS["process.cpu.utilization"]
    assert (cpu.unit, cpu.type, cpu.enabled_by_default, cpu.attributes) == ("1", "gauge", False, ("state",))
    memory = PROCESS_METRICS["process.memory.usage"]
    assert (memory.unit, memory.type, memory.value_type, memory.monotonic) == ("By", "sum", "int", False)
    assert default_enabled_metrics() == [
        "process.cpu.time",
        "process.memory.usage",
        "process.memory.virtual",
        "process.disk.io",
    ]


@pytest.mark.parametrize("spec", COMPONENTS, ids=lambda s: f"{s.kind}-{s.type}")
def test_every_component_has_a_schema_and_a_valid_example(spec) -> None:
    schema = spec.json_schema()
    assert schema["type"] == "object"
    json.dumps(schema)
    spec.config_model.model_validate(spec.example)
    assert spec.docs.endswith("README.md")


def test_palette_lists_every_kind() -> None:
    entries = palette()
    assert entries["collector_version"] == CONTRIB_VERSION
    assert {e["kind"] for e in entries["components"]} == {"receiver", "processor", "exporter", "extension"}
    assert {e["type"] for e in entries["components"]} == {
        "host_metrics",
        "otlp",
        "memory_limiter",
        "batch",
        "filter",
        "transform",
        "groupbyattrs",
        "metrics_transform",
        "cumulative_to_delta",
        "resource",
        "attributes",
        "resource_detection",
        "otlp_grpc",
        "otlp_http",
        "prometheus",
        "debug",
        "file",
        "health_check",
    }


def test_deprecated_type_names_resolve_to_the_pinned_names() -> None:
    assert canonical_type("receiver", "hostmetrics") == "host_metrics"
    assert canonical_type("exporter", "otlp") == "otlp_grpc"
    assert canonical_type("receiver", "otlp") == "otlp"  # the receiver kept its name
    assert component_type("processor", "resourcedetection/host") == "resource_detection"
    assert get_component("exporter", "otlphttp") is get_component("exporter", "otlp_http")
    assert canonical_type("processor", "frobnicate") == "frobnicate"


def test_hostmetrics_schema_exposes_the_process_metric_toggles() -> None:
    schema = json.dumps(get_component("receiver", "hostmetrics").json_schema())
    for name in PROCESS_METRICS:
        assert f'"{name}"' in schema


@pytest.mark.parametrize(
    ("component_id", "expected"),
    [("batch", ("batch", None)), ("filter/drop", ("filter", "drop")), ("transform/a.b-c", ("transform", "a.b-c"))],
)
def test_component_ids(component_id: str, expected: tuple) -> None:
    assert split_id(component_id) == expected


@pytest.mark.parametrize("component_id", ["9batch", "filter/", "filter/has space", "", "fil-ter"])
def test_bad_component_ids(component_id: str) -> None:
    with pytest.raises(ValueError, match="invalid component id"):
        split_id(component_id)


def test_go_durations() -> None:
    assert go_duration_seconds("1m30s") == 90
    assert go_duration_seconds("250ms") == 0.25
    with pytest.raises(ValueError):
        go_duration_seconds("10")


def test_hostmetrics_enabled_metrics_follow_the_toggles() -> None:
    config = HostmetricsConfig.model_validate(
        {
            "scrapers": {
                "process": {
                    "metrics": {"process.cpu.utilization": {"enabled": True}, "process.disk.io": {"enabled": False}}
                }
            }
        }
    )
    assert config.process_scraper().enabled_metrics() == {
        "process.cpu.time",
        "process.cpu.utilization",
        "process.memory.usage",
        "process.memory.virtual",
    }
    with pytest.raises(ValidationError, match="at least one scraper"):
        HostmetricsConfig.model_validate({"scrapers": {}})
    with pytest.raises(ValidationError):
        HostmetricsConfig.model_validate({"scrapers": {"procezz": {}}})


def test_memory_limiter_rules() -> None:
    MemoryLimiterConfig.model_validate({"check_interval": "1s", "limit_mib": 400, "spike_limit_mib": 80})
    for bad, message in [
        ({"limit_mib": 400}, "check_interval"),
        ({"check_interval": "1s"}, "must be greater than zero"),
        ({"check_interval": "1s", "limit_mib": 100, "spike_limit_mib": 100}, "smaller than 'limit_mib'"),
        ({"check_interval": "1s", "limit_percentage": 120}, "less than or equal to hundred"),
    ]:
        with pytest.raises(ValidationError, match=message):
            MemoryLimiterConfig.model_validate(bad)


def test_filter_and_transform_expose_their_ottl() -> None:
    flt = FilterConfig.model_validate(
        {
            "error_mode": "ignore",
            "metrics": {"metric": ['metric.name == "process.disk.io"'], "datapoint": ["value_double > 0.5"]},
        }
    )
    assert [(e.path, e.context, e.kind) for e in flt.ottl_expressions()] == [
        (("metrics", "metric", 0), "metric", "condition"),
        (("metrics", "datapoint", 0), "datapoint", "condition"),
    ]
    assert flt.metric_references() == [(("metrics", "metric", 0), "process.disk.io")]
    with pytest.raises(ValidationError, match="at the same time"):
        FilterConfig.model_validate(
            {"metrics": {"metric": ["true"], "exclude": {"match_type": "strict", "metric_names": ["x"]}}}
        )
    transform = TransformConfig.model_validate(
        {
            "metric_statements": [
                {
                    "context": "resource",
                    "statements": ['delete_key(resource.attributes, "process.pid")'],
                    "conditions": ["true"],
                }
            ]
        }
    )
    kinds = [(e.path, e.context, e.kind) for e in transform.ottl_expressions()]
    assert kinds == [
        (("metric_statements", 0, "statements", 0), "resource", "statement"),
        (("metric_statements", 0, "conditions", 0), "resource", "condition"),
    ]
    with pytest.raises(ValidationError, match="multiple configuration styles"):
        TransformConfig.model_validate({"metric_statements": ['set(metric.unit, "1")', {"statements": ["x"]}]})


def test_listen_endpoints() -> None:
    receiver = OtlpReceiverConfig.model_validate({"protocols": {"grpc": None, "http": {"endpoint": "0.0.0.0:4318"}}})
    assert [e for _, e in receiver.listen_endpoints()] == ["localhost:4317", "0.0.0.0:4318"]
    with pytest.raises(ValidationError, match="at least one protocol"):
        OtlpReceiverConfig.model_validate({"protocols": {}})


def test_exporter_and_processor_rules() -> None:
    OtlpExporterConfig.model_validate({"endpoint": "${env:BACKEND}"})
    OtlpExporterConfig.model_validate({"endpoint": "https://backend:443"})
    with pytest.raises(ValidationError, match="invalid port"):
        OtlpExporterConfig.model_validate({"endpoint": "backend:http"})
    with pytest.raises(ValidationError, match="match_type must be set"):
        CumulativeToDeltaConfig.model_validate({"include": {"metrics": ["process.cpu.time"]}})
    with pytest.raises(ValidationError, match="exactly one of"):
        ResourceConfig.model_validate({"attributes": [{"key": "a", "action": "upsert"}]})
    ResourceConfig.model_validate({"attributes": [{"key": "a", "value": "b", "action": "UPSERT"}]})
