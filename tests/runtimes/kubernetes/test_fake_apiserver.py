"""The fake Kubernetes API server behaves like the real one for what Phoenix uses.

Every test here runs against an in-process fake API server that follows the real REST semantics
(no cluster can run on these machines), through Phoenix's kubernetes_asyncio client: if the fake
drifted from the real server's semantics, the runtime and operator tests would prove nothing, so
its semantics are pinned down here first.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest

from app.runtimes.kubernetes.client import (
    CONFIG_MAPS,
    CRDS,
    DAEMON_SETS,
    PIPELINES,
    PODS,
    SERVICES,
    ApiError,
    KubeClient,
)
from app.runtimes.kubernetes.crd import CRD_NAME
from tests.runtimes.conftest import BuildVariant
from tests.runtimes.kubernetes.fake_apiserver import FakeApiServer, running_fake_apiserver
from tests.runtimes.kubernetes.kube_cluster import client_for, eventually

NS = "observability"


@pytest.fixture
async def server() -> AsyncIterator[FakeApiServer]:
    # These tests exercise the fake itself (Pods, every patch format), not what Phoenix may do.
    async with running_fake_apiserver(nodes=2, authorize=False) as fake:
        yield fake


@pytest.fixture
async def kube(server: FakeApiServer) -> AsyncIterator[KubeClient]:
    client = client_for(server)
    yield client
    await client.close()


def config_map(name: str, labels: dict[str, str] | None = None, **data: str) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": name, "namespace": NS, "labels": labels or {}},
        "data": data,
    }


async def refused(call: Any) -> ApiError:
    with pytest.raises(ApiError) as caught:
        await call
    return caught.value


async def test_create_get_and_status_bodies(kube: KubeClient) -> None:
    """Runs against the in-process fake API server (real REST semantics): 201, 409 AlreadyExists, 404 NotFound."""
    created = await kube.create(CONFIG_MAPS, config_map("a", x="1"))
    meta = created["metadata"]
    assert meta["uid"] and meta["resourceVersion"] and meta["creationTimestamp"]
    assert "generation" not in meta  # ConfigMaps have none; DaemonSets and custom resources do
    again = await refused(kube.create(CONFIG_MAPS, config_map("a")))
    assert (again.status, again.reason, again.already_exists) == (409, "AlreadyExists", True)
    assert again.message == 'configmaps "a" already exists'
    missing = await refused(kube.get(CONFIG_MAPS, NS, "nope"))
    assert (missing.status, missing.reason, missing.message) == (404, "NotFound", 'configmaps "nope" not found')
    with_version = config_map("b")
    with_version["metadata"]["resourceVersion"] = "7"
    assert (await refused(kube.create(CONFIG_MAPS, with_version))).status == 500
    crd = await kube.get(CRDS, None, CRD_NAME)
    assert crd["status"]["conditions"][0]["type"] == "Established"


async def test_stale_resource_version_is_a_conflict(kube: KubeClient, build_variant: BuildVariant) -> None:
    """Runs against the in-process fake API server (real REST semantics): optimistic concurrency on PUT."""
    first = await kube.create(CONFIG_MAPS, config_map("a", x="1"))
    first["data"] = {"x": "2"}
    second = await kube.replace(CONFIG_MAPS, first)
    assert int(second["metadata"]["resourceVersion"]) > int(first["metadata"]["resourceVersion"])
    first["data"] = {"x": "3"}
    stale = await refused(kube.replace(CONFIG_MAPS, first))
    assert (stale.status, stale.reason, stale.conflict) == (409, "Conflict", True)
    assert "the object has been modified" in stale.message
    unchanged = await kube.replace(CONFIG_MAPS, second)
    assert unchanged["metadata"]["resourceVersion"] == second["metadata"]["resourceVersion"]  # no-op: no new version
    pipeline = await kube.create(PIPELINES, build_variant().pipeline)
    del pipeline["metadata"]["resourceVersion"]
    unconditional = await refused(kube.replace(PIPELINES, pipeline))
    assert unconditional.status == 422 and "must be specified for an update" in unconditional.message


async def test_generation_follows_spec_and_status_is_a_subresource(
    kube: KubeClient, build_variant: BuildVariant
) -> None:
    """Runs against the in-process fake API server (real REST semantics): generation, /status, schema checks."""
    pipeline = await kube.create(PIPELINES, {**build_variant().pipeline, "status": {"phase": "Running"}})
    assert pipeline["metadata"]["generation"] == 1 and "status" not in pipeline
    pipeline["metadata"]["labels"]["team"] = "sre"
    pipeline = await kube.replace(PIPELINES, pipeline)
    assert pipeline["metadata"]["generation"] == 1
    pipeline["status"] = {"phase": "Pending", "readyNodes": 0, "desiredNodes": 0}
    pipeline["spec"]["nodeSelector"] = {"pool": "ignored-by-status"}
    pipeline = await kube.replace(PIPELINES, pipeline, subresource="status")
    assert pipeline["status"]["phase"] == "Pending" and pipeline["spec"]["nodeSelector"] == {}
    assert pipeline["metadata"]["generation"] == 1
    pipeline["spec"]["nodeSelector"] = {"pool": "collectors"}
    pipeline["status"] = {"phase": "Failed"}
    pipeline = await kube.replace(PIPELINES, pipeline)
    assert pipeline["metadata"]["generation"] == 2 and pipeline["status"]["phase"] == "Pending"
    pipeline["spec"]["role"] = "shadow"
    invalid = await refused(kube.replace(PIPELINES, pipeline))
    assert invalid.status == 422 and "spec.role" in invalid.message
    daemon_set = build_variant().daemon_set
    daemon_set["spec"]["replicas"] = 2
    assert (await refused(kube.create(DAEMON_SETS, daemon_set))).status == 422  # strict official schema


async def test_patch_formats(kube: KubeClient, build_variant: BuildVariant) -> None:
    """Runs against the in-process fake API server (real REST semantics): merge, strategic merge and JSON patch."""
    await kube.create(CONFIG_MAPS, config_map("a", x="1", y="2"))
    merged = await kube.patch(CONFIG_MAPS, NS, "a", {"data": {"x": None, "z": "3"}})
    assert merged["data"] == {"y": "2", "z": "3"}
    stale = await refused(kube.patch(CONFIG_MAPS, NS, "a", {"metadata": {"resourceVersion": "1"}, "data": {}}))
    assert stale.conflict
    daemon_set = await kube.create(DAEMON_SETS, build_variant().daemon_set)
    name = daemon_set["metadata"]["name"]
    strategic = {"spec": {"template": {"spec": {"containers": [{"name": "otelcol", "image": "otel/other:1"}]}}}}
    patched = await kube.patch(DAEMON_SETS, NS, name, strategic, content_type="application/strategic-merge-patch+json")
    (container,) = patched["spec"]["template"]["spec"]["containers"]
    assert container["image"] == "otel/other:1" and container["args"]  # merged by name, not replaced
    assert patched["metadata"]["generation"] == 2
    pipeline = await kube.create(PIPELINES, build_variant().pipeline)
    unsupported = await refused(
        kube.patch(
            PIPELINES,
            NS,
            pipeline["metadata"]["name"],
            {"spec": {}},
            content_type="application/strategic-merge-patch+json",
        )
    )
    assert unsupported.status == 415
    ops = [{"op": "test", "path": "/data/y", "value": "2"}, {"op": "replace", "path": "/data/y", "value": "4"}]
    assert (await kube.patch(CONFIG_MAPS, NS, "a", ops, content_type="application/json-patch+json"))["data"]["y"] == "4"


async def test_finalizers_hold_deletion_and_owned_objects_are_collected(
    server: FakeApiServer, kube: KubeClient
) -> None:
    """Runs against the in-process fake API server (real REST semantics): finalizers and background GC."""
    owner = config_map("owner")
    owner["metadata"]["finalizers"] = ["example.com/hold"]
    owner = await kube.create(CONFIG_MAPS, owner)
    child = config_map("child")
    child["metadata"]["ownerReferences"] = [
        {"apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": owner["metadata"]["uid"], "controller": True}
    ]
    await kube.create(CONFIG_MAPS, child)
    await kube.delete(CONFIG_MAPS, NS, "owner")
    held = await kube.get(CONFIG_MAPS, NS, "owner")
    assert held["metadata"]["deletionTimestamp"]
    held["metadata"]["finalizers"].append("example.com/another")
    assert (await refused(kube.replace(CONFIG_MAPS, held))).status == 422  # no new finalizers while deleting
    assert (await refused(kube.create(CONFIG_MAPS, config_map("owner")))).already_exists
    await asyncio.sleep(0.1)
    assert await kube.get(CONFIG_MAPS, NS, "child")  # the owner still exists
    await kube.patch(CONFIG_MAPS, NS, "owner", {"metadata": {"finalizers": None}})
    assert (await refused(kube.get(CONFIG_MAPS, NS, "owner"))).not_found

    async def child_gone() -> bool:
        return server.store.find(CONFIG_MAPS, NS, "child") is None

    await eventually(child_gone)
    assert (await refused(kube.delete(CONFIG_MAPS, NS, "owner"))).not_found


async def test_label_selectors(kube: KubeClient) -> None:
    """Runs against the in-process fake API server (real REST semantics): equality, set and existence selectors."""
    await kube.create(CONFIG_MAPS, config_map("a", {"app": "phoenix", "tier": "x"}))
    await kube.create(CONFIG_MAPS, config_map("b", {"app": "phoenix", "tier": "y", "canary": "true"}))
    await kube.create(CONFIG_MAPS, config_map("c", {"app": "other", "tier": "z"}))

    async def names(selector: str) -> list[str]:
        listing = await kube.list(CONFIG_MAPS, namespace=NS, label_selector=selector)
        assert listing["kind"] == "ConfigMapList" and listing["metadata"]["resourceVersion"]
        return [item["metadata"]["name"] for item in listing["items"]]

    assert await names("app=phoenix") == ["a", "b"]
    assert await names("app==phoenix,tier!=y") == ["a"]
    assert await names("tier in (x,z)") == ["a", "c"]
    assert await names("tier notin (x, z)") == ["b"]
    assert await names("canary") == ["b"]
    assert await names("!canary,app=phoenix") == ["a"]
    assert (await refused(names("app=(bad"))).status == 400


async def test_watch_streams_resumes_and_expires(server: FakeApiServer, kube: KubeClient) -> None:
    """Runs against the in-process fake API server (real REST semantics): watch events, resume, 410 Gone."""
    listing = await kube.list(CONFIG_MAPS, namespace=NS)
    start = listing["metadata"]["resourceVersion"]
    await kube.create(CONFIG_MAPS, config_map("a", {"app": "phoenix"}))
    await kube.patch(CONFIG_MAPS, NS, "a", {"data": {"k": "v"}})
    await kube.patch(CONFIG_MAPS, NS, "a", {"metadata": {"labels": {"app": "gone"}}})
    await kube.delete(CONFIG_MAPS, NS, "a")

    async def collect(version: str | None, selector: str | None = None, count: int = 1) -> list[tuple[str, str]]:
        seen = []
        events = kube.watch(
            CONFIG_MAPS, namespace=NS, resource_version=version, label_selector=selector, timeout_seconds=1
        )
        async with contextlib.aclosing(events):
            async for event in events:
                seen.append((event["type"], event["object"]["metadata"]["resourceVersion"]))
                if len(seen) == count:
                    break
        return seen

    everything = await collect(start, count=4)
    assert [kind for kind, _ in everything] == ["ADDED", "MODIFIED", "MODIFIED", "DELETED"]
    assert await collect(everything[1][1], count=2) == everything[2:]  # resume after the second event
    by_label = await collect(start, "app=phoenix", count=3)
    assert [kind for kind, _ in by_label] == ["ADDED", "MODIFIED", "DELETED"]  # leaving the selection = DELETED
    server.store.history.compact(int(everything[2][1]))
    expired = await refused(collect(start))
    assert (expired.status, expired.gone) == (410, True)

    async def live() -> list[tuple[str, str]]:
        return await collect(everything[-1][1])

    pending = asyncio.create_task(live())
    await asyncio.sleep(0.05)
    await kube.create(CONFIG_MAPS, config_map("b"))
    assert [kind for kind, _ in await pending] == ["ADDED"]


async def test_outages(server: FakeApiServer, kube: KubeClient) -> None:
    """Runs against the in-process fake API server (real REST semantics): injected 503s and refused connections."""
    server.fail(503, count=2)
    for _ in range(2):
        failure = await refused(kube.list(CONFIG_MAPS, namespace=NS))
        assert (failure.status, failure.reason, failure.transient) == (503, "ServiceUnavailable", True)
    assert await kube.list(CONFIG_MAPS, namespace=NS)
    await server.refuse()
    down = await refused(kube.list(CONFIG_MAPS, namespace=NS))
    assert (down.status, down.transient) == (0, True)
    await server.restore()
    assert await kube.list(CONFIG_MAPS, namespace=NS)
    server.lose_responses(1)
    lost = await refused(kube.create(CONFIG_MAPS, config_map("a")))
    assert lost.status == 504 and await kube.get(CONFIG_MAPS, NS, "a")  # the write happened anyway


async def test_daemon_set_controller_and_services(
    server: FakeApiServer, kube: KubeClient, build_variant: BuildVariant
) -> None:
    """Runs against the in-process fake API server (real REST semantics): the simulated DaemonSet controller."""
    manifests = build_variant()
    created = await kube.create(DAEMON_SETS, manifests.daemon_set)
    name = created["metadata"]["name"]

    async def rolled_out() -> dict[str, Any] | None:
        ds = await kube.get(DAEMON_SETS, NS, name)
        status = ds.get("status") or {}
        return ds if status.get("observedGeneration") == ds["metadata"]["generation"] else None

    ds = await eventually(rolled_out)
    assert ds["status"]["desiredNumberScheduled"] == ds["status"]["numberReady"] == 2
    pods = await kube.list(PODS, namespace=NS, label_selector=f"app.kubernetes.io/instance={name}")
    assert len(pods["items"]) == 2 and {p["spec"]["nodeName"] for p in pods["items"]} == {"node-0", "node-1"}
    server.daemon_sets.set(ready=1)
    await eventually(lambda: _ready(kube, name, 1))
    service = await kube.create(SERVICES, manifests.service)
    ip = service["spec"]["clusterIP"]
    del service["spec"]["clusterIP"], service["spec"]["clusterIPs"]
    assert (await kube.replace(SERVICES, service))["spec"]["clusterIP"] == ip  # allocated values are kept


async def _ready(kube: KubeClient, name: str, count: int) -> bool:
    return (await kube.get(DAEMON_SETS, NS, name))["status"]["numberReady"] == count
