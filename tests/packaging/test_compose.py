"""docker-compose.yml: valid by the Compose Specification's JSON schema (the copy check-jsonschema
ships and keeps current), and Phoenix's service sees the host -- its PID namespace, its filesystem
read-only at /hostfs, and the setting that tells Phoenix so -- with no more privilege than that needs."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import jsonschema
import pytest
import yaml

from app.core.config import REPO_ROOT
from app.runtimes.kubernetes.variant_config import HOSTFS

COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"


@pytest.fixture(scope="module")
def compose_schema() -> jsonschema.protocols.Validator:
    """The compose-spec schema vendored by check-jsonschema (its `--builtin-schema vendor.compose-spec`)."""
    text = (resources.files("check_jsonschema.builtin_schemas.vendor") / "compose-spec.json").read_text()
    schema = json.loads(text)
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    return validator(schema)


@pytest.fixture
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture
def phoenix(compose: dict[str, Any]) -> dict[str, Any]:
    return compose["services"]["phoenix"]


def _errors(validator: jsonschema.protocols.Validator, document: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def test_the_compose_file_is_valid_by_the_compose_specification(
    compose_schema: jsonschema.protocols.Validator, compose: dict[str, Any]
) -> None:
    assert _errors(compose_schema, compose) == []


@pytest.mark.parametrize(
    ("service_key", "value"),
    [("pidd", "host"), ("ports", "8080:8080"), ("volumes", {"/": "/hostfs"}), ("cap_add", "SYS_PTRACE")],
)
def test_the_schema_catches_a_mistake_in_the_phoenix_service(
    compose_schema: jsonschema.protocols.Validator, compose: dict[str, Any], service_key: str, value: object
) -> None:
    broken = copy.deepcopy(compose)
    broken["services"]["phoenix"][service_key] = value
    assert _errors(compose_schema, broken)


def test_phoenix_and_its_collectors_share_the_hosts_process_namespace(phoenix: dict[str, Any]) -> None:
    assert phoenix["pid"] == "host"


def test_the_hosts_filesystem_is_mounted_read_only_at_hostfs(phoenix: dict[str, Any]) -> None:
    mounts = [v for v in phoenix["volumes"] if isinstance(v, dict) and v.get("target") == HOSTFS]
    assert mounts == [
        {"type": "bind", "source": "/", "target": HOSTFS, "read_only": True, "bind": {"propagation": "rslave"}}
    ]
    writable = [v for v in phoenix["volumes"] if isinstance(v, str) and not v.endswith(":ro")]
    assert writable == []


def test_phoenix_is_told_where_the_hosts_filesystem_is(phoenix: dict[str, Any]) -> None:
    """The hostmetrics receiver's `root_path` for the collectors Phoenix runs: the mount's target."""
    assert phoenix["environment"]["PHOENIX_HOST_ROOT_PATH"] == HOSTFS


def test_phoenix_has_only_the_privileges_reading_and_simulating_processes_need(phoenix: dict[str, Any]) -> None:
    assert phoenix.get("privileged") is not True
    assert phoenix["cap_drop"] == ["ALL"]
    assert set(phoenix["cap_add"]) == {"DAC_READ_SEARCH", "SYS_PTRACE", "SETUID", "SETGID", "KILL"}
    assert "no-new-privileges:true" in phoenix["security_opt"]
    assert "network_mode" not in phoenix  # its own network: no host ports but the published ones


def test_every_image_is_pinned_or_built_here(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        image = service.get("image", "")
        if "build" in service:
            continue
        assert ":" in image.rsplit("/", 1)[-1], f"{name}: {image} has no tag"
        assert not image.endswith(":latest"), f"{name}: {image} is not a version"


def test_the_compose_file_says_why_phoenix_sees_the_host() -> None:
    text = COMPOSE_FILE.read_text()
    for reason in ("`pid: host`", "/hostfs", "root_path", "SYS_PTRACE"):
        assert reason in text
