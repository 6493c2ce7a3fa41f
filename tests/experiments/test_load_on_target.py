"""An experiment's load profile where the runtime places load on the target's hosts (`Runtime.target_load`,
the kubernetes runtime's simulation DaemonSet): started once when the variants deploy, not in
Phoenix's own SimulationManager, not started again by later ticks or a restart (it is declarative and
outlives Phoenix), stopped at cleanup; a cluster that refuses it is an event, not a failed run.

The reconciler is driven tick by tick; the runtime's variants are instant and its load is the real
`KubernetesLoad` against the in-process fake API server (tests/kube/test_experiment.py runs it on
the real control plane)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from app.runtimes.kubernetes.client import DAEMON_SETS
from app.runtimes.kubernetes.load import KubernetesLoad
from tests.clock import Clock
from tests.experiment_bodies import experiment_body
from tests.instant_runtime import InstantRuntime
from tests.runtimes.kubernetes.fake_apiserver import FakeApiServer, running_fake_apiserver
from tests.runtimes.kubernetes.kube_cluster import FAST, client_for

API = "/api/v1/experiments"
NS = "observability"  # experiment_body's target


@pytest.fixture
async def server() -> AsyncIterator[FakeApiServer]:
    async with running_fake_apiserver(nodes=1) as fake:
        yield fake


@pytest.fixture
async def placed(app: FastAPI, server: FakeApiServer) -> AsyncIterator[Clock]:
    runtime = InstantRuntime()
    runtime.target_load = KubernetesLoad(client_for(server), backoff=FAST, image="phoenix:test")
    app.state.reconciler.ctx.runtime = runtime
    clock = Clock()
    app.state.reconciler.ctx.now = clock
    yield clock


async def _events(client: httpx.AsyncClient, headers: dict, experiment_id: str) -> list[dict]:
    return (await client.get(f"{API}/{experiment_id}/events", headers=headers)).json()


async def test_the_load_runs_on_the_target_for_the_run(
    app: FastAPI, client: httpx.AsyncClient, admin_headers: dict, server: FakeApiServer, placed: Clock
) -> None:
    body = experiment_body(duration="30s", warmup="0s", load_profile={"profile": "realistic", "seed": 5})
    experiment = (await client.post(API, json=body, headers=admin_headers)).json()
    await client.post(f"{API}/{experiment['id']}/start", headers=admin_headers)
    await app.state.reconciler.tick()  # deploys both variants and the load
    detail = (await client.get(f"{API}/{experiment['id']}", headers=admin_headers)).json()
    assert detail["phase"] == "running"
    [daemon_set] = server.store.items(DAEMON_SETS, NS)
    assert daemon_set["metadata"]["name"] == f"phoenix-sim-{detail['simulation_id']}"
    assert daemon_set["spec"]["template"]["spec"]["nodeSelector"]["tier"] == "web"  # the experiment's nodes
    assert app.state.simulations.list() == []  # nothing simulated on Phoenix's host
    started = [e for e in await _events(client, admin_headers, experiment["id"]) if e["kind"] == "simulation_started"]
    assert len(started) == 1 and "on the target's hosts" in started[0]["message"]

    writes = len(server.writes())
    placed.advance(10)
    await app.state.reconciler.tick()  # running: the load is not started again
    assert len(server.writes()) == writes

    placed.advance(30)
    for _ in range(3):  # analyzing -> completed -> cleanup
        await app.state.reconciler.tick()
    assert server.store.items(DAEMON_SETS, NS) == []
    cleaned = [e for e in await _events(client, admin_headers, experiment["id"]) if e["kind"] == "cleaned_up"]
    assert cleaned[0]["data"]["stopped_simulation"] == detail["simulation_id"]


async def test_a_refused_load_is_an_event_and_the_run_goes_on(
    app: FastAPI, client: httpx.AsyncClient, admin_headers: dict, server: FakeApiServer, placed: Clock
) -> None:
    body = experiment_body(duration="30s", warmup="0s", load_profile={"profile": "realistic"})
    experiment = (await client.post(API, json=body, headers=admin_headers)).json()
    await client.post(f"{API}/{experiment['id']}/start", headers=admin_headers)
    server.fail(503)
    await app.state.reconciler.tick()
    detail = (await client.get(f"{API}/{experiment['id']}", headers=admin_headers)).json()
    assert detail["phase"] == "running" and detail["simulation_id"] is None
    failed = [e for e in await _events(client, admin_headers, experiment["id"]) if e["kind"] == "simulation_failed"]
    assert failed and "could not start on the target" in failed[0]["message"]
