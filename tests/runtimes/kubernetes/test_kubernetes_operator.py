"""The PhoenixProcessPipeline operator: owned objects, rollouts, status, deletion, outages and watches.

Every test here runs against an in-process fake API server that follows the real REST semantics
(no cluster can run on these machines), with its simulated DaemonSet controller on three fake
nodes; Phoenix's code talks to it through kubernetes_asyncio over HTTP, as on a cluster.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from aiohttp import web

from app.runtimes.base import config_hash
from app.runtimes.kubernetes.client import CONFIG_MAPS, DAEMON_SETS, PIPELINES, PODS, SERVICES
from app.runtimes.kubernetes.crd import API_VERSION, KIND, validation_errors
from app.runtimes.kubernetes.naming import (
    ANNOTATION_CONFIG_HASH,
    LABEL_VARIANT,
    variant_labels,
    variant_object_name,
)
from app.runtimes.kubernetes.operator import PipelineOperator
from app.runtimes.kubernetes.reconcile import FINALIZER, MANAGED_SELECTOR
from app.runtimes.kubernetes.runtime import KubernetesRuntime
from tests.runtimes.kubernetes.conftest import assert_valid_kubernetes
from tests.runtimes.kubernetes.fake_apiserver import FakeApiServer
from tests.runtimes.kubernetes.kube_cluster import FAST, client_for, eventually, make_variant

NS = "observability"
OWNED = (CONFIG_MAPS, SERVICES, DAEMON_SETS)


@pytest.fixture
async def operator(server: FakeApiServer) -> AsyncIterator[PipelineOperator]:
    operator = PipelineOperator(client_for(server), backoff=FAST, resync_seconds=60, watch_timeout_seconds=5)
    yield operator
    await operator.close()


@asynccontextmanager
async def running(operator: PipelineOperator) -> AsyncIterator[None]:
    task = asyncio.create_task(operator.run())
    try:
        yield
    finally:
        await operator.stop()
        await asyncio.wait_for(task, 2)


def pipeline_of(server: FakeApiServer, label: str = "candidate") -> dict[str, Any] | None:
    return server.store.find(PIPELINES, NS, variant_object_name("topk-vs-baseline", label))


def phase(server: FakeApiServer, label: str = "candidate") -> str | None:
    pipeline = pipeline_of(server, label)
    return ((pipeline or {}).get("status") or {}).get("phase")


def owned(server: FakeApiServer, label: str = "candidate") -> dict[str, dict[str, Any] | None]:
    name = variant_object_name("topk-vs-baseline", label)
    return {r.kind: server.store.find(r, NS, name) for r in OWNED}


async def running_phase(server: FakeApiServer, config: str, label: str = "candidate") -> bool:
    pipeline = pipeline_of(server, label) or {}
    status = pipeline.get("status") or {}
    return status.get("phase") == "Running" and status.get("configHash") == config_hash(config)


async def test_owned_objects_are_created_owned_labelled_and_valid(
    server: FakeApiServer, runtime: KubernetesRuntime, operator: PipelineOperator
) -> None:
    """Runs against the in-process fake API server (real REST semantics): ConfigMap, Service, DaemonSet per CR."""
    variants = [make_variant("baseline", template="process-baseline-v1"), make_variant("candidate")]
    for variant in variants:
        await runtime.apply(variant)
    assert (await operator.reconcile_once()).reconciled == 2
    for variant in variants:
        pipeline = pipeline_of(server, variant.label)
        assert pipeline is not None and pipeline["metadata"]["finalizers"] == [FINALIZER]
        expected_owner = {
            "apiVersion": API_VERSION,
            "kind": KIND,
            "name": pipeline["metadata"]["name"],
            "uid": pipeline["metadata"]["uid"],
            "controller": True,
            "blockOwnerDeletion": True,
        }
        digest = config_hash(variant.config_yaml)
        objects = owned(server, variant.label)
        for obj in objects.values():
            assert obj is not None
            assert_valid_kubernetes(obj)
            assert obj["metadata"]["ownerReferences"] == [expected_owner]
            assert obj["metadata"]["labels"] == variant_labels(
                pipeline["metadata"]["name"], "topk-vs-baseline", variant.label
            )
        assert objects["ConfigMap"]["data"]["collector.yaml"] == variant.config_yaml
        template = objects["DaemonSet"]["spec"]["template"]
        assert template["metadata"]["annotations"][ANNOTATION_CONFIG_HASH] == digest
        assert objects["DaemonSet"]["metadata"]["annotations"][ANNOTATION_CONFIG_HASH] == digest
        assert validation_errors(pipeline) == []  # with the status the operator wrote
        assert pipeline["status"]["observedGeneration"] == 1

    async def settled() -> bool:
        await operator.reconcile_once()
        return all([await running_phase(server, v.config_yaml, v.label) for v in variants])

    await eventually(settled)
    writes = len(server.writes())
    await operator.reconcile_once()
    assert len(server.writes()) == writes  # a resync of an up-to-date cluster reads, never writes


async def test_a_new_config_rolls_the_daemon_set(
    server: FakeApiServer, runtime: KubernetesRuntime, operator: PipelineOperator
) -> None:
    """Runs against the in-process fake API server (real REST semantics): new hash on the pod template, pods roll."""
    first = make_variant()
    await runtime.apply(first)

    async def converged(variant: Any) -> bool:
        await operator.reconcile_once()
        return await running_phase(server, variant.config_yaml)

    await eventually(lambda: converged(first))
    before = owned(server)
    old_pods = {p["metadata"]["name"] for p in server.store.items(PODS, NS)}
    second = make_variant(parameters={"cpu_threshold": 0.25})
    await runtime.apply(second)
    await eventually(lambda: converged(second))
    after = owned(server)
    assert after["DaemonSet"]["metadata"]["generation"] == before["DaemonSet"]["metadata"]["generation"] + 1
    new_hash = config_hash(second.config_yaml)
    assert after["DaemonSet"]["spec"]["template"]["metadata"]["annotations"][ANNOTATION_CONFIG_HASH] == new_hash
    assert after["ConfigMap"]["data"]["collector.yaml"] == second.config_yaml
    assert after["Service"]["spec"]["clusterIP"] == before["Service"]["spec"]["clusterIP"]
    new_pods = {p["metadata"]["name"] for p in server.store.items(PODS, NS)}
    assert len(new_pods) == 3 and not new_pods & old_pods
    assert pipeline_of(server)["status"]["observedGeneration"] == 2


async def test_the_loop_reports_pending_then_running(
    server: FakeApiServer, runtime: KubernetesRuntime, operator: PipelineOperator
) -> None:
    """Runs against the in-process fake API server (real REST semantics): status follows the DaemonSet by watch."""
    server.daemon_sets.set(enabled=False)
    variant = make_variant()
    async with running(operator):
        await runtime.apply(variant)
        await eventually(lambda: phase(server) == "Pending")
        (condition,) = pipeline_of(server)["status"]["conditions"]
        assert (condition["type"], condition["status"]) == ("Ready", "False")
        server.daemon_sets.set(enabled=True)  # no resync for 60 s: only the DaemonSet watch can notice
        await eventually(lambda: running_phase(server, variant.config_yaml))
        status = pipeline_of(server)["status"]
        assert (status["readyNodes"], status["desiredNodes"]) == (3, 3)
        assert status["conditions"][0]["reason"] == "AllNodesReady"
        server.daemon_sets.set(ready=2)
        await eventually(lambda: phase(server) == "Degraded")
        assert (await runtime.status(variant)).state == "pending"


async def test_deletion_removes_everything_through_the_finalizer(
    server: FakeApiServer, runtime: KubernetesRuntime, operator: PipelineOperator
) -> None:
    """Runs against the in-process fake API server (real REST semantics): finalizer, owned objects, pods, CR."""
    baseline, candidate = make_variant("baseline", template="process-baseline-v1"), make_variant()
    foreign = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "someone-elses", "namespace": NS},
        "data": {"a": "b"},
    }
    server.store.create(CONFIG_MAPS, NS, foreign)
    async with running(operator):
        for variant in (baseline, candidate):
            await runtime.apply(variant)
        await eventually(lambda: running_phase(server, candidate.config_yaml))
        uid = pipeline_of(server)["metadata"]["uid"]
        await runtime.remove(candidate)

        async def candidate_gone() -> bool:
            return pipeline_of(server) is None and not any(owned(server).values())

        await eventually(candidate_gone)
        await eventually(lambda: not server.store.items(PODS, NS, f"{LABEL_VARIANT}=candidate"))
    history = [e for e in server.store.history.events() if e.obj["metadata"].get("uid") == uid]
    assert any(e.type == "MODIFIED" and e.obj["metadata"].get("deletionTimestamp") for e in history)
    assert history[-1].type == "DELETED"
    for resource in OWNED:  # deleted by the operator's finalizer, not left to the garbage collector
        assert [r.status for r in server.writes(resource, "DELETE")] == [200]
    assert all(owned(server, "baseline").values())  # the other variant is untouched
    assert server.store.find(CONFIG_MAPS, NS, "someone-elses") is not None
    listing = server.store.items(CONFIG_MAPS, NS, MANAGED_SELECTOR)
    assert [c["metadata"]["name"] for c in listing] == [variant_object_name("topk-vs-baseline", "baseline")]


@pytest.mark.parametrize("outage", ["503", "refused"])
async def test_an_outage_of_several_ticks_is_survived(
    server: FakeApiServer, runtime: KubernetesRuntime, outage: str
) -> None:
    """Runs against the in-process fake API server (real REST semantics): outage → backoff → convergence, no copies."""
    operator = PipelineOperator(client_for(server), backoff=FAST, resync_seconds=0.1, watch_timeout_seconds=5)
    first = make_variant()
    async with running(operator):
        await runtime.apply(first)
        await eventually(lambda: running_phase(server, first.config_yaml))
        during = len(server.requests)
        if outage == "503":
            server.fail(503, seconds=0.8)
        else:
            await server.refuse(0.8)
        await asyncio.sleep(0.9)  # eight resync ticks
        assert len(server.requests) - during < 100  # backing off (about 40 for a 503 outage), not spinning
        second = make_variant(parameters={"cpu_threshold": 0.4})
        await runtime.apply(second)
        await eventually(lambda: running_phase(server, second.config_yaml))
    await operator.close()
    for resource in OWNED:
        assert len(server.store.items(resource, NS)) == 1
        assert len([r for r in server.writes(resource, "POST") if r.status == 201]) == 1
    assert len(server.store.items(PODS, NS)) == 3


async def test_lost_responses_do_not_duplicate_objects(
    server: FakeApiServer, runtime: KubernetesRuntime, operator: PipelineOperator
) -> None:
    """Runs against the in-process fake API server (real REST semantics): 504 after a write → re-read, no copies."""
    await runtime.apply(make_variant())
    server.lose_responses(4)  # finalizer patch and the three creates: each write lands, its answer is lost
    report = await operator.reconcile_once()
    assert report.failed == {}
    assert [r.status for r in server.writes()].count(504) == 4
    for resource in OWNED:
        assert len(server.store.items(resource, NS)) == 1
    assert pipeline_of(server)["metadata"]["finalizers"] == [FINALIZER]


async def test_the_watch_resumes_and_lists_again_after_410(
    server: FakeApiServer, runtime: KubernetesRuntime, operator: PipelineOperator
) -> None:
    """Runs against the in-process fake API server (real REST semantics): resume from a version; 410 → list."""

    def pipeline_calls(watch: bool) -> list[Any]:
        return [
            r
            for r in server.requests
            if r.method == "GET"
            and r.path == "/apis/phoenix.io/v1alpha1/phoenixprocesspipelines"
            and (r.query.get("watch") == "true") == watch
        ]

    first = make_variant()
    async with running(operator):
        await runtime.apply(first)
        await eventually(lambda: running_phase(server, first.config_yaml))
        lists = len(pipeline_calls(watch=False))
        server.store.history.close_all()  # the API server ends every watch (e.g. its timeout)
        await eventually(lambda: len(pipeline_calls(watch=True)) >= 2)
        resumed = pipeline_calls(watch=True)[-1]
        assert int(resumed.query["resourceVersion"]) > 1 and len(pipeline_calls(watch=False)) == lists
        second = make_variant(parameters={"cpu_threshold": 0.6})
        live = pipeline_of(server)
        live["spec"] = runtime.manifests(second).pipeline["spec"]
        # In one step, before the operator can watch again: its watches end, the spec changes and the
        # history is compacted, so resuming from the last version it saw is answered 410 Gone.
        server.store.history.close_all()
        server.store.replace(PIPELINES, NS, live["metadata"]["name"], live)
        server.store.history.compact(server.store.revision)
        await eventually(lambda: len(pipeline_calls(watch=False)) > lists)  # 410 Gone → a fresh list
        await eventually(lambda: running_phase(server, second.config_yaml))


async def test_a_spec_that_cannot_run_is_failed(
    server: FakeApiServer, runtime: KubernetesRuntime, operator: PipelineOperator
) -> None:
    """Runs against the in-process fake API server (real REST semantics): a bad config → phase Failed, no objects."""
    variant = make_variant()
    pipeline = runtime.manifests(variant).pipeline
    broken = pipeline["spec"]["config"].replace("root_path: '/hostfs'", "root_path: '/'")
    assert broken != pipeline["spec"]["config"]
    pipeline["spec"].update(config=broken, configHash=config_hash(broken))
    server.store.create(PIPELINES, NS, pipeline)
    await operator.reconcile_once()
    status = pipeline_of(server)["status"]
    assert status["phase"] == "Failed" and "root_path" in status["conditions"][0]["message"]
    assert validation_errors(pipeline_of(server)) == []
    assert not any(owned(server).values())
    failed = await runtime.status(dataclasses.replace(variant, config_yaml=broken))
    assert failed.state == "failed" and "root_path" in failed.message


async def test_a_stale_status_write_is_re_read_and_retried(
    server: FakeApiServer, runtime: KubernetesRuntime, operator: PipelineOperator
) -> None:
    """Runs against the in-process fake API server (real REST semantics): PUT /status on a stale version → 409."""
    await runtime.apply(make_variant())
    raced = False

    async def concurrent_writer(request: web.Request) -> None:
        nonlocal raced
        if request.method == "PUT" and request.path.endswith("/status") and not raced:
            raced = True
            live = pipeline_of(server)
            live["metadata"]["labels"]["team"] = "sre"
            server.store.replace(PIPELINES, NS, live["metadata"]["name"], live)

    server.hooks.append(concurrent_writer)
    assert (await operator.reconcile_once()).failed == {}
    assert [r.status for r in server.writes() if r.path.endswith("/status")] == [409, 200]
    assert phase(server) == "Pending" and pipeline_of(server)["metadata"]["labels"]["team"] == "sre"


async def test_a_hand_edited_config_is_put_back(
    server: FakeApiServer, runtime: KubernetesRuntime, operator: PipelineOperator
) -> None:
    """Runs against the in-process fake API server (real REST semantics): drift of the running config is repaired."""
    variant = make_variant()
    await runtime.apply(variant)
    await operator.reconcile_once()
    edited = owned(server)["ConfigMap"]
    edited["data"]["collector.yaml"] = "receivers: {}\n"
    server.store.replace(CONFIG_MAPS, NS, edited["metadata"]["name"], edited)
    await operator.reconcile_once()
    assert owned(server)["ConfigMap"]["data"]["collector.yaml"] == variant.config_yaml
