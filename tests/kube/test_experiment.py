"""A whole experiment on the kubernetes runtime against the real control plane: Phoenix (a real
server process) holds only the ServiceAccount of the shipped install; its operator makes each
variant a ConfigMap, Service and DaemonSet; the DaemonSet controller and scheduler put a pod on the
node; the test kubelet runs it as a real `otelcol-phoenix` reading this host through `/hostfs`; a
real Prometheus discovers the pods by the shipped scrape job and Phoenix reads the KPIs from it.

One story, in order: the experiment reaches a verdict from those KPIs and is promoted, which leaves
only the winner's objects on the cluster; a second experiment on the same target suspends that
deployment, and stopping it restores it; deleting the deployment deletes its custom resource, and
nothing of it is left (objects, pods, processes).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.kube.conftest import MANAGED, Cluster
from tests.live_server import LiveServer, wait_for

KINDS = {
    "phoenixprocesspipelines": "/apis/phoenix.io/v1alpha1/namespaces/{ns}/phoenixprocesspipelines",
    "configmaps": "/api/v1/namespaces/{ns}/configmaps",
    "services": "/api/v1/namespaces/{ns}/services",
    "daemonsets": "/apis/apps/v1/namespaces/{ns}/daemonsets",
}
COLLECTORS = "app.kubernetes.io/managed-by=phoenix,app.kubernetes.io/name=phoenix-collector"
SIMULATORS = "app.kubernetes.io/managed-by=phoenix,app.kubernetes.io/name=phoenix-simulator"
CRITICAL = ["^nginx$", "^postgres$"]  # the load profile's servers
LOAD = {"profile": "realistic", "process_count": 50, "seed": 7}


@pytest.fixture(scope="module")
def phoenix(cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Phoenix on the kubernetes runtime with the ServiceAccount's kubeconfig, managing MANAGED."""
    workdir = tmp_path_factory.mktemp("phoenix")
    env = {
        "PHOENIX_RUNTIME": "kubernetes",
        "KUBECONFIG": str(cluster.phoenix_kubeconfig),
        "PHOENIX_KUBERNETES_NAMESPACES": MANAGED,
        "PHOENIX_PROMETHEUS_URL": cluster.prometheus.url,
        "PHOENIX_RECONCILE_INTERVAL": "1",
        "PHOENIX_SAMPLE_INTERVAL": "2",
        "PHOENIX_LOG_LEVEL": "INFO",
    }
    server = LiveServer(database_url=f"sqlite+aiosqlite:///{workdir / 'phoenix.db'}", extra_env=env).start()
    yield server
    server.stop()


class Api:
    def __init__(self, server: LiveServer):
        self.server = server
        self.headers = {"Authorization": f"Bearer {server.token()}"}

    def call(self, method: str, path: str, body: Any = None, expect: int = 200) -> Any:
        answer = httpx.request(method, f"{self.server.url}{path}", json=body, headers=self.headers, timeout=30)
        assert answer.status_code == expect, f"{method} {path}: {answer.status_code} {answer.text}"
        return answer.json() if answer.content else None

    def phase(self, experiment_id: str) -> str:
        return self.call("GET", f"/api/v1/experiments/{experiment_id}")["phase"]


def objects(cluster: Cluster, kind: str, selector: str = COLLECTORS) -> list[dict[str, Any]]:
    path = KINDS[kind].format(ns=MANAGED) + f"?labelSelector={selector}"
    return cluster.plane.request("GET", path)["items"]


def pods(cluster: Cluster, selector: str = COLLECTORS) -> list[dict[str, Any]]:
    return cluster.plane.request("GET", f"/api/v1/namespaces/{MANAGED}/pods?labelSelector={selector}")["items"]


def names(cluster: Cluster) -> dict[str, set[str]]:
    """The names of Phoenix's objects in MANAGED, by kind."""
    return {kind: {o["metadata"]["name"] for o in objects(cluster, kind)} for kind in KINDS}


def running_pods(cluster: Cluster, selector: str = COLLECTORS) -> dict[str, str]:
    """Pods whose containers are ready, by the DaemonSet that owns them."""
    out = {}
    for pod in pods(cluster, selector):
        ready = any(c["type"] == "Ready" and c["status"] == "True" for c in pod["status"].get("conditions") or [])
        if ready and not pod["metadata"].get("deletionTimestamp"):
            out[pod["metadata"]["ownerReferences"][0]["name"]] = pod["metadata"]["name"]
    return out


def body(name: str, **extra: Any) -> dict[str, Any]:
    every_2s = {"collection_interval": "2s"}
    return {
        **extra,
        "name": name,
        "baseline": {"template": "process-baseline-v1", "parameters": every_2s},
        "candidate": {"template": "process-aggressive-v1", "parameters": every_2s},
        "target": {"namespace": MANAGED},
        "critical_processes": CRITICAL,
        "duration": "40s",
        "warmup": "6s",
        "success_criteria": {"min_cardinality_reduction": 0.3, "min_critical_retention": 1.0},
    }


