"""What the fake API server checks on every write: the official schemas, and the CRD's schema for custom resources.

Part of a fake Kubernetes API server for tests (no cluster can run here, so the fake follows the real
REST semantics). A real API server validates built-in kinds against their Go types and custom
resources against the CRD's OpenAPI schema. The fake does the same with the official JSON schemas
of Kubernetes 1.30 (`kubernetes-validate`, strict: unknown fields are errors, as with
`fieldValidation=Strict`) and with `app.runtimes.kubernetes.crd`, which reads the CRD shipped in
`deploy/`. The real server prunes unknown fields of custom resources instead of refusing them; the
fake refuses, which is stricter and catches mistakes the real server would hide.
"""

from __future__ import annotations

from typing import Any

import kubernetes_validate

from app.runtimes.kubernetes.crd import validation_errors
from tests.runtimes.kubernetes.conftest import KUBERNETES_VERSION
from tests.runtimes.kubernetes.fake_apiserver.resources import CRDS, PODS, ResourceType


def official_schema_errors(rt: ResourceType, obj: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, message) for each reason the API server would refuse `obj`."""
    if rt.custom:
        out = []
        for error in validation_errors(obj):
            field, _, message = error.partition(": ")
            out.append((field, message))
        return out
    if rt in (PODS, CRDS):
        return []
    try:
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as exc:
        return [(".".join(str(p) for p in exc.path) or "<root>", exc.message)]
    return []
