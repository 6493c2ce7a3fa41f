"""The PhoenixProcessPipeline CRD, loaded from `deploy/kubernetes/crds/`, and validation of resources against it.

The YAML under `deploy/` is what a cluster admin installs, so it is the one definition of the
schema: the API, the reconciler and the tests validate custom resources with the schema read from
that file, never with a copy that could drift.

`validate_pipeline` checks like the API server does with strict field validation: the OpenAPI v3
schema (required fields, enums, patterns, bounds) through `jsonschema`, and unknown fields are
errors wherever the schema lists properties and does not preserve unknown fields (the API server
would prune them silently, which hides mistakes). CEL rules (`x-kubernetes-validations`) are
evaluated by the API server only; `validate_pipeline` re-checks the one the CRD has (distinct ports).
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from app.core import safe_yaml
from app.core.config import REPO_ROOT
from app.core.naming import is_dns_1123_subdomain

GROUP = "phoenix.io"
VERSION = "v1alpha1"
API_VERSION = f"{GROUP}/{VERSION}"
KIND = "PhoenixProcessPipeline"
PLURAL = "phoenixprocesspipelines"
CRD_NAME = f"{PLURAL}.{GROUP}"
CRD_PATH = REPO_ROOT / "deploy" / "kubernetes" / "crds" / f"{CRD_NAME}.yaml"


class InvalidPipelineResource(ValueError):
    """A PhoenixProcessPipeline the API server would refuse; `errors` lists each problem with its path."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@lru_cache(maxsize=4)
def load_crd(path: Path = CRD_PATH) -> dict[str, Any]:
    """The CustomResourceDefinition as a dict (cached; callers get a copy)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileNotFoundError(
            f"the PhoenixProcessPipeline CRD is missing at {path}; it ships with Phoenix under deploy/kubernetes/crds/"
        ) from None
    crd = safe_yaml.load(text)
    if not isinstance(crd, dict) or crd.get("kind") != "CustomResourceDefinition":
        raise ValueError(f"{path} is not a CustomResourceDefinition")
    return crd


def crd() -> dict[str, Any]:
    """A fresh copy of the CRD, safe to mutate or apply."""
    return copy.deepcopy(load_crd())


def openapi_schema(version: str = VERSION) -> dict[str, Any]:
    """The `openAPIV3Schema` of `version` (a copy)."""
    for entry in load_crd()["spec"]["versions"]:
        if entry["name"] == version:
            return copy.deepcopy(entry["schema"]["openAPIV3Schema"])
    raise KeyError(f"{CRD_NAME} has no version {version}")


def _closed(schema: Any) -> Any:
    """`schema` with `additionalProperties: false` wherever properties are listed and unknown fields are pruned."""
    if isinstance(schema, list):
        return [_closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: _closed(value) for key, value in schema.items()}
    if (
        "properties" in out
        and "additionalProperties" not in out
        and not out.get("x-kubernetes-preserve-unknown-fields")
    ):
        out["additionalProperties"] = False
    return out


@lru_cache(maxsize=4)
def _validator(version: str) -> jsonschema.protocols.Validator:
    schema = _closed(openapi_schema(version))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _where(error: jsonschema.ValidationError) -> str:
    return ".".join(str(p) for p in error.absolute_path) or "<root>"


def _metadata_errors(obj: dict[str, Any]) -> list[str]:
    errors = []
    if obj.get("apiVersion") != API_VERSION:
        errors.append(f"apiVersion: must be {API_VERSION}, not {obj.get('apiVersion')!r}")
    if obj.get("kind") != KIND:
        errors.append(f"kind: must be {KIND}, not {obj.get('kind')!r}")
    metadata = obj.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    if not is_dns_1123_subdomain(name):
        errors.append(f"metadata.name: {name!r} is not a DNS-1123 subdomain")
    return errors


def _port_rule_errors(obj: dict[str, Any]) -> list[str]:
    ports = obj.get("spec", {}).get("ports") if isinstance(obj.get("spec"), dict) else None
    if isinstance(ports, dict):
        values = [ports.get(k) for k in ("prometheus", "healthCheck", "telemetry")]
        if all(isinstance(v, int) for v in values) and len(set(values)) != 3:
            return ["spec.ports: prometheus, healthCheck and telemetry ports must differ"]
    return []


def validation_errors(obj: dict[str, Any], version: str = VERSION) -> list[str]:
    """Every reason the API server would refuse `obj` as a PhoenixProcessPipeline (empty: valid)."""
    if not isinstance(obj, dict):
        return ["<root>: a custom resource must be a mapping"]
    schema_errors = sorted(_validator(version).iter_errors(obj), key=lambda e: (_where(e), e.message))
    return _metadata_errors(obj) + [f"{_where(e)}: {e.message}" for e in schema_errors] + _port_rule_errors(obj)


def validate_pipeline(obj: dict[str, Any], version: str = VERSION) -> None:
    """Raise `InvalidPipelineResource` unless `obj` is a valid PhoenixProcessPipeline."""
    errors = validation_errors(obj, version)
    if errors:
        raise InvalidPipelineResource(errors)