def test_an_experiment_runs_promotes_and_cleans_up_on_a_real_cluster(cluster: Cluster, phoenix: LiveServer) -> None:
    api = Api(phoenix)

    def why() -> str:
        return f"cluster: {names(cluster)}\npods: {running_pods(cluster)}\n{cluster.kubelet.log_tail(800)}\n" + (
            phoenix.log_tail(3000)
        )

    # 1. A run to its verdict, on KPIs the real collectors exported and Prometheus scraped, with the
    #    load profile running as a DaemonSet on the node the collectors read.
    experiment = api.call("POST", "/api/v1/experiments", body("kube-trial", load_profile=LOAD), expect=201)
    eid = experiment["id"]
    api.call("POST", f"/api/v1/experiments/{eid}/start")
    wait_for(lambda: api.phase(eid) in ("warmup", "running"), 120, "both variants ready on the node", why)
    both = names(cluster)["daemonsets"]
    assert len(both) == 2 and len(running_pods(cluster)) == 2, why()
    [simulator] = objects(cluster, "daemonsets", SIMULATORS)
    assert simulator["spec"]["template"]["spec"]["containers"][0]["args"][:4] == [
        "phoenix",
        "simulate",
        "--profile",
        "realistic",
    ]
    wait_for(lambda: running_pods(cluster, SIMULATORS), 60, "the simulator pod running", why)
    simulated = (
        'count(process_memory_usage_bytes{phoenix_variant="baseline", process_command_line=~".*gunicorn shop.wsgi.*"})'
    )
    wait_for(lambda: cluster.prometheus.query(simulated), 60, "the baseline collector to see simulated processes", why)
    wait_for(lambda: api.phase(eid) in ("completed", "failed"), 180, "the run to end", why)
    assert api.phase(eid) == "completed", why()
    results = api.call("GET", f"/api/v1/experiments/{eid}/results")
    assert results["verdict"] == "adopt_candidate", results["reasons"]
    comparison = results["comparison"]
    assert min(comparison["samples"].values()) >= results["method"]["min_samples"]
    assert comparison["cardinality_reduction"] >= 0.3
    assert comparison["candidate_min_critical_retention"] == 1.0
    # Retention is of processes that were there: the simulated nginx and postgres servers (at least).
    assert results["variants"]["candidate"]["kpis"]["critical_processes_in_output"]["min"] >= 10
    assert all("(Prometheus)" in m for m in results["measured_by"]), results["measured_by"]
    wait_for(
        lambda: not objects(cluster, "daemonsets", SIMULATORS) and not pods(cluster, SIMULATORS),
        60,
        "the simulator gone with the run",
        why,
    )

    # 2. Promotion: the winner runs as a deployment; nothing of the experiment is left.
    api.call("POST", f"/api/v1/experiments/{eid}/promote", {"variant": "candidate"})
    [deployment] = api.call("GET", "/api/v1/deployments")
    wait_for(
        lambda: len(names(cluster)["phoenixprocesspipelines"]) == 1 and len(running_pods(cluster)) == 1,
        120,
        "only the deployment's objects",
        why,
    )
    winner = names(cluster)
    (name,) = winner["phoenixprocesspipelines"]
    assert winner == {kind: {name} for kind in KINDS}, winner
    assert not winner["daemonsets"] & both
    assert set(running_pods(cluster)) == {name}
    assert [p["spec"]["template"] for p in objects(cluster, "phoenixprocesspipelines")] == ["process-aggressive-v1"]

    # The pod's state reaches the custom resource: its collector killed, the resource reports no ready
    # node until the kubelet has restarted it and its readiness probe answers again.
    def ready_nodes() -> int:
        [pipeline] = objects(cluster, "phoenixprocesspipelines")
        return (pipeline.get("status") or {}).get("readyNodes", 0)

    wait_for(lambda: ready_nodes() == 1, 60, "the deployment's resource to report its ready node", why)
    [collector] = [p for p in cluster.kubelet.pods.values() if p.process is not None]
    os.killpg(collector.process.pid, signal.SIGKILL)
    wait_for(lambda: ready_nodes() == 0, 30, "the resource to report the dead collector", why)
    wait_for(lambda: ready_nodes() == 1, 60, "the restarted collector ready again", why)
    assert collector.restarts == 1

    # 3. A second run on the same target suspends the deployment; stopping it restores the deployment.
    second = api.call("POST", "/api/v1/experiments", body("kube-second"), expect=201)
    api.call("POST", f"/api/v1/experiments/{second['id']}/start")
    wait_for(lambda: api.phase(second["id"]) in ("warmup", "running"), 120, "the second run's variants", why)
    assert name not in names(cluster)["phoenixprocesspipelines"], "the deployment is suspended during the run"
    api.call("POST", f"/api/v1/experiments/{second['id']}/stop")
    wait_for(
        lambda: names(cluster) == winner and set(running_pods(cluster)) == {name},
        120,
        "the deployment restored and the run's objects gone",
        why,
    )
    assert api.call("GET", f"/api/v1/deployments/{deployment['id']}")["status"] == "active"

    # 4. Deleting the deployment deletes its custom resource; nothing is left behind.
    api.call("DELETE", f"/api/v1/deployments/{deployment['id']}")
    wait_for(
        lambda: not any(names(cluster).values()) and not pods(cluster) and not cluster.kubelet.pods,
        120,
        "every object, pod and process gone",
        why,
    )
