"""deploy/kubernetes: valid for Kubernetes 1.30 (strict), consistent with itself, and RBAC that covers the runtime."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from app.core.config import REPO_ROOT
from app.runtimes.kubernetes.crd import GROUP, PLURAL
from tests.runtimes.conftest import BuildVariant
from tests.runtimes.kubernetes.conftest import assert_valid_kubernetes

DEPLOY = REPO_ROOT / "deploy" / "kubernetes"
NAMESPACE = "phoenix-system"


def _documents(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]


def _all_objects() -> list[dict[str, Any]]:
    return [d for p in sorted(DEPLOY.rglob("*.yaml")) if p.name != "kustomization.yaml" for d in _documents(p)]


def _one(kind: str, name: str = "phoenix") -> dict[str, Any]:
    (found,) = [o for o in _all_objects() if o["kind"] == kind and o["metadata"]["name"] == name]
    return found


@pytest.mark.parametrize(
    "path", sorted(p.relative_to(DEPLOY).as_posix() for p in DEPLOY.rglob("*.yaml") if p.name != "kustomization.yaml")
)
def test_every_manifest_is_valid(path: str) -> None:
    documents = _documents(DEPLOY / path)
    assert documents
    for obj in documents:
        assert_valid_kubernetes(obj)


def test_kustomization_lists_every_manifest() -> None:
    kustomization = _documents(DEPLOY / "kustomization.yaml")[0]
    listed = set(kustomization["resources"])
    on_disk = {p.relative_to(DEPLOY).as_posix() for p in DEPLOY.rglob("*.yaml") if p.name != "kustomization.yaml"}
    assert listed == on_disk
    assert {i["name"] for i in kustomization["images"]} == {"phoenix"}


def _allowed(rules: list[dict[str, Any]], group: str, resource: str, verb: str) -> bool:
    return any(
        group in r["apiGroups"] and resource in r["resources"] and verb in r["verbs"] and not r.get("resourceNames")
        for r in rules
    )


def test_cluster_role_covers_what_the_runtime_manages(build_variant: BuildVariant) -> None:
    rules = _one("ClusterRole")["rules"]
    write = ("get", "list", "watch", "create", "update", "patch", "delete")
    for obj in build_variant().objects:
        group = obj["apiVersion"].rpartition("/")[0]
        resource = {"ConfigMap": "configmaps", "Service": "services", "DaemonSet": "daemonsets"}.get(
            obj["kind"], PLURAL
        )
        for verb in write:
            assert _allowed(rules, group, resource, verb), (group, resource, verb)
    for verb in ("get", "update", "patch"):
        assert _allowed(rules, GROUP, f"{PLURAL}/status", verb)
    assert _allowed(rules, GROUP, f"{PLURAL}/finalizers", "update")
    for resource in ("pods", "nodes"):
        assert _allowed(rules, "", resource, "list") and not _allowed(rules, "", resource, "create")
    assert _allowed(rules, "", "events", "create")


def test_cluster_role_is_least_privilege() -> None:
    rules = _one("ClusterRole")["rules"]
    for rule in rules:
        assert "*" not in rule["verbs"] + rule["resources"] + rule["apiGroups"], rule
    assert not any("secrets" in r["resources"] for r in rules)
    (crd_rule,) = [r for r in rules if "customresourcedefinitions" in r["resources"]]
    assert crd_rule["resourceNames"] == [f"{PLURAL}.{GROUP}"] and crd_rule["verbs"] == ["get"]


def test_deployment_runs_as_the_bound_service_account() -> None:
    account = _one("ServiceAccount")
    binding = _one("ClusterRoleBinding")
    deployment = _one("Deployment")
    assert account["metadata"]["namespace"] == deployment["metadata"]["namespace"] == NAMESPACE
    assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "phoenix"}
    assert {"kind": "ServiceAccount", "name": "phoenix", "namespace": NAMESPACE} in binding["subjects"]
    assert deployment["spec"]["template"]["spec"]["serviceAccountName"] == "phoenix"


def test_deployment_is_restricted_and_reads_secrets_by_reference() -> None:
    deployment = _one("Deployment")
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    (container,) = pod["containers"]
    assert container["securityContext"] == {
        "allowPrivilegeEscalation": False,
        "readOnlyRootFilesystem": True,
        "capabilities": {"drop": ["ALL"]},
    }
    env = {e["name"]: e for e in container["env"]}
    assert env["PHOENIX_RUNTIME"]["value"] == "kubernetes"
    for secret in ("PHOENIX_DATABASE_URL", "PHOENIX_JWT_SECRET", "PHOENIX_ADMIN_PASSWORD"):
        assert "value" not in env[secret] and env[secret]["valueFrom"]["secretKeyRef"]["name"] == "phoenix"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    namespace = _one("Namespace", NAMESPACE)
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"


def test_service_selects_the_deployment_pods() -> None:
    service, deployment = _one("Service"), _one("Deployment")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    port_names = {p["name"] for p in deployment["spec"]["template"]["spec"]["containers"][0]["ports"]}
    assert {p["targetPort"] for p in service["spec"]["ports"]} <= port_names
