"""Every template renders (defaults and boundary parameters) into a config that validates cleanly."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from app.pipelines import catalog
from app.pipelines.parameters import InvalidParameters, parameter_specs
from app.pipelines.render import SCRAPED_METRICS, render_template
from app.validation import check_port_conflicts, validate_config
from tests.pipelines.conftest import TEMPLATE_NAMES


def _boundaries(name: str) -> list[tuple[str, Any]]:
    """(parameter, value) pairs at the edges of every parameter's domain."""
    out: list[tuple[str, Any]] = []
    for param, spec in parameter_specs(catalog.get_template(name).metadata).items():
        if spec.type in ("integer", "number", "duration"):
            out += [(param, spec.min), (param, spec.max)]
        elif spec.type == "enum":
            out += [(param, choice) for choice in spec.choices or []]
        elif spec.type == "boolean":
            out += [(param, True), (param, False)]
        elif spec.type in ("regex_list", "string_list"):
            out += [(param, list(spec.default)[:1])]
            if spec.min_items == 0:
                out.append((param, []))
    return out


def _assert_clean(config_yaml: str) -> None:
    result = validate_config(config_yaml)
    assert result.valid, [(e.path, e.line, e.message) for e in result.errors]
    assert result.warnings == [], [(w.path, w.message) for w in result.warnings]


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_renders_with_defaults_and_validates_without_errors(name: str) -> None:
    rendered = render_template(name)
    assert isinstance(yaml.safe_load(rendered.config_yaml), dict)
    _assert_clean(rendered.config_yaml)


@pytest.mark.parametrize(
    ("name", "param", "value"),
    [(n, p, v) for n in TEMPLATE_NAMES for p, v in _boundaries(n)],
    ids=lambda x: str(x)[:40],
)
def test_renders_with_boundary_parameters_and_validates(name: str, param: str, value: Any) -> None:
    try:
        rendered = render_template(name, {param: value})
    except InvalidParameters as exc:
        # only a cross-parameter rule (e.g. hysteresis order) may refuse an in-bounds value
        assert exc.details[0]["path"] == "", exc.details
        return
    result = validate_config(rendered.config_yaml, critical_processes=rendered.parameters["critical_processes"])
    assert result.valid, [(e.path, e.line, e.message) for e in result.errors]


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_rendered_processors_follow_the_metadata(name: str) -> None:
    meta = catalog.get_template(name).metadata
    config = yaml.safe_load(render_template(name).config_yaml)
    processors = config["service"]["pipelines"]["metrics"]["processors"]
    assert set(processors) <= set(meta["processors"])
    assert processors[0] == "memory_limiter" and processors[-1] == "batch"
    assert set(config["processors"]) == set(processors)


def test_every_template_reads_the_same_input() -> None:
    receivers = {name: yaml.safe_load(render_template(name).config_yaml)["receivers"] for name in TEMPLATE_NAMES}
    assert len({repr(r) for r in receivers.values()}) == 1
    process = receivers["process-baseline-v1"]["host_metrics"]["scrapers"]["process"]
    assert process["metrics"] == {"process.cpu.utilization": {"enabled": True}}
    assert "process.cpu.utilization" in SCRAPED_METRICS


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_exporters_tag_the_variant_and_keep_the_key_secret(name: str) -> None:
    params = {
        "variant": "candidate",
        "experiment_id": "exp-42",
        "prometheus_port": 9464,
        "health_check_port": 13200,
        "telemetry_port": 8900,
        "otlp_api_key_env": "BACKEND_KEY",
    }
    text = render_template(name, params).config_yaml
    config = yaml.safe_load(text)
    tags = {a["key"]: a["value"] for a in config["processors"]["resource/phoenix"]["attributes"]}
    assert tags["phoenix.variant"] == "candidate" and tags["phoenix.experiment"] == "exp-42"
    prometheus = config["exporters"]["prometheus"]
    assert prometheus["endpoint"] == "0.0.0.0:9464"
    assert prometheus["resource_to_telemetry_conversion"] == {"enabled": True}
    assert config["exporters"]["otlp_grpc"]["headers"] == {"api-key": "${env:BACKEND_KEY}"}
    assert config["extensions"]["health_check"]["endpoint"] == "0.0.0.0:13200"
    reader = config["service"]["telemetry"]["metrics"]["readers"][0]["pull"]["exporter"]["prometheus"]
    assert reader["port"] == 8900


def test_otlp_can_be_switched_off() -> None:
    config = yaml.safe_load(render_template("process-topk-v1", {"otlp_enabled": False}).config_yaml)
    assert "otlp_grpc" not in config["exporters"]
    assert config["service"]["pipelines"]["metrics"]["exporters"] == ["prometheus"]


def test_baseline_and_candidate_on_one_node_need_distinct_ports() -> None:
    baseline = render_template("process-baseline-v1", {"variant": "baseline"}).config_yaml
    same_ports = render_template("process-topk-v1", {"variant": "candidate"}).config_yaml
    clashes = check_port_conflicts({"baseline": baseline, "candidate": same_ports})
    assert {c.message.split()[1] for c in clashes} == {"8889", "13133", "8888"}
    distinct = render_template(
        "process-topk-v1",
        {
            "variant": "candidate",
            "prometheus_port": 9889,
            "health_check_port": 14133,
            "telemetry_port": 9888,
        },
    ).config_yaml
    assert check_port_conflicts({"baseline": baseline, "candidate": distinct}) == []


def test_adaptive_profile_selects_its_thresholds() -> None:
    conservative = render_template("process-adaptive-v1", {"profile": "conservative"}).config_yaml
    aggressive = render_template("process-adaptive-v1", {"profile": "aggressive"}).config_yaml
    assert "value_double >= 0.01" in conservative and "filter/other_metrics" not in conservative
    assert "value_double >= 0.1" in aggressive and "filter/other_metrics" in aggressive


def test_adaptive_hysteresis_must_be_ordered() -> None:
    with pytest.raises(InvalidParameters, match="hysteresis"):
        render_template("process-adaptive-v1", {"switch_up_process_count": 100, "switch_down_process_count": 200})


def test_empty_critical_list_renders_but_warns() -> None:
    rendered = render_template("process-aggressive-v1", {"critical_processes": []})
    assert any("critical_processes is empty" in w for w in rendered.warnings)
    # validated against the list it was rendered with: no process is critical, so none can be lost
    assert validate_config(rendered.config_yaml, critical_processes=rendered.parameters["critical_processes"]).valid
