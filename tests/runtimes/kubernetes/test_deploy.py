"""The install in deploy/kubernetes, as `kubectl kustomize` renders each overlay: valid for Kubernetes 1.30
(strict), consistent with itself, and granting Phoenix exactly what the kubernetes runtime uses.

The Role (one per managed namespace) and the ClusterRole must equal `permissions.py`, which
`test_permissions.py` proves is exactly what the runtime and the operator call; the namespaces
with a Role must be exactly those the Deployment's PHOENIX_KUBERNETES_NAMESPACES lists.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.core.config import Settings
from app.runtimes.kubernetes.crd import CRD_NAME, load_crd, validation_errors
from app.runtimes.kubernetes.manifests import VariantTarget
from app.runtimes.kubernetes.permissions import CLUSTER, NAMESPACED, rules
from tests.runtimes.conftest import BuildVariant
from tests.runtimes.kubernetes import kustomize
from tests.runtimes.kubernetes.conftest import assert_valid_kubernetes
from tests.runtimes.kubernetes.kustomize import DEPLOY, OVERLAYS, render, render_overlay

SYSTEM = "phoenix-system"
ACCOUNT = {"kind": "ServiceAccount", "name": "phoenix", "namespace": SYSTEM}
KINDS = {
    "Namespace",
    "CustomResourceDefinition",
    "ServiceAccount",
    "ClusterRole",
    "ClusterRoleBinding",
    "Role",
    "RoleBinding",
    "Deployment",
    "Service",
    "PodDisruptionBudget",
}


def _of(objects: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [o for o in objects if o["kind"] == kind]


def _one(objects: list[dict[str, Any]], kind: str, name: str = "phoenix") -> dict[str, Any]:
    (found,) = [o for o in _of(objects, kind) if o["metadata"]["name"] == name]
    return found


def _container(objects: list[dict[str, Any]]) -> dict[str, Any]:
    (container,) = _one(objects, "Deployment")["spec"]["template"]["spec"]["containers"]
    return container


def _env(objects: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {e["name"]: e for e in _container(objects)["env"]}


def _granted(rule_list: list[dict[str, Any]]) -> set[tuple[str, str, str, tuple[str, ...]]]:
    """An RBAC rule list as (group, resource, verb, resource names), one per combination."""
    return {
        (group, resource, verb, tuple(rule.get("resourceNames") or ()))
        for rule in rule_list
        for group in rule["apiGroups"]
        for resource in rule["resources"]
        for verb in rule["verbs"]
    }


@pytest.fixture(params=OVERLAYS)
def overlay(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def objects(overlay: str) -> list[dict[str, Any]]:
    return render_overlay(overlay)


# ---- rendering and validity ---------------------------------------------------------------------


def test_every_rendered_object_is_valid(objects: list[dict[str, Any]]) -> None:
    assert objects
    for obj in objects:
        assert_valid_kubernetes(obj)


def test_only_the_expected_kinds_are_installed(overlay: str, objects: list[dict[str, Any]]) -> None:
    expected = KINDS | ({"Secret"} if overlay == "dev" else set())
    assert {o["kind"] for o in objects} == expected


def test_the_installed_crd_is_the_one_phoenix_validates_with(
    objects: list[dict[str, Any]], build_variant: BuildVariant
) -> None:
    assert _one(objects, "CustomResourceDefinition", CRD_NAME) == load_crd()
    namespace = _managed_namespaces(objects)[0]
    manifests = build_variant(target=VariantTarget(namespace=namespace))
    assert validation_errors(manifests.pipeline) == []  # an instance, against the installed schema
    for obj in (manifests.config_map, manifests.service, manifests.daemon_set):
        assert_valid_kubernetes(obj)


def _kustomization_references(directory: Path) -> set[Path]:
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text(encoding="utf-8"))
    entries = [
        *kustomization.get("resources", []),
        *kustomization.get("components", []),
        *(p["path"] for p in kustomization.get("patches", []) if "path" in p),
    ]
    return {(directory / entry).resolve() for entry in entries}


def test_every_file_is_part_of_a_kustomization() -> None:
    """No stray manifest: each YAML file is listed by a kustomization (and so rendered and checked; the
    optional ingress component by `test_the_ingress_component_renders_valid_objects`)."""
    kustomizations = sorted(p.parent for p in DEPLOY.rglob("kustomization.yaml"))
    referenced = set().union(*(_kustomization_references(d) for d in kustomizations))
    for path in referenced:
        assert path.exists(), f"listed but missing: {path}"
    files = {p.resolve() for p in DEPLOY.rglob("*.yaml") if p.name != "kustomization.yaml"}
    assert files - referenced == set()


def test_the_ingress_component_renders_valid_objects(tmp_path: Path) -> None:
    production = os.path.relpath(DEPLOY / "overlays" / "production", tmp_path)
    ingress = os.path.relpath(DEPLOY / "components" / "ingress", tmp_path)
    (tmp_path / "kustomization.yaml").write_text(
        yaml.safe_dump(
            {
                "apiVersion": "kustomize.config.k8s.io/v1beta1",
                "kind": "Kustomization",
                "resources": [production],
                "components": [ingress],
            }
        )
    )
    objects = render(tmp_path)
    for obj in objects:
        assert_valid_kubernetes(obj)
    backend = _one(objects, "Ingress")["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    service = _one(objects, "Service")
    assert backend["name"] == service["metadata"]["name"]
    assert backend["port"]["name"] in {p["name"] for p in service["spec"]["ports"]}


def test_kubectl_missing_fails_in_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(kustomize, "BUILT_KUBECTL", tmp_path / "absent")
    monkeypatch.setattr(kustomize, "BUILT_MULTICALL", tmp_path / "absent")
    monkeypatch.setattr(kustomize.shutil, "which", lambda _: None)
    monkeypatch.setattr("tests.conftest.IN_CI", True)
    with pytest.raises(pytest.fail.Exception, match="kubectl is required"):
        kustomize.kubectl()
    monkeypatch.setattr("tests.conftest.IN_CI", False)
    with pytest.raises(pytest.skip.Exception, match="kubectl is required"):
        kustomize.kubectl()


# ---- permissions ----------------------------------------------------------------------------------


def _managed_namespaces(objects: list[dict[str, Any]]) -> list[str]:
    return sorted(r["metadata"]["namespace"] for r in _of(objects, "Role"))


def test_each_role_grants_exactly_what_the_runtime_uses(objects: list[dict[str, Any]]) -> None:
    roles = _of(objects, "Role")
    assert roles
    for role in roles:
        assert _granted(role["rules"]) == rules(NAMESPACED), role["metadata"]["namespace"]


def test_the_only_cluster_wide_grant_is_reading_the_crd(objects: list[dict[str, Any]]) -> None:
    (cluster_role,) = _of(objects, "ClusterRole")
    assert _granted(cluster_role["rules"]) == rules(CLUSTER)
    (binding,) = _of(objects, "ClusterRoleBinding")
    assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "phoenix"}
    assert binding["subjects"] == [ACCOUNT]
    for role in _of(objects, "Role") + _of(objects, "ClusterRole"):
        for rule in role["rules"]:
            assert "*" not in rule["verbs"] + rule["resources"] + rule["apiGroups"], rule
            assert not {"secrets", "pods", "nodes", "jobs", "escalate", "bind"} & set(rule["resources"] + rule["verbs"])


def test_roles_are_bound_in_exactly_the_configured_namespaces(objects: list[dict[str, Any]]) -> None:
    role_namespaces = _managed_namespaces(objects)
    bindings = _of(objects, "RoleBinding")
    assert sorted(b["metadata"]["namespace"] for b in bindings) == role_namespaces
    for binding in bindings:
        assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "phoenix"}
        assert binding["subjects"] == [ACCOUNT]
    configured = _env(objects)["PHOENIX_KUBERNETES_NAMESPACES"]["value"]
    settings = Settings(_env_file=None, jwt_secret="x" * 32, kubernetes_namespaces=configured)
    assert sorted(settings.kubernetes_namespaces) == role_namespaces
    assert SYSTEM not in role_namespaces and "kube-system" not in role_namespaces
    account = _one(objects, "ServiceAccount")
    assert account["metadata"]["namespace"] == SYSTEM


# ---- Phoenix's pods ------------------------------------------------------------------------------


def test_deployment_is_restricted_and_reads_secrets_by_reference(objects: list[dict[str, Any]]) -> None:
    deployment = _one(objects, "Deployment")
    assert deployment["metadata"]["namespace"] == SYSTEM
    pod = deployment["spec"]["template"]["spec"]
    assert pod["serviceAccountName"] == "phoenix" and pod["automountServiceAccountToken"] is True
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    container = _container(objects)
    assert container["securityContext"] == {
        "allowPrivilegeEscalation": False,
        "readOnlyRootFilesystem": True,
        "capabilities": {"drop": ["ALL"]},
    }
    volumes = {v["name"]: v for v in pod["volumes"]}
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    assert "emptyDir" in volumes[mounts["/tmp"]]  # the one writable place on a read-only root
    assert set(container["resources"]["requests"]) == set(container["resources"]["limits"]) == {"cpu", "memory"}
    env = _env(objects)
    assert env["PHOENIX_RUNTIME"]["value"] == "kubernetes"
    for secret in ("PHOENIX_DATABASE_URL", "PHOENIX_JWT_SECRET", "PHOENIX_ADMIN_PASSWORD"):
        assert "value" not in env[secret] and "secretKeyRef" in env[secret]["valueFrom"], secret
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    annotations = deployment["spec"]["template"]["metadata"]["annotations"]
    port = next(p["containerPort"] for p in container["ports"] if p["name"] == "http")
    assert annotations == {
        "prometheus.io/scrape": "true",
        "prometheus.io/port": str(port),
        "prometheus.io/path": "/metrics",
    }
    namespace = _one(objects, "Namespace", SYSTEM)
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"


def test_dev_runs_one_pod_on_sqlite_in_an_empty_dir() -> None:
    objects = render_overlay("dev")
    deployment = _one(objects, "Deployment")
    assert deployment["spec"]["replicas"] == 1
    assert deployment["spec"]["strategy"] == {"type": "Recreate"}  # never two pods on one SQLite file
    env = _env(objects)
    assert env["PHOENIX_ENV"]["value"] == "dev"
    ref = env["PHOENIX_DATABASE_URL"]["valueFrom"]["secretKeyRef"]
    secret = _one(objects, "Secret", ref["name"])
    url = base64.b64decode(secret["data"][ref["key"]]).decode()
    assert url.startswith("sqlite+aiosqlite:////")
    pod = deployment["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in pod["volumes"]}
    (mount,) = [
        m
        for m in _container(objects)["volumeMounts"]
        if url.removeprefix("sqlite+aiosqlite:///").startswith(m["mountPath"] + "/")
    ]
    assert "emptyDir" in volumes[mount["name"]]


def test_production_runs_two_pods_on_postgresql_from_a_secret() -> None:
    objects = render_overlay("production")
    deployment = _one(objects, "Deployment")
    assert deployment["spec"]["replicas"] == 2
    assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    assert not _of(objects, "Secret")  # created by the operator of the cluster, never committed
    env = _env(objects)
    assert env["PHOENIX_ENV"]["value"] == "prod"
    for name, key in (("PHOENIX_DATABASE_URL", "database-url"), ("PHOENIX_JWT_SECRET", "jwt-secret")):
        assert env[name]["valueFrom"]["secretKeyRef"] == {"name": "phoenix", "key": key}, name


def test_service_and_disruption_budget_select_the_pods(objects: list[dict[str, Any]]) -> None:
    deployment = _one(objects, "Deployment")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    service, budget = _one(objects, "Service"), _one(objects, "PodDisruptionBudget")
    assert service["spec"]["selector"].items() <= labels.items()
    assert budget["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert budget["spec"]["maxUnavailable"] == 1
    port_names = {p["name"] for p in _container(objects)["ports"]}
    assert {p["targetPort"] for p in service["spec"]["ports"]} <= port_names


def test_managed_namespaces_admit_the_collector(objects: list[dict[str, Any]], build_variant: BuildVariant) -> None:
    """The collector needs hostPID and a hostPath: only Pod Security `privileged` admits them, and only there."""
    created = {n["metadata"]["name"]: n for n in _of(objects, "Namespace")}
    for namespace in _managed_namespaces(objects):
        if namespace in created:
            assert created[namespace]["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "privileged"
    pod = build_variant(target=VariantTarget(namespace=_managed_namespaces(objects)[0])).daemon_set["spec"]["template"][
        "spec"
    ]
    (container,) = pod["containers"]
    assert pod["hostPID"] is True and "hostNetwork" not in pod
    assert container["securityContext"]["privileged"] is False
    assert all(m["readOnly"] for m in container["volumeMounts"])
