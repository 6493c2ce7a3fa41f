"""The PhoenixProcessPipeline CRD: a valid, structural apiextensions/v1 CRD whose schema validates our resources."""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from app.runtimes.kubernetes import crd as crd_module
from app.runtimes.kubernetes.crd import (
    API_VERSION,
    CRD_NAME,
    GROUP,
    KIND,
    PLURAL,
    VERSION,
    InvalidPipelineResource,
    openapi_schema,
    validate_pipeline,
    validation_errors,
)
from app.runtimes.kubernetes.status import PHASES, pipeline_status
from tests.runtimes.conftest import BuildVariant
from tests.runtimes.kubernetes.conftest import assert_valid_kubernetes


def test_crd_is_a_valid_customresourcedefinition() -> None:
    definition = crd_module.crd()
    assert_valid_kubernetes(definition)
    assert definition["metadata"]["name"] == CRD_NAME == f"{PLURAL}.{GROUP}"
    spec = definition["spec"]
    assert spec["scope"] == "Namespaced"
    assert spec["names"]["kind"] == KIND and spec["names"]["plural"] == PLURAL
    (version,) = spec["versions"]
    assert version["name"] == VERSION and version["served"] and version["storage"]
    assert version["subresources"] == {"status": {}}
    assert f"{GROUP}/{VERSION}" == API_VERSION


def _structural_problems(node: dict[str, Any], path: str, root: bool = False) -> list[str]:
    """The API server's structural-schema rules that a schema file can break."""
    problems = []
    preserve = node.get("x-kubernetes-preserve-unknown-fields") is True
    if "type" not in node and not preserve and not node.get("x-kubernetes-int-or-string"):
        problems.append(f"{path}: no type")
    if "properties" in node and node.get("type") != "object":
        problems.append(f"{path}: properties on a non-object")
    if "properties" in node and isinstance(node.get("additionalProperties"), dict):
        problems.append(f"{path}: properties and additionalProperties together")
    for name in node.get("required", []):
        if name not in node.get("properties", {}):
            problems.append(f"{path}: required {name!r} is not a property")
    if "pattern" in node:
        re.compile(node["pattern"])
    if "enum" in node:
        assert all(isinstance(v, str) for v in node["enum"]), path
    if root:
        metadata = node["properties"].get("metadata", {})
        if set(metadata) - {"type"}:
            problems.append(f"{path}.metadata: only `type: object` is allowed at the root")
    for key, child in node.get("properties", {}).items():
        problems += _structural_problems(child, f"{path}.{key}")
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            problems += _structural_problems(node[key], f"{path}.{key}")
    return problems


def test_schema_is_structural() -> None:
    assert _structural_problems(openapi_schema(), "openAPIV3Schema", root=True) == []


def _field(schema: dict[str, Any], json_path: str) -> dict[str, Any] | None:
    node: dict[str, Any] | None = schema
    for part in json_path.strip(".").split("."):
        node = (node or {}).get("properties", {}).get(part)
    return node


def test_printer_columns_point_at_schema_fields() -> None:
    (version,) = crd_module.crd()["spec"]["versions"]
    schema = openapi_schema()
    columns = {c["name"]: c for c in version["additionalPrinterColumns"]}
    assert {"Experiment", "Variant", "Phase", "Ready", "Desired", "Age"} <= set(columns)
    for column in columns.values():
        if column["jsonPath"].startswith(".metadata"):
            continue
        field = _field(schema, column["jsonPath"])
        assert field is not None, column
        assert field["type"] == column["type"], column


def test_spec_and_status_shape() -> None:
    schema = openapi_schema()
    spec = schema["properties"]["spec"]
    assert set(spec["required"]) >= {"experiment", "variant", "template", "parameters", "configHash", "config", "ports"}
    assert {"nodeSelector"} <= set(spec["properties"])
    status = schema["properties"]["status"]["properties"]
    assert set(status) >= {"phase", "readyNodes", "desiredNodes", "configHash", "conditions", "observedGeneration"}
    assert tuple(status["phase"]["enum"]) == PHASES


