"""The resource types the fake API server serves, and the `Status` error bodies the real API server sends.

This is part of a fake Kubernetes API server for tests. No cluster can run on the machines the
tests run on, so the kubernetes_asyncio code is tested against a fake that follows the real REST
semantics for the few resources Phoenix uses. Each type here carries the rules the real API server
applies to it: whether it has `metadata.generation`, a `/status` subresource, whether an update
must name a `resourceVersion` (custom resources) and whether strategic merge patch applies
(built-in kinds only).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ResourceType:
    """One REST resource: `/api/v1/...` when `group` is empty, `/apis/<group>/<version>/...` otherwise."""

    group: str
    version: str
    plural: str
    kind: str
    namespaced: bool = True
    has_generation: bool = False
    status_subresource: bool = False
    custom: bool = False

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def qualified(self) -> str:
        """How error messages name the resource: `configmaps`, `daemonsets.apps`, `...phoenix.io`."""
        return f"{self.plural}.{self.group}" if self.group else self.plural


CONFIG_MAPS = ResourceType("", "v1", "configmaps", "ConfigMap")
SERVICES = ResourceType("", "v1", "services", "Service")
PODS = ResourceType("", "v1", "pods", "Pod", status_subresource=True)
DAEMON_SETS = ResourceType("apps", "v1", "daemonsets", "DaemonSet", has_generation=True, status_subresource=True)
PIPELINES = ResourceType(
    "phoenix.io",
    "v1alpha1",
    "phoenixprocesspipelines",
    "PhoenixProcessPipeline",
    has_generation=True,
    status_subresource=True,
    custom=True,
)
CRDS = ResourceType(
    "apiextensions.k8s.io",
    "v1",
    "customresourcedefinitions",
    "CustomResourceDefinition",
    namespaced=False,
    has_generation=True,
    status_subresource=True,
)

RESOURCE_TYPES = (CONFIG_MAPS, SERVICES, PODS, DAEMON_SETS, PIPELINES, CRDS)
BY_PATH = {(r.group, r.version, r.plural): r for r in RESOURCE_TYPES}


def resolve(resource: Any) -> ResourceType:
    """The served type for anything naming one by `group`, `version`, `plural` (e.g. the client's `Resource`)."""
    return BY_PATH[(resource.group, resource.version, resource.plural)]


class ApiStatusError(Exception):
    """A request the real API server would refuse; `body` is the `Status` object it answers with."""

    def __init__(self, code: int, reason: str, message: str, details: dict[str, Any] | None = None):
        super().__init__(f"{code} {reason}: {message}")
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details or {}

    @property
    def body(self) -> dict[str, Any]:
        return status_body(self.code, self.reason, self.message, self.details)


def status_body(code: int, reason: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    """A `Status` object as the API server writes it for a failed request."""
    body: dict[str, Any] = {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "code": code,
    }
    if details:
        body["details"] = details
    return body


def _details(rt: ResourceType, name: str) -> dict[str, Any]:
    details = {"name": name, "kind": rt.plural}
    if rt.group:
        details["group"] = rt.group
    return details


def not_found(rt: ResourceType, name: str) -> ApiStatusError:
    return ApiStatusError(404, "NotFound", f'{rt.qualified} "{name}" not found', _details(rt, name))


def already_exists(rt: ResourceType, name: str) -> ApiStatusError:
    return ApiStatusError(409, "AlreadyExists", f'{rt.qualified} "{name}" already exists', _details(rt, name))


def conflict(rt: ResourceType, name: str, why: str = "") -> ApiStatusError:
    why = why or "the object has been modified; please apply your changes to the latest version and try again"
    return ApiStatusError(
        409, "Conflict", f'Operation cannot be fulfilled on {rt.qualified} "{name}": {why}', _details(rt, name)
    )


def invalid(rt: ResourceType, name: str, causes: list[tuple[str, str]]) -> ApiStatusError:
    """422 with one cause per (field, message), like a failed validation."""
    text = ", ".join(f"{field}: {message}" for field, message in causes)
    details = {
        "name": name,
        "kind": rt.kind,
        "causes": [{"reason": "FieldValueInvalid", "message": message, "field": field} for field, message in causes],
    }
    if rt.group:
        details["group"] = rt.group
    return ApiStatusError(422, "Invalid", f'{rt.kind} "{name}" is invalid: [{text}]', details)


def bad_request(message: str) -> ApiStatusError:
    return ApiStatusError(400, "BadRequest", message)


def gone(message: str) -> ApiStatusError:
    return ApiStatusError(410, "Expired", message)
