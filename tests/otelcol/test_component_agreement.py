"""Phoenix's static schema tier and otelcol-phoenix's own `validate` agree, component by component.

Each case is one component config, put into an otherwise valid pipeline: keys that changed
between the 0.128 docs Phoenix's models were first written from and the pinned 0.159.0 (new keys
accepted, removed or renamed ones refused, new checks), and a few typical keys. Both sides must
give the recorded answer. "Phoenix refuses" means a schema-tier error the collector is said to
refuse (`refused_by == "collector"`); Phoenix's own policies (`refused_by == "phoenix"`) are not
the collector's business.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from app.engine.components.file.config import FileConfig
from app.engine.registry import COMPONENTS, get_component, split_id
from app.validation import validate_config
from tests.otelcol.test_validate import COLLECTOR

OK, NO = True, False
PROCESS = {"mute_process_all_errors": True}

# (kind, component id, config, does the pinned collector accept it, what the case shows)
CASES: list[tuple[str, str, Any, bool, str]] = [
    # --- receivers ---
    ("receiver", "host_metrics", {"collection_interval": "10s", "scrapers": {"process": PROCESS}}, OK, "typical"),
    ("receiver", "hostmetrics", {"scrapers": {"process": None}}, OK, "deprecated type name"),
    ("receiver", "host_metrics", {"scrapers": {}}, NO, "no scraper"),
    ("receiver", "host_metrics", {"timeout": "-1s", "scrapers": {"process": {}}}, NO, "negative timeout"),
    (
        "receiver",
        "host_metrics",
        {"scrapers": {"process": {"metrics": {"process.cpu.time": {"attributes": [], "aggregation_strategy": "sum"}}}}},
        OK,
        "metric attributes and aggregation_strategy (0.149), enabled left out",
    ),
    (
        "receiver",
        "host_metrics",
        {"scrapers": {"process": {"metrics": {"process.cpu.time": {"attributes": ["direction"]}}}}},
        NO,
        "attribute the metric does not have",
    ),
    (
        "receiver",
        "host_metrics",
        {"scrapers": {"process": {"metrics": {"process.disk.io": {"aggregation_strategy": "median"}}}}},
        NO,
        "unknown aggregation_strategy",
    ),
    (
        "receiver",
        "host_metrics",
        {"scrapers": {"process": {"metrics": {"process.memory.usage": {"attributes": []}}}}},
        NO,
        "attributes on a metric without any",
    ),
    (
        "receiver",
        "host_metrics",
        {"scrapers": {"process": {"metrics": {"process.memory.physical": {"enabled": True}}}}},
        NO,
        "unknown metric",
    ),
    (
        "receiver",
        "host_metrics",
        {
            "scrapers": {
                "process": {"resource_attributes": {"process.cgroup": {"metrics_include": [{"regexp": "^/k"}]}}}
            }
        },
        OK,
        "resource attribute filter",
    ),
    (
        "receiver",
        "host_metrics",
        {"scrapers": {"process": {"resource_attributes": {"process.cgroup": {"metrics_include": [{}]}}}}},
        NO,
        "empty resource attribute filter",
    ),
    ("receiver", "host_metrics", {"scrapers": {"process": {"include": {"names": ["a"]}}}}, NO, "names w/o match_type"),
    ("receiver", "otlp", {"protocols": {"grpc": {"endpoint": "localhost:4317"}}}, OK, "typical"),
    (
        "receiver",
        "otlp",
        {"protocols": {"grpc": {"enabled": False}, "http": {"endpoint": "localhost:4318"}}},
        OK,
        "protocol turned off with enabled",
    ),
    ("receiver", "otlp", {"protocols": {"grpc": {"enabled": False}}}, NO, "every protocol turned off"),
    (
        "receiver",
        "otlp",
        {
            "protocols": {
                "http": {
                    "endpoint": "localhost:4318",
                    "transport": "tcp",
                    "keep_alives_enabled": True,
                    "middlewares": [],
                    "cors": {"allowed_origins": ["*"], "exposed_headers": ["X-A"]},
                    "response_headers": [{"name": "a", "value": "b"}],
                }
            }
        },
        OK,
        "new HTTP server keys",
    ),
    ("receiver", "otlp", {"protocols": {"http": {"middleware": []}}}, NO, "middleware renamed middlewares"),
    ("receiver", "otlp", {"protocols": {"grpc": {"tls": {}}}}, NO, "server TLS without certificate"),
    ("receiver", "otlp", {"protocols": {"grpc": {"tls": {"enabled": False}}}}, OK, "server TLS turned off"),
    ("receiver", "otlp", {"protocols": {"grpc": {"transport": "foo"}}}, NO, "unknown transport"),
    # --- processors ---
    ("processor", "filter", {"error_mode": "ignore", "metrics": {"datapoint": ["value_double < 0.1"]}}, OK, "typical"),
    ("processor", "filter", {"metrics": {"resource": ['attributes["a"] == "b"']}}, OK, "metrics.resource"),
    ("processor", "filter", {"metric_conditions": ['metric.name == "x"']}, OK, "metric_conditions, plain"),
    (
        "processor",
        "filter",
        {"metric_conditions": [{"context": "DataPoint", "conditions": ["value_double < 0.1"], "error_mode": "silent"}]},
        OK,
        "metric_conditions group",
    ),
    (
        "processor",
        "filter",
        {"metric_conditions": ['metric.name == "x"'], "metrics": {"metric": ['name == "y"']}},
        NO,
        "metric_conditions with metrics",
    ),
    ("processor", "filter", {"profiles": {"bogus": []}}, NO, "unknown profiles key"),
    ("processor", "filter", {"error_mode": "IGNORE", "metrics": {"metric": ["true"]}}, OK, "error_mode any case"),
    ("processor", "filter", {"error_mode": "skip"}, NO, "unknown error_mode"),
    (
        "processor",
        "transform",
        {
            "error_mode": "ignore",
            "metric_statements": [{"context": "resource", "statements": ['set(attributes["a"], "b")']}],
        },
        OK,
        "typical",
    ),
    (
        "processor",
        "transform",
        {"metric_statements": [{"context": "Resource", "statements": ['set(attributes["a"], "b")']}]},
        OK,
        "context any case",
    ),
    (
        "processor",
        "transform",
        {"metric_statements": [{"context": "exemplar", "statements": ['set(filtered_attributes["a"], "b")']}]},
        OK,
        "exemplar context",
    ),
    (
        "processor",
        "transform",
        {"metric_statements": [{"context": "resource", "statements": []}, 'set(resource.attributes["c"], "d")']},
        OK,
        "plain statements after a group, group without statements",
    ),
    (
        "processor",
        "transform",
        {"metric_statements": ['set(resource.attributes["c"], "d")', {"context": "resource", "statements": []}]},
        NO,
        "plain statements before a group",
    ),
    ("processor", "groupbyattrs", {"keys": ["a"]}, OK, "typical"),
    ("processor", "groupbyattrs", {"keys": ["a"], "bogus": 1}, NO, "unknown key"),
    (
        "processor",
        "metrics_transform",
        {
            "transforms": [
                {
                    "include": "process.cpu.time",
                    "action": "update",
                    "operations": [{"action": "aggregate_labels", "label_set": ["state"], "aggregation_type": "sum"}],
                }
            ]
        },
        OK,
        "typical",
    ),
    ("processor", "metricstransform", {"transforms": []}, OK, "deprecated type name, no transforms"),
    (
        "processor",
        "metrics_transform",
        {"transforms": [{"include": "a", "action": "update", "operations": [{"action": "experimental_scale_value"}]}]},
        NO,
        "scale without experimental_scale",
    ),
    (
        "processor",
        "metrics_transform",
        {"transforms": [{"include": "a", "action": "group", "group_resource_labels": {}}]},
        OK,
        "group with empty labels",
    ),
    (
        "processor",
        "cumulative_to_delta",
        {"max_staleness": "1h", "include": {"metrics": ["a"], "match_type": "strict"}},
        OK,
        "typical",
    ),
    (
        "processor",
        "cumulative_to_delta",
        {"include": {"metric_types": ["Sum", "ExponentialHistogram"]}},
        OK,
        "metric_types any case, exponentialhistogram",
    ),
    ("processor", "cumulative_to_delta", {"include": {"metric_types": ["gauge"]}}, NO, "gauge metric_types"),
    ("processor", "cumulative_to_delta", {"initial_value": "Auto"}, NO, "initial_value is case-sensitive"),
    ("processor", "resource", {"attributes": [{"key": "a", "value": "b", "action": "UPSERT"}]}, OK, "typical"),
    (
        "processor",
        "resource",
        {"attributes": [{"key": "a", "default_value": "x", "action": "upsert"}]},
        OK,
        "default_value",
    ),
    ("processor", "resource", {"attributes": [{"key": "a", "value": "", "action": "upsert"}]}, OK, "empty value"),
    ("processor", "resource", {"attributes": [{"key": "a", "action": "upsert"}]}, NO, "no value source"),
    (
        "processor",
        "attributes",
        {"actions": [{"key": "a", "default_value": 1, "action": "insert"}]},
        OK,
        "default_value",
    ),
    (
        "processor",
        "attributes",
        {"actions": [{"key": "a", "action": "extract", "pattern": "(a)"}]},
        NO,
        "unnamed group",
    ),
    (
        "processor",
        "resource_detection",
        {"detectors": ["env", "system"], "override": False, "system": {"hostname_sources": ["os"]}},
        OK,
        "typical",
    ),
    (
        "processor",
        "resourcedetection",
        {"refresh_interval": "5m", "fail_on_missing_metadata": True, "retry": {"enabled": True}},
        OK,
        "new keys, detectors default to env",
    ),
    ("processor", "resource_detection", {"detectors": ["env"], "attributes": ["host.name"]}, NO, "attributes removed"),
    ("processor", "resource_detection", {"detectors": ["env"], "env": {}}, NO, "env has no section"),
    ("processor", "resource_detection", {"detectors": ["bogus"]}, NO, "unknown detector"),
    ("processor", "resource_detection", {"timeout": "0s", "retry": {"max_elapsed_time": "0s"}}, NO, "unbounded retry"),
    (
        "processor",
        "resource_detection",
        {"detectors": ["system"], "system": {"resource_attributes": {"host.foo": {"enabled": True}}}},
        NO,
        "unknown system attribute",
    ),
    (
        "processor",
        "memory_limiter",
        {"check_interval": "1s", "limit_percentage": 80, "spike_limit_percentage": 20},
        OK,
        "typical",
    ),
    (
        "processor",
        "memory_limiter",
        {"check_interval": "1s", "limit_mib": 400, "max_gc_interval_when_soft_limited": "1m"},
        OK,
        "max_gc_interval (0.156)",
    ),
    (
        "processor",
        "memory_limiter",
        {"check_interval": "1s", "limit_mib": 400, "min_gc_interval_when_soft_limited": "1m"},
        NO,
        "min_gc above the 30s max_gc default",
    ),
    ("processor", "batch", {"timeout": "5s", "send_batch_size": 8192}, OK, "typical"),
    ("processor", "batch", {"send_batch_size": 0, "send_batch_max_size": 100}, OK, "explicit zero batch size"),
    ("processor", "batch", {"send_batch_max_size": 100}, NO, "max below the default size"),
    # --- exporters ---
    ("exporter", "otlp_grpc", {"endpoint": "backend:4317", "headers": {"api-key": "${env:KEY}"}}, OK, "typical"),
    (
        "exporter",
        "otlp",
        {"endpoint": "dns:///backend:4317", "user_agent": "phoenix"},
        OK,
        "resolver scheme, user_agent",
    ),
    ("exporter", "otlp_grpc", {"endpoint": "backend"}, NO, "no port"),
    ("exporter", "otlp_grpc", {"endpoint": "backend:4317", "batcher": {"enabled": True}}, NO, "batcher removed"),
    ("exporter", "otlp_grpc", {"endpoint": "b:4317", "sending_queue": {"blocking": True}}, NO, "blocking removed"),
    (
        "exporter",
        "otlp_grpc",
        {
            "endpoint": "backend:4317",
            "sending_queue": {
                "block_on_overflow": True,
                "batch": {"sizer": "items", "partition": {"metadata_keys": ["a"]}},
            },
        },
        OK,
        "batch sizer and partition",
    ),
    ("exporter", "otlp_grpc", {"endpoint": "b:4317", "sending_queue": {"queue_size": 0}}, NO, "zero queue_size"),
    (
        "exporter",
        "otlp_grpc",
        {"endpoint": "b:4317", "sending_queue": {"enabled": False, "queue_size": 0}},
        OK,
        "queue turned off",
    ),
    (
        "exporter",
        "otlp_grpc",
        {"endpoint": "b:4317", "sending_queue": {"sizer": "items", "batch": {}}},
        NO,
        "batch min_size above queue_size",
    ),
    (
        "exporter",
        "otlp_grpc",
        {"endpoint": "b:4317", "headers": [{"name": "a", "value": "1"}, {"name": "a", "value": "2"}]},
        NO,
        "duplicate header",
    ),
    (
        "exporter",
        "otlp_grpc",
        {"endpoint": "b:4317", "keepalive": {"enabled": False}, "tls": {"include_insecure_cipher_suites": True}},
        OK,
        "keepalive off, insecure ciphers",
    ),
    ("exporter", "otlp_grpc", {"endpoint": "b:4317", "tls": {"cert_file": "/c.pem"}}, NO, "certificate without key"),
    ("exporter", "otlp_grpc", {"endpoint": "b:4317", "balancer_name": "weighted_round_robin"}, NO, "balancer"),
    ("exporter", "otlp_grpc", {"endpoint": "b:4317", "timeout": "-1s"}, NO, "negative timeout"),
    ("exporter", "otlp_grpc", {"endpoint": "b:4317", "retry_on_failure": {"max_elapsed_time": "10s"}}, NO, "retry"),
    ("exporter", "otlp_http", {"endpoint": "https://backend:4318"}, OK, "typical"),
    (
        "exporter",
        "otlphttp",
        {"endpoint": "https://b:4318", "force_attempt_http2": True, "cookies": {"enabled": True}, "middlewares": []},
        OK,
        "new client keys",
    ),
    ("exporter", "otlp_http", {"endpoint": "https://b:4318", "middleware": []}, NO, "middleware renamed middlewares"),
    (
        "exporter",
        "otlp_http",
        {"endpoint": "https://b:4318", "compression": "gzip", "compression_params": {"level": 99}},
        NO,
        "gzip level",
    ),
    ("exporter", "otlp_http", {}, NO, "no endpoint"),
    ("exporter", "debug", {"verbosity": "basic"}, OK, "typical"),
    ("exporter", "debug", {"verbosity": "Detailed", "sending_queue": {}}, OK, "verbosity any case, sending_queue"),
    ("exporter", "debug", {"use_internal_logger": False, "output_paths": ["stdout"]}, OK, "output_paths"),
    ("exporter", "debug", {"output_paths": ["stdout"]}, NO, "output_paths with the internal logger"),
    (
        "exporter",
        "prometheus",
        {"endpoint": "0.0.0.0:8889", "translation_strategy": "UnderscoreEscapingWithSuffixes"},
        OK,
        "typical",
    ),
    (
        "exporter",
        "prometheus",
        {
            "endpoint": "0.0.0.0:8889",
            "keep_alives_enabled": True,
            "sending_queue": {"num_consumers": 2, "queue_size": 9},
        },
        OK,
        "sending_queue",
    ),
    ("exporter", "prometheus", {"endpoint": "0.0.0.0:8889", "sending_queue": {}}, NO, "sending_queue of zeros"),
    ("exporter", "prometheus", {"endpoint": "0.0.0.0:8889", "resource_constant_labels": {}}, NO, "0.160 key"),
    ("exporter", "prometheus", {}, NO, "no endpoint"),
    ("exporter", "file", {"path": "/tmp/phoenix-agreement.json"}, OK, "typical"),
    ("exporter", "file", {"path": "/tmp/phoenix-agreement.json", "format": "xml"}, NO, "format"),
    ("exporter", "file", {"path": "/tmp/p.json", "directory_permissions": "0750"}, NO, "permissions w/o create"),
    ("exporter", "file", {"path": "/tmp/p.json", "group_by": {"enabled": True}}, NO, "group_by path without *"),
    # --- extension ---
    ("extension", "health_check", {"endpoint": "0.0.0.0:13133"}, OK, "typical"),
    (
        "extension",
        "health_check",
        {"endpoint": "0.0.0.0:13133", "use_v2": False, "keep_alives_enabled": True, "middlewares": []},
        OK,
        "new keys",
    ),
    (
        "extension",
        "health_check",
        {"endpoint": "0.0.0.0:13133", "check_collector_pipeline": {"enabled": True, "interval": "soon"}},
        OK,
        "check_collector_pipeline is ignored",
    ),
    ("extension", "health_check", {"http": {"endpoint": "0.0.0.0:13133"}}, NO, "v2 needs a feature gate"),
    ("extension", "health_check", {"endpoint": ""}, NO, "empty endpoint"),
    ("extension", "health_check", {"endpoint": "0.0.0.0:13133", "tls": {}}, NO, "server TLS without certificate"),
]

UNREGISTERED: dict[tuple[str, str], type[BaseModel]] = {("exporter", "file"): FileConfig}
"""Models not (yet) in the registry: checked directly, since the schema tier only warns about them."""


def _config(kind: str, component_id: str, body: Any) -> str:
    section = f"{kind}s"
    config: dict[str, Any] = {
        "receivers": {"otlp": {"protocols": {"grpc": {"endpoint": "localhost:4317"}}}},
        "exporters": {"debug": {}},
        "service": {"pipelines": {"metrics": {"receivers": ["otlp"], "exporters": ["debug"]}}},
    }
    pipeline = config["service"]["pipelines"]["metrics"]
    if kind == "extension":
        config["extensions"] = {component_id: body}
        config["service"]["extensions"] = [component_id]
    else:
        config[section] = {component_id: body}
        pipeline[section] = [component_id]
    return yaml.safe_dump(config, sort_keys=False)


def _phoenix_accepts(kind: str, component_id: str, body: Any, schema_errors: list[Any]) -> bool:
    type_ = split_id(component_id)[0]
    if get_component(kind, type_) is None:
        try:
            UNREGISTERED[(kind, type_)].model_validate(body or {})
        except ValidationError:
            return False
        return True
    return not [i for i in schema_errors if i.refused_by == "collector"]


def _id(case: tuple[str, str, Any, bool, str]) -> str:
    return f"{case[1]}-{re.sub(r'[^a-z0-9]+', '_', case[4].lower()).strip('_')}"


@pytest.mark.parametrize(("kind", "component_id", "body", "accepts", "why"), CASES, ids=[_id(c) for c in CASES])
def test_the_schema_tier_agrees_with_the_collector(
    otelcol_bin: Path, kind: str, component_id: str, body: Any, accepts: bool, why: str
) -> None:
    result = validate_config(_config(kind, component_id, body))
    assert result.collector == COLLECTOR
    collector = [i.message for i in result.errors if i.tier == "otelcol"]
    schema = [i for i in result.errors if i.tier == "schema"]
    assert (not collector) is accepts, collector or "the collector accepts it"
    assert _phoenix_accepts(kind, component_id, body, schema) is accepts, [(i.path, i.message) for i in schema]


def test_every_component_has_an_accepted_and_a_refused_case() -> None:
    answers: dict[tuple[str, str], set[bool]] = {}
    for kind, component_id, _, accepts, _ in CASES:
        spec = get_component(kind, split_id(component_id)[0])
        answers.setdefault((kind, spec.type if spec else component_id), set()).add(accepts)
    covered = {component for component, seen in answers.items() if seen == {OK, NO}}
    assert covered == {(c.kind, c.type) for c in COMPONENTS} | set(UNREGISTERED)
