"""The permission table is exactly what the kubernetes runtime and its operator use, and no more.

A whole variant lifecycle (apply, the operator's watches and reconciles, a config change, removal
through the finalizer) runs against the fake API server, authorized as the install's Role (granted
only in the managed namespace) and ClusterRole would authorize Phoenix. Every request must be
granted (nothing is refused), and every grant must have been used: `permissions.py` neither lacks
nor carries a verb. The rendered install's Role and ClusterRole equal the table
(`test_deploy.py`), so together they show the Role grants exactly what the runtime uses.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from app.runtimes.base import VariantDeployment
from app.runtimes.kubernetes.client import PIPELINES, ApiError
from app.runtimes.kubernetes.operator import PipelineOperator
from app.runtimes.kubernetes.permissions import CLUSTER, NAMESPACED, rules
from app.runtimes.kubernetes.runtime import KubernetesRuntime
from tests.runtimes.kubernetes.fake_apiserver import FakeApiServer, running_fake_apiserver
from tests.runtimes.kubernetes.fake_apiserver.rbac import ApiCall, Rbac
from tests.runtimes.kubernetes.kube_cluster import FAST, client_for, eventually, make_variant

NS = "phoenix-workloads"


@pytest.fixture
async def server() -> AsyncIterator[FakeApiServer]:
    """The fake API server granting Phoenix's Role in NS only (and the ClusterRole's read)."""
    async with running_fake_apiserver(nodes=2, namespaces=[NS]) as fake:
        yield fake


async def _lifecycle(server: FakeApiServer) -> None:
    """Everything the runtime and the operator do for a variant, from first apply to removal."""
    runtime = KubernetesRuntime(client_for(server), backoff=FAST, namespaces=[NS])
    operator = PipelineOperator(
        client_for(server), namespaces=[NS], backoff=FAST, resync_seconds=0.2, watch_timeout_seconds=5
    )
    task = asyncio.create_task(operator.run())
    try:
        first = make_variant(namespace=NS)
        changed = make_variant(namespace=NS, template="process-baseline-v1")

        async def ready(variant: VariantDeployment) -> bool:
            return (await runtime.status(variant)).state == "ready"

        await runtime.apply(first)
        await eventually(lambda: ready(first))
        await runtime.apply(changed)  # a new config: PUT of the pipeline, then of every owned object
        await eventually(lambda: ready(changed))
        await runtime.remove(changed)
        await eventually(lambda: not server.store.items(PIPELINES, NS))
    finally:
        await operator.stop()
        await asyncio.wait_for(task, 5)
        await operator.close()
        await runtime.close()


def _used(calls: list[ApiCall]) -> set[tuple[str, str, str]]:
    return {call.rule for call in calls}


async def test_the_runtime_uses_exactly_the_granted_permissions(server: FakeApiServer) -> None:
    await _lifecycle(server)
    assert server.forbidden == []
    namespaced = {(g, r, v) for g, r, v, _ in rules(NAMESPACED)}
    assert all(call.namespace == NS for call in server.calls if call.rule in namespaced), (
        "a namespaced call outside the managed namespace (or at the cluster scope)"
    )
    granted = {(g, r, v) for g, r, v, _ in rules(tuple(p for p in NAMESPACED + CLUSTER if p.called))}
    used = _used(server.calls)
    assert used - granted == set(), "used but not granted"
    assert granted - used == set(), "granted but never used: drop it from permissions.py and the Role"


def test_every_grant_says_why_and_only_reads_are_cluster_wide() -> None:
    for permission in NAMESPACED + CLUSTER:
        assert permission.why.strip(), permission
        assert "*" not in (permission.group, permission.resource, *permission.verbs), permission
    for permission in CLUSTER:
        assert set(permission.verbs) <= {"get", "list", "watch"}, permission
        assert permission.resource_names, "a cluster-wide read names the objects it reads"
    assert not any(p.resource in ("secrets", "pods", "nodes", "jobs") for p in NAMESPACED + CLUSTER)


async def test_a_call_outside_the_managed_namespaces_is_refused_and_fails_the_test() -> None:
    """The fake's RBAC is what makes the lifecycle test mean something: it does refuse, and says what."""
    servers: list[FakeApiServer] = []
    with pytest.raises(AssertionError, match="requests outside the permissions") as refused:
        async with running_fake_apiserver(namespaces=[NS]) as server:
            servers.append(server)
            runtime = KubernetesRuntime(client_for(server), backoff=FAST)  # no namespace check of its own
            with pytest.raises(ApiError) as error:
                await runtime.apply(make_variant(namespace="observability"))
            await runtime.close()
    assert error.value.status == 403 and error.value.reason == "Forbidden"
    (call,) = servers[0].forbidden  # the first read is refused: nothing more is tried
    assert (call.verb, call.resource, call.namespace) == ("get", "phoenixprocesspipelines", "observability")
    assert "in namespace 'observability'" in str(refused.value)


def test_rbac_refuses_cluster_wide_lists_under_a_namespaced_role() -> None:
    rbac = Rbac(namespaces=[NS])
    listing = ApiCall("list", "phoenix.io", "phoenixprocesspipelines", None, None)
    assert not rbac.allows(listing)
    assert rbac.allows(ApiCall("list", "phoenix.io", "phoenixprocesspipelines", NS, None))
    assert not rbac.allows(ApiCall("create", "", "pods", NS, None))
    crd = ApiCall(
        "get", "apiextensions.k8s.io", "customresourcedefinitions", None, "phoenixprocesspipelines.phoenix.io"
    )
    assert rbac.allows(crd)
    assert not rbac.allows(ApiCall("get", "apiextensions.k8s.io", "customresourcedefinitions", None, "other.io"))
