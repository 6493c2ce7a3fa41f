"""Parameters: typed, bounded, and unable to inject YAML, OTTL or Jinja; nothing executes."""

from __future__ import annotations

import pytest
import yaml

from app.core.config import get_settings
from app.engine.ottl import parse_condition
from app.pipelines import catalog
from app.pipelines.parameters import InvalidParameters
from app.pipelines.render import TemplateRenderError, _check_output, render_template
from app.validation import validate_config


def _rejected(name: str, params: dict, parameter: str) -> str:
    with pytest.raises(InvalidParameters) as caught:
        render_template(name, params)
    assert caught.value.details[0]["path"].split(".")[0] == parameter, caught.value.details
    return caught.value.details[0]["message"]


@pytest.mark.parametrize(
    ("params", "parameter", "message"),
    [
        ({"nonsense": 1}, "nonsense", "unknown parameter"),
        ({"k": 0}, "k", "greater than or equal to 1"),
        ({"k": 501}, "k", "less than or equal to 500"),
        ({"k": "10"}, "k", "valid integer"),
        ({"k": True}, "k", "valid integer"),
        ({"cpu_threshold": 50}, "cpu_threshold", "less than or equal to 1"),
        ({"cpu_threshold": -0.1}, "cpu_threshold", "greater than or equal to 0"),
        ({"collection_interval": "500ms"}, "collection_interval", "at least 1s"),
        ({"collection_interval": "10"}, "collection_interval", "invalid duration"),
        ({"prometheus_port": 80}, "prometheus_port", "greater than or equal to 1024"),
        ({"critical_processes": ["postgres("]}, "critical_processes", "missing closing )"),
        ({"critical_processes": ["(?=x)postgres"]}, "critical_processes", "invalid or unsupported Perl syntax"),
        ({"critical_processes": [r"(a)\1"]}, "critical_processes", "invalid escape sequence"),
        ({"critical_processes": ["a**"]}, "critical_processes", "invalid nested repetition operator"),
        ({"critical_processes": ["a{1001}"]}, "critical_processes", "invalid repeat count"),
        ({"critical_processes": ["\\C"]}, "critical_processes", "invalid escape sequence"),  # C++ RE2 alone has it
        ({"critical_processes": "postgres"}, "critical_processes", "valid list"),
        ({"critical_processes": ["x"] * 101}, "critical_processes", "at most 100"),
        ({"variant": "Candidate"}, "variant", "pattern"),
        ({"otlp_endpoint": "https://backend:4317/v1"}, "otlp_endpoint", "pattern"),
        ({"otlp_api_key_env": "key"}, "otlp_api_key_env", "pattern"),
    ],
)
def test_out_of_domain_values_are_refused(params: dict, parameter: str, message: str) -> None:
    assert message in _rejected("process-topk-v1", params, parameter)


def test_parameters_must_be_an_object() -> None:
    with pytest.raises(InvalidParameters):
        render_template("process-topk-v1", ["k", 5])  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["{{ 7*7 }}", "{% for x in range(10) %}x{% endfor %}", "${env:HOME}", "{# c #}"])
@pytest.mark.parametrize("parameter", ["experiment_id", "variant", "host_root_path", "otlp_api_key_header"])
def test_jinja_and_env_markers_are_refused_in_strings(parameter: str, value: str) -> None:
    _rejected("process-topk-v1", {parameter: value}, parameter)


@pytest.mark.parametrize("value", ["{{ 7*7 }}", "${env:HOME}", "{% raw %}"])
def test_jinja_and_env_markers_are_refused_in_patterns(value: str) -> None:
    message = _rejected("process-aggressive-v1", {"critical_processes": [value]}, "critical_processes")
    assert "template markers" in message


@pytest.mark.parametrize(
    "value",
    ["ok\nreceivers: {}", "ok\r\nservice: {}", "x\x00", "tab\there"],
)
def test_yaml_injection_with_newlines_is_refused(value: str) -> None:
    _rejected("process-aggressive-v1", {"critical_processes": [value]}, "critical_processes")
    _rejected("process-aggressive-v1", {"experiment_id": value}, "experiment_id")


