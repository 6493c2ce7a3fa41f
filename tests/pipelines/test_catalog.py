"""The catalog: seven templates, well-formed metadata, common parameters declared once."""

from __future__ import annotations

import pytest

from app.engine.critical_patterns import DEFAULT_CRITICAL_PROCESSES
from app.pipelines import catalog
from app.pipelines.parameters import PARAMETER_TYPES, json_schema, parameter_specs, validate_parameters
from tests.pipelines.conftest import TEMPLATE_NAMES

COMMON = {
    "experiment_id",
    "variant",
    "critical_processes",
    "collection_interval",
    "otlp_endpoint",
    "otlp_api_key_env",
    "prometheus_port",
    "health_check_port",
}


def test_the_catalog_holds_the_seven_templates_of_the_spec() -> None:
    assert catalog.template_names() == set(TEMPLATE_NAMES)
    assert [t.name for t in catalog.list_templates()] == sorted(TEMPLATE_NAMES)


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_metadata_is_complete(name: str) -> None:
    meta = catalog.get_template(name).metadata
    assert meta["name"] == name
    assert isinstance(meta["version"], str) and meta["version"]
    assert meta["strategy"] and len(meta["description"]) > 40
    low, high = meta["expected_reduction"]["min"], meta["expected_reduction"]["max"]
    assert 0 <= low <= high <= 1
    assert meta["processors"][0] == "memory_limiter" and meta["processors"][-1] == "batch"
    assert set(meta["parameters"]) >= COMMON


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_parameter_is_typed_described_and_its_default_valid(name: str) -> None:
    meta = catalog.get_template(name).metadata
    specs = parameter_specs(meta)
    for spec in specs.values():
        assert spec.type in PARAMETER_TYPES
        if spec.type in ("integer", "number"):
            assert spec.min is not None and spec.max is not None
        if spec.type == "enum":
            assert spec.default in spec.choices
    values = validate_parameters(name, meta, {})
    assert set(values) == set(specs)
    schema = json_schema(name, meta)
    assert set(schema["properties"]) == set(specs) and schema["additionalProperties"] is False


def test_default_critical_processes_are_the_single_python_definition() -> None:
    meta = catalog.get_template("process-topk-v1").metadata
    assert tuple(meta["parameters"]["critical_processes"]["default"]) == DEFAULT_CRITICAL_PROCESSES


def test_defaults_cover_databases_web_servers_runtimes_and_node_agents() -> None:
    for name in (
        "postgres",
        "mysqld",
        "redis-server",
        "nginx",
        "httpd",
        "java",
        "node",
        "kubelet",
        "containerd",
        "dockerd",
        "sshd",
        "systemd",
    ):
        assert f"^{name}$" in DEFAULT_CRITICAL_PROCESSES  # anchored: IsMatch searches, these are whole names
    assert any(p.startswith("^python") for p in DEFAULT_CRITICAL_PROCESSES)


@pytest.mark.parametrize(
    "bad",
    [
        "../process-topk-v1",
        "..",
        "_shared",
        "process-topk-v1/../x",
        "/etc/passwd",
        "Process-Topk",
        "",
        "a" * 80,
        "process-topk-v1\x00",
    ],
)
def test_template_names_are_plain_folder_names(bad: str) -> None:
    with pytest.raises(catalog.TemplateNotFound):
        catalog.get_template(bad)


def test_a_template_cannot_redeclare_a_common_parameter(tmp_path, monkeypatch) -> None:
    shared = tmp_path / "_shared"
    shared.mkdir()
    (shared / "parameters.yaml").write_text("parameters:\n  variant: {type: string, default: a, description: d}\n")
    (tmp_path / "x-v1").mkdir()
    (tmp_path / "x-v1" / "metadata.yaml").write_text(
        "name: x-v1\nparameters:\n  variant: {type: string, default: b, description: d}\n"
    )
    monkeypatch.setenv("PHOENIX_TEMPLATES_DIR", str(tmp_path))
    from app.core.config import get_settings

    get_settings.cache_clear()
    with pytest.raises(ValueError, match="common parameters"):
        catalog.get_template("x-v1")
