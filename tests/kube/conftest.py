"""The real control plane (tests/kube/control_plane.py), started once per test session, and what
runs on it: the shipped install's RBAC, a node whose pods are local processes (`kubelet.py`) and a
real Prometheus that discovers them (`pod_discovery.py`).

They need `build/kube/phoenix-kube` (`make kube`), `build/otelcol-phoenix` (`make collector`) and
`prometheus`: missing, the tests fail in CI and skip locally (`require_component`), like every other
real component.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from app.core.config import PHOENIX_IMAGE
from app.engine.collector import CONTRIB_IMAGE
from app.runtimes.kubernetes.client import KubeClient, api_client_from_environment
from app.runtimes.kubernetes.crd import crd
from tests.conftest import require_component
from tests.kube.control_plane import BINARY, ROOT, ControlPlane, ControlPlaneError
from tests.kube.kubelet import Image, ProcessKubelet
from tests.kube.pod_discovery import FileDiscovery, shipped_job
from tests.runtimes.kubernetes import prometheus_server
from tests.runtimes.kubernetes.kustomize import render_overlay

MANAGED = "phoenix-workloads"  # what the dev overlay manages
RBAC_KINDS = {"Namespace", "ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"}
COLLECTOR = ROOT / "build" / "otelcol-phoenix"
NODE = "phoenix-node-1"


@pytest.fixture(scope="session")
def control_plane() -> Iterator[ControlPlane]:
    if not BINARY.exists():
        require_component("the Kubernetes control plane", f"{BINARY} is missing; build it with `make kube`")
    try:
        plane = ControlPlane().start()
    except ControlPlaneError as exc:
        pytest.fail(f"the Kubernetes control plane did not start: {exc}")
    yield plane
    plane.stop()


@pytest.fixture
async def admin_client(control_plane: ControlPlane) -> AsyncIterator[KubeClient]:
    """Phoenix's client with the admin's credentials (setup and checks outside Phoenix's Role)."""
    client = KubeClient(await api_client_from_environment(kubeconfig=str(control_plane.admin_kubeconfig)))
    yield client
    await client.close()


@pytest.fixture(scope="session")
def installed(control_plane: ControlPlane, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dev overlay's namespaces, ServiceAccount and RBAC (and the CRD) applied as the admin; the
    ServiceAccount's kubeconfig, with a token from the TokenRequest API as a pod would get."""
    objects = [o for o in render_overlay("dev") if o["kind"] in RBAC_KINDS]
    assert {o["kind"] for o in objects} == RBAC_KINDS, "the overlay ships the RBAC this test applies"
    manifest = tmp_path_factory.mktemp("install") / "rbac.yaml"
    manifest.write_text(yaml.safe_dump_all([*objects, crd()]))
    control_plane.kubectl("apply", "-f", str(manifest))
    control_plane.kubectl("wait", "--for=condition=Established", "crd/phoenixprocesspipelines.phoenix.io")
    [account] = [o for o in objects if o["kind"] == "ServiceAccount"]
    token = control_plane.service_account_token(account["metadata"]["namespace"], account["metadata"]["name"])
    return control_plane.kubeconfig_for(token, "phoenix-sa")


@dataclass
class Cluster:
    """The control plane with a node running pods as local processes and a Prometheus scraping them."""

    plane: ControlPlane
    kubelet: ProcessKubelet
    prometheus: prometheus_server.PrometheusServer
    phoenix_kubeconfig: Path


@pytest.fixture(scope="module")
def cluster(
    control_plane: ControlPlane, installed: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    """One node (`phoenix-node-1`) whose collector pods run `build/otelcol-phoenix` (and simulator pods
    `phoenix simulate` from the project's virtualenv), the OTLP Secret the
    templates read, and Prometheus with the shipped scrape job over the pods' discovered targets.
    Module-scoped: the node goes with its pods when the module ends, so no other test's DaemonSet
    starts collectors on this host."""
    if not COLLECTOR.exists():
        require_component("the collector", f"{COLLECTOR} is missing; build it with `make collector`")
    if prometheus_server.binary() is None:
        require_component("prometheus", "the prometheus binary is missing (apt-get install prometheus)")
    control_plane.kubectl(
        "-n", MANAGED, "create", "secret", "generic", "phoenix-otlp", "--from-literal=api-key=test-only"
    )
    workdir = tmp_path_factory.mktemp("cluster")
    images = {
        CONTRIB_IMAGE: Image((str(COLLECTOR),), (COLLECTOR.parent,)),
        PHOENIX_IMAGE: Image((), (ROOT,)),  # Phoenix's image: tini, which runs its args (`phoenix simulate`)
    }
    path = f"{ROOT / '.venv' / 'bin'}:/usr/local/bin:/usr/bin:/bin"
    kubelet = ProcessKubelet(control_plane, NODE, images, path=path).start()
    discovery = FileDiscovery(control_plane, workdir / "targets.json").start()
    prometheus = prometheus_server.start(workdir, scrape_configs=[shipped_job(workdir / "targets.json")])
    try:
        yield Cluster(control_plane, kubelet, prometheus, installed)
    finally:
        prometheus.stop()
        discovery.stop()
        kubelet.stop()
        control_plane.kubectl("-n", MANAGED, "delete", "secret", "phoenix-otlp")
