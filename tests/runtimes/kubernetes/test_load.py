"""An experiment's load profile on the kubernetes runtime: the simulation DaemonSet (and a custom
profile's ConfigMap) in the target's namespace, on the target's nodes. Against the in-process fake
API server (for its recorded writes and injected outages); tests/kube/test_experiment.py runs the
same DaemonSet's pod on the real control plane."""

from __future__ import annotations

import pytest

from app.runtimes.base import Target
from app.runtimes.kubernetes.client import CONFIG_MAPS, DAEMON_SETS
from app.runtimes.kubernetes.load import LoadNotStarted, simulation_name
from app.runtimes.kubernetes.runtime import KubernetesRuntime
from app.simulation.models import SimulationCreate
from tests.runtimes.kubernetes.conftest import assert_valid_kubernetes
from tests.runtimes.kubernetes.fake_apiserver import FakeApiServer

NS = "observability"
TARGET = Target(namespace=NS, node_selector={"tier": "web"})
OWNER, OWNER_ID = "topk-vs-baseline", "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


def test_names_fit_the_experiment_record_and_never_collide() -> None:
    long = "a" * 63
    assert len(simulation_name(long, OWNER_ID)) <= 32
    assert simulation_name(OWNER, OWNER_ID) != simulation_name(OWNER, "another-id")
    assert simulation_name(OWNER, OWNER_ID).startswith("topk-vs-baseline-")


async def test_start_applies_a_daemon_set_on_the_target_nodes(
    server: FakeApiServer, runtime: KubernetesRuntime
) -> None:
    request = SimulationCreate(profile="realistic", process_count=60, seed=3, duration=300)
    started = await runtime.target_load.start(owner=OWNER, owner_id=OWNER_ID, request=request, target=TARGET)
    assert started == simulation_name(OWNER, OWNER_ID)
    [daemon_set] = server.store.items(DAEMON_SETS, NS)
    assert_valid_kubernetes(daemon_set)
    assert daemon_set["metadata"]["name"] == f"phoenix-sim-{started}"
    pod = daemon_set["spec"]["template"]["spec"]
    assert pod["nodeSelector"]["tier"] == "web"
    assert pod["containers"][0]["image"] == "phoenix:0.1.0"
    assert pod["containers"][0]["args"][:4] == ["phoenix", "simulate", "--profile", "realistic"]
    assert "--linger" in pod["containers"][0]["args"]  # a DaemonSet's pod must not exit
    assert not pod.get("hostPID") and pod["containers"][0]["securityContext"]["runAsNonRoot"] is True
    assert server.store.items(CONFIG_MAPS, NS) == []  # a built-in profile needs no ConfigMap

    writes = len(server.writes())
    await runtime.target_load.start(owner=OWNER, owner_id=OWNER_ID, request=request, target=TARGET)
    assert len(server.writes()) == writes  # started again (after a restart): nothing to change

    await runtime.target_load.stop(owner=OWNER, owner_id=OWNER_ID, target=TARGET)
    assert server.store.items(DAEMON_SETS, NS) == []
    await runtime.target_load.stop(owner=OWNER, owner_id=OWNER_ID, target=TARGET)  # already gone: fine


async def test_a_custom_profile_travels_in_a_config_map(server: FakeApiServer, runtime: KubernetesRuntime) -> None:
    custom = {"groups": [{"name": "api", "exe_path": "/usr/bin/api", "command": "api --serve", "count": 5}]}
    request = SimulationCreate(profile="custom", custom=custom, duration=120)
    await runtime.target_load.start(owner=OWNER, owner_id=OWNER_ID, request=request, target=TARGET)
    [config_map] = server.store.items(CONFIG_MAPS, NS)
    assert '"exe_path": "/usr/bin/api"' in config_map["data"]["custom.json"]
    await runtime.target_load.stop(owner=OWNER, owner_id=OWNER_ID, target=TARGET)
    assert server.store.items(CONFIG_MAPS, NS) == [] and server.store.items(DAEMON_SETS, NS) == []


async def test_an_unreachable_cluster_is_a_clear_error(server: FakeApiServer, runtime: KubernetesRuntime) -> None:
    server.fail(503)  # the API server stays unavailable through every retry
    request = SimulationCreate(profile="realistic")
    with pytest.raises(LoadNotStarted, match="the simulation DaemonSet could not be applied"):
        await runtime.target_load.start(owner=OWNER, owner_id=OWNER_ID, request=request, target=TARGET)
