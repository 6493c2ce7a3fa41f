"""The `service` section is checked as the pinned collector reads it: `service.telemetry` (logs,
metrics with readers and views, traces, resource), `service.extensions`, pipelines of every signal;
and what Phoenix does not model there or in known components is reported as not checked.

`SERVICE_CASES` is shared with `tests/otelcol/test_validate.py`, which checks each verdict against
the real collector's `validate`.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from app.validation import validate_config
from app.validation.codes import BASE_EXAMPLE


def with_service(**service: Any) -> str:
    """The documented base example with keys of `service` set (a telemetry mapping, extensions, ...)."""
    config = yaml.safe_load(BASE_EXAMPLE)
    config["service"].update(service)
    return yaml.safe_dump(config, sort_keys=False)


def telemetry(value: Any) -> str:
    return with_service(telemetry=value)


_PROMETHEUS = {"pull": {"exporter": {"prometheus": {"host": "localhost", "port": 8888}}}}

# (id, config, the error code Phoenix reports, or None when the collector loads it)
SERVICE_CASES: list[tuple[str, str, str | None]] = [
    ("telemetry-null", telemetry(None), None),
    ("telemetry-unknown-key", telemetry({"tracing": {}}), "schema.unknown_key"),
    ("metrics-address-removed", telemetry({"metrics": {"address": ":8888"}}), "schema.unknown_key"),
    ("metrics-level-only", telemetry({"metrics": {"level": "basic"}}), None),
    ("metrics-level-any-case", telemetry({"metrics": {"level": "Detailed"}}), None),
    ("metrics-level-unknown", telemetry({"metrics": {"level": "verbose"}}), "schema.invalid_value"),
    ("metrics-no-readers", telemetry({"metrics": {"level": "basic", "readers": []}}), "schema.invalid_value"),
    ("metrics-none-no-readers", telemetry({"metrics": {"level": "none", "readers": []}}), None),
    ("metrics-prometheus-reader", telemetry({"metrics": {"readers": [_PROMETHEUS]}}), None),
    (
        "metrics-reader-port-as-text",
        telemetry({"metrics": {"readers": [{"pull": {"exporter": {"prometheus": {"port": "8888"}}}}]}}),
        "schema.invalid_value",
    ),
    (
        "metrics-reader-unknown-key",
        telemetry({"metrics": {"readers": [{"pull": {"exporter": {"prometheus": {"port": 8888, "path": "/m"}}}}]}}),
        "schema.unknown_key",
    ),
    ("metrics-reader-push", telemetry({"metrics": {"readers": [{"push": {}}]}}), "schema.unknown_key"),
    (
        "metrics-views-need-detailed",
        telemetry({"metrics": {"level": "normal", "views": [{"selector": {"instrument_name": "x"}}]}}),
        "schema.invalid_value",
    ),
    ("logs-level-any-case", telemetry({"logs": {"level": "WARNING"}}), None),
    ("logs-level-unknown", telemetry({"logs": {"level": "verbose"}}), "schema.invalid_value"),
    ("logs-unknown-key", telemetry({"logs": {"colour": True}}), "schema.unknown_key"),
    (
        "logs-sampling",
        telemetry({"logs": {"sampling": {"enabled": True, "tick": "10s", "initial": 10, "thereafter": 100}}}),
        None,
    ),
    ("logs-sampling-unknown-key", telemetry({"logs": {"sampling": {"rate": 1}}}), "schema.unknown_key"),
    ("traces-level", telemetry({"traces": {"level": "none", "propagators": ["tracecontext"]}}), None),
    ("traces-unknown-key", telemetry({"traces": {"exporter": "otlp"}}), "schema.unknown_key"),
    ("resource-legacy", telemetry({"resource": {"service.name": "collector", "host.name": None}}), None),
    ("resource-legacy-number", telemetry({"resource": {"replica": 1}}), "schema.invalid_value"),
    ("resource-attributes-list", telemetry({"resource": {"attributes_list": "a=b"}}), "schema.invalid_value"),
    ("service-unknown-key", with_service(telemetry_level="basic"), "schema.unknown_key"),
    ("extension-undefined", with_service(extensions=["pprof"]), "graph.undefined_component"),
]


@pytest.mark.parametrize(("config", "code"), [c[1:] for c in SERVICE_CASES], ids=[c[0] for c in SERVICE_CASES])
def test_the_service_section_is_checked_as_the_collector_reads_it(config: str, code: str | None) -> None:
    result = validate_config(config, run_otelcol=False)
    if code is None:
        assert result.valid, [(e.code, e.path, e.message) for e in result.errors]
    else:
        assert code in [e.code for e in result.errors], [(i.code, i.path, i.message) for i in result.errors]
        [error] = [e for e in result.errors if e.code == code]
        assert error.path.startswith("service") and error.line is not None
        assert error.refused_by == "collector"


def test_a_telemetry_error_names_its_key_and_line() -> None:
    text = telemetry({"metrics": {"level": "basic", "readers": [_PROMETHEUS], "address": ":8888"}})
    [error] = validate_config(text, run_otelcol=False).errors
    assert error.path == "service.telemetry.metrics.address"
    assert text.splitlines()[error.line - 1].strip().startswith("address:")


def test_sdk_blocks_of_telemetry_are_reported_as_not_checked() -> None:
    periodic = {"periodic": {"interval": 10000, "exporter": {"otlp": {"protocol": "http/protobuf"}}}}
    result = validate_config(telemetry({"metrics": {"readers": [periodic]}}), run_otelcol=False)
    assert result.valid
    [warning] = [w for w in result.warnings if w.code == "coverage.not_checked"]
    assert warning.path == "service.telemetry.metrics.readers[0].periodic" and warning.line


def test_profiles_pipelines_are_refused() -> None:
    config = yaml.safe_load(BASE_EXAMPLE)
    config["service"]["pipelines"]["profiles"] = {"receivers": ["host_metrics"], "exporters": ["debug"]}
    result = validate_config(yaml.safe_dump(config), run_otelcol=False)
    [error] = result.errors
    assert (error.code, error.path) == ("graph.unsupported_signal", "service.pipelines.profiles")


def _traces_and_logs(processor: dict[str, Any]) -> str:
    """The base example with an otlp receiver feeding traces and logs pipelines through `processor`."""
    config = yaml.safe_load(BASE_EXAMPLE)
    config["receivers"]["otlp"] = {"protocols": {"grpc": {"endpoint": "localhost:4317"}}}
    config["processors"] = {"filter/signals": processor}
    for signal in ("traces", "logs"):
        config["service"]["pipelines"][signal] = {
            "receivers": ["otlp"],
            "processors": ["filter/signals"],
            "exporters": ["debug"],
        }
    return yaml.safe_dump(config, sort_keys=False)


def test_known_components_of_traces_and_logs_pipelines_are_checked() -> None:
    result = validate_config(_traces_and_logs({"error_mode": "skip"}), run_otelcol=False)
    assert [(e.code, e.path) for e in result.errors] == [
        ("schema.invalid_value", "processors.filter/signals.error_mode")
    ]


def test_ottl_of_trace_and_log_contexts_is_named_as_not_checked() -> None:
    text = _traces_and_logs({"traces": {"span": ['attributes["x"] == "y"'], "spanevent": ['name == "e"']}})
    result = validate_config(text, run_otelcol=False)
    assert result.valid, result.errors
    unchecked = {(w.tier, w.path) for w in result.warnings if w.code == "coverage.not_checked"}
    assert unchecked >= {
        ("ottl", "processors.filter/signals.traces.span"),
        ("ottl", "processors.filter/signals.traces.spanevent"),
    }


def test_host_metrics_may_feed_a_logs_pipeline() -> None:
    # The pinned host_metrics receiver supports logs (development stability): the collector loads it.
    config = yaml.safe_load(BASE_EXAMPLE)
    config["service"]["pipelines"]["logs"] = {"receivers": ["host_metrics"], "exporters": ["debug"]}
    assert validate_config(yaml.safe_dump(config), run_otelcol=False).errors == []


def test_a_wrong_telemetry_block_does_not_hide_the_pipelines() -> None:
    config = yaml.safe_load(telemetry({"metrics": {"level": "verbose"}}))
    config["service"]["pipelines"]["metrics"]["exporters"] = ["debug", "otlp_grpc"]
    result = validate_config(yaml.safe_dump(config), run_otelcol=False)
    assert {e.code for e in result.errors} == {"schema.invalid_value", "graph.undefined_component"}