def test_yaml_and_ottl_metacharacters_in_patterns_are_neutralised() -> None:
    hostile = ['evil": 1, "x', "a: b # c", 'x" or true or "y', "it's", r"back\slash", "new]\\n"]
    rendered = render_template("process-aggressive-v1", {"critical_processes": hostile})
    config = yaml.safe_load(rendered.config_yaml)
    assert set(config) == {"extensions", "receivers", "processors", "exporters", "service"}
    assert set(config["processors"]) == {
        "memory_limiter",
        "resource_detection/host",
        "resource/phoenix",
        "transform/classify",
        "filter/other_metrics",
        "groupbyattrs/compact",
        "transform/rollup",
        "batch",
    }
    statement = config["processors"]["transform/classify"]["metric_statements"][0]["statements"][0]
    condition = statement.split(" where ", 1)[1]
    parsed = parse_condition(condition, "resource", processor="transform")
    # one negated IsMatch whose pattern is exactly the alternation of the patterns: no OTTL got in
    assert type(parsed.expr).__name__ == "Not"
    assert parsed.expr.operand.name == "IsMatch"
    assert parsed.expr.operand.args[1].value.value == "|".join(f"(?:{p})" for p in hostile)
    assert validate_config(rendered.config_yaml, critical_processes=hostile).valid


def test_huge_strings_are_refused() -> None:
    _rejected("process-topk-v1", {"experiment_id": "a" * 10_000}, "experiment_id")
    _rejected("process-topk-v1", {"critical_processes": ["a" * 10_000]}, "critical_processes")
    _rejected("process-topk-v1", {"otlp_endpoint": "h" * 300 + ":4317"}, "otlp_endpoint")


@pytest.mark.parametrize("name", ["../process-topk-v1", "process-topk-v1/../../etc", "_shared", "%2e%2e"])
def test_template_names_cannot_leave_the_catalog(name: str) -> None:
    with pytest.raises(catalog.TemplateNotFound):
        render_template(name)


def test_the_sandbox_stops_a_hostile_template(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "evil-v1"
    folder.mkdir()
    (tmp_path / "_shared").mkdir()
    (folder / "metadata.yaml").write_text("name: evil-v1\nversion: '1'\nparameters: {}\n")
    (folder / "config.yaml.j2").write_text("x: {{ ''.__class__.__mro__[1].__subclasses__() }}\n")
    monkeypatch.setenv("PHOENIX_TEMPLATES_DIR", str(tmp_path))
    get_settings.cache_clear()
    with pytest.raises(TemplateRenderError, match="failed to render"):
        render_template("evil-v1")


def test_a_template_cannot_include_files_outside_the_catalog(tmp_path, monkeypatch) -> None:
    (tmp_path / "secret.txt").write_text("top secret")
    root = tmp_path / "catalog"
    folder = root / "leak-v1"
    folder.mkdir(parents=True)
    (root / "_shared").mkdir()
    (folder / "metadata.yaml").write_text("name: leak-v1\nversion: '1'\nparameters: {}\n")
    (folder / "config.yaml.j2").write_text('x: "{% include "../secret.txt" %}"\n')
    monkeypatch.setenv("PHOENIX_TEMPLATES_DIR", str(root))
    get_settings.cache_clear()
    with pytest.raises(TemplateRenderError):
        render_template("leak-v1")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: {{ x }}\n", "Jinja markers"),
        ("a: '${HOME}'\n", "unresolved placeholder"),
        ("a: '${env:bad-name}'\n", "unresolved placeholder"),
        ("- a\n", "not a YAML mapping"),
        ("a: [\n", "not valid YAML"),
    ],
)
def test_rendered_output_is_checked(text: str, message: str) -> None:
    with pytest.raises(TemplateRenderError, match=message):
        _check_output(text)


def test_env_placeholders_are_the_only_ones_allowed() -> None:
    _check_output("a: '${env:PHOENIX_OTLP_API_KEY}'\n")