def test_built_resources_validate(build_variant: BuildVariant) -> None:
    validate_pipeline(build_variant().pipeline)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.pop("configHash"), "'configHash' is a required property"),
        (lambda s: s.update(role="shadow"), "'shadow' is not one of"),
        (lambda s: s.update(configHash="not-a-hash"), "does not match"),
        (lambda s: s["ports"].update(prometheus=80), "less than the minimum"),
        (lambda s: s["ports"].update(telemetry=s["ports"]["prometheus"]), "ports must differ"),
        (lambda s: s.update(experiment="Upper_Case"), "does not match"),
        (lambda s: s.update(replicas=3), "Additional properties are not allowed"),
        (lambda s: s["ports"].update(extra=1), "Additional properties are not allowed"),
        (lambda s: s.update(tolerations=[{"operator": "Sometimes"}]), "'Sometimes' is not one of"),
        (lambda s: s.update(nodeSelector={"pool": 3}), "3 is not of type 'string'"),
    ],
)
def test_invalid_resources_are_refused(build_variant: BuildVariant, change: Any, message: str) -> None:
    resource = build_variant().pipeline
    change(resource["spec"])
    errors = validation_errors(resource)
    assert any(message in e for e in errors), errors
    with pytest.raises(InvalidPipelineResource):
        validate_pipeline(resource)


def test_parameters_accept_any_template_values(build_variant: BuildVariant) -> None:
    resource = build_variant().pipeline
    resource["spec"]["parameters"] = {"anything": {"nested": [1, "two", None]}}
    assert validation_errors(resource) == []


def test_identity_is_checked(build_variant: BuildVariant) -> None:
    resource = build_variant().pipeline
    wrong = copy.deepcopy(resource)
    wrong["kind"] = "Pipeline"
    wrong["metadata"]["name"] = "Not Valid"
    errors = validation_errors(wrong)
    assert any(e.startswith("kind:") for e in errors) and any(e.startswith("metadata.name:") for e in errors)
    assert validation_errors("nope") == ["<root>: a custom resource must be a mapping"]  # type: ignore[arg-type]


def _daemon_set(desired: int, ready: int, updated: int, generation: int = 2, observed: int = 2) -> dict[str, Any]:
    return {
        "metadata": {"generation": generation},
        "status": {
            "desiredNumberScheduled": desired,
            "numberReady": ready,
            "updatedNumberScheduled": updated,
            "observedGeneration": observed,
        },
    }


@pytest.mark.parametrize(
    ("daemon_set", "failed", "phase"),
    [
        (None, None, "Pending"),
        (_daemon_set(0, 0, 0), None, "Pending"),
        (_daemon_set(3, 1, 1), None, "Deploying"),
        (_daemon_set(3, 3, 3, generation=3, observed=2), None, "Deploying"),
        (_daemon_set(3, 2, 3), None, "Degraded"),
        (_daemon_set(3, 3, 3), None, "Running"),
        (_daemon_set(3, 1, 1), "deploying timed out after 300s", "Failed"),
    ],
)
def test_status_phases_validate_against_the_crd(
    build_variant: BuildVariant, daemon_set: Any, failed: str | None, phase: str
) -> None:
    resource = build_variant().pipeline
    digest = resource["spec"]["configHash"]
    now = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)
    status = pipeline_status(generation=4, config_hash=digest, daemon_set=daemon_set, now=now, failed_reason=failed)
    assert status["phase"] == phase
    assert status["configHash"] == (digest if phase == "Running" or phase == "Degraded" else "")
    assert validation_errors({**resource, "status": status}) == []


def test_ready_condition_keeps_its_transition_time_while_unchanged(build_variant: BuildVariant) -> None:
    first = pipeline_status(
        generation=1, config_hash="a" * 64, daemon_set=_daemon_set(2, 2, 2), now=datetime(2025, 7, 1, 12, 0, tzinfo=UTC)
    )
    later = pipeline_status(
        generation=1,
        config_hash="a" * 64,
        daemon_set=_daemon_set(2, 2, 2),
        now=datetime(2025, 7, 1, 13, 0, tzinfo=UTC),
        previous=first,
    )
    assert later["conditions"] == first["conditions"]
    assert first["conditions"][0]["lastTransitionTime"] == "2025-07-01T12:00:00Z"
    broken = pipeline_status(
        generation=1,
        config_hash="b" * 64,
        daemon_set=_daemon_set(2, 1, 0, 2, 2),
        now=datetime(2025, 7, 1, 14, 0, tzinfo=UTC),
        previous=later,
    )
    assert broken["conditions"][0]["lastTransitionTime"] == "2025-07-01T14:00:00Z"
    assert broken["configHash"] == "a" * 64  # the new config is not rolled out yet
