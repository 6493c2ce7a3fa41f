"""The kubernetes runtime and its operator against a real kube-apiserver (with the real
controller-manager's garbage collector), where the in-process fake cannot speak for a cluster:
the shipped CRD is accepted (structural schema, status subresource, printer columns), unknown
fields are pruned, the schema is enforced by the server, owned objects carry owner references the
garbage collector follows, and finalizers hold a resource until the operator lets go.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

from app.core.variants import VARIANT_LABELS as VARIANTS
from app.runtimes.base import VariantDeployment, config_hash
from app.runtimes.kubernetes.client import (
    CONFIG_MAPS,
    CRDS,
    DAEMON_SETS,
    PIPELINES,
    SERVICES,
    ApiError,
    KubeClient,
    Resource,
)
from app.runtimes.kubernetes.crd import CRD_NAME, crd
from app.runtimes.kubernetes.naming import ANNOTATION_CONFIG_HASH, variant_object_name
from app.runtimes.kubernetes.operator import PipelineOperator
from app.runtimes.kubernetes.reconcile import FINALIZER
from app.runtimes.kubernetes.runtime import KubernetesRuntime
from tests.kube.control_plane import ControlPlane
from tests.runtimes.kubernetes.kube_cluster import FAST, eventually, make_variant

NAMESPACES = Resource("", "v1", "namespaces", "Namespace", namespaced=False)


async def _ensure_namespace(client: KubeClient, name: str) -> None:
    try:
        await client.create(NAMESPACES, {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}})
    except ApiError as exc:
        if exc.status != 409:
            raise


async def _crd_installed(client: KubeClient) -> None:
    try:
        await client.create(CRDS, crd())
    except ApiError as exc:
        if exc.status != 409:
            raise
    await eventually(client.crd_established, within=30, interval=0.2)


@pytest.fixture
async def cluster(admin_client: KubeClient) -> AsyncIterator[KubeClient]:
    """The admin's client on a cluster with the CRD installed and a fresh namespace per test."""
    await _crd_installed(admin_client)
    yield admin_client


async def _gone(client: KubeClient, resource: Resource, namespace: str, name: str) -> bool:
    try:
        await client.get(resource, namespace, name)
    except ApiError as exc:
        return exc.not_found
    return False


async def _applied_and_reconciled(
    cluster: KubeClient, namespace: str, experiment: str
) -> tuple[KubernetesRuntime, PipelineOperator, VariantDeployment]:
    """A candidate variant applied in a fresh `namespace` and reconciled once by the operator."""
    await _ensure_namespace(cluster, namespace)
    runtime = KubernetesRuntime(cluster, backoff=FAST)
    variant = make_variant(namespace=namespace, experiment=experiment)
    await runtime.apply(variant)
    operator = PipelineOperator(cluster, namespaces=[namespace], backoff=FAST)
    report = await operator.reconcile_once()
    assert (report.reconciled, report.failed) == (1, {})
    return runtime, operator, variant


async def test_the_shipped_crd_is_accepted_with_its_subresource_and_columns(
    cluster: KubeClient, control_plane: ControlPlane
) -> None:
    installed = await cluster.get(CRDS, None, CRD_NAME)
    conditions = {c["type"]: c["status"] for c in installed["status"]["conditions"]}
    assert conditions.get("Established") == "True" and conditions.get("NonStructuralSchema") is None
    version = installed["spec"]["versions"][0]
    assert version["subresources"] == {"status": {}}
    assert [c["name"] for c in version["additionalPrinterColumns"]], "kubectl get shows Phoenix's columns"

    # kubectl of the same release, printing the CRD's columns for a real resource.
    await _ensure_namespace(cluster, "crd-columns")
    runtime = KubernetesRuntime(cluster, backoff=FAST)
    await runtime.apply(make_variant(namespace="crd-columns", experiment="columns"))
    table = await asyncio.to_thread(control_plane.kubectl, "get", "phoenixprocesspipelines", "-n", "crd-columns")
    header = table.splitlines()[0].split()
    assert header[:4] == ["NAME", "EXPERIMENT", "VARIANT", "TEMPLATE"], table
    assert variant_object_name("columns", "candidate") in table


async def test_the_server_prunes_unknown_fields_and_keeps_status_to_its_subresource(cluster: KubeClient) -> None:
    await _ensure_namespace(cluster, "crd-pruning")
    runtime = KubernetesRuntime(cluster, backoff=FAST)
    variant = make_variant(namespace="crd-pruning", experiment="pruning")
    desired = runtime.manifests(variant).pipeline
    desired["spec"]["colour"] = "red"  # not in the schema: a structural schema prunes it
    desired["status"] = {"phase": "Ready"}  # the main resource ignores status
    created = await cluster.create(PIPELINES, desired)
    assert "colour" not in created["spec"]
    assert created.get("status") in (None, {})
    assert created["spec"]["configHash"] == desired["spec"]["configHash"]


async def test_schema_violations_are_refused_by_the_server_with_the_field_named(cluster: KubeClient) -> None:
    await _ensure_namespace(cluster, "crd-invalid")
    runtime = KubernetesRuntime(cluster, backoff=FAST)
    desired = runtime.manifests(make_variant(namespace="crd-invalid", experiment="invalid")).pipeline
    desired["spec"]["configHash"] = 42  # a string in the schema
    with pytest.raises(ApiError) as refused:
        await cluster.create(PIPELINES, desired)
    assert refused.value.status == 422 and refused.value.reason == "Invalid"
    assert "spec.configHash" in refused.value.message


async def test_owned_objects_are_garbage_collected_through_their_owner_references(cluster: KubeClient) -> None:
    """The operator's ConfigMap, Service and DaemonSet name the custom resource as their owner; with
    the operator gone, deleting the resource (finalizer cleared) leaves the real garbage collector
    to remove them: proof that the owner references are ones a cluster follows."""
    namespace = "owner-refs"
    await _applied_and_reconciled(cluster, namespace, "owned")

    name = variant_object_name("owned", "candidate")
    pipeline = await cluster.get(PIPELINES, namespace, name)
    assert FINALIZER in pipeline["metadata"]["finalizers"]
    owned: dict[Resource, dict[str, Any]] = {}
    for resource in (CONFIG_MAPS, SERVICES, DAEMON_SETS):
        obj = await cluster.get(resource, namespace, name)
        [owner] = obj["metadata"]["ownerReferences"]
        expected = ("PhoenixProcessPipeline", name, pipeline["metadata"]["uid"])
        assert (owner["kind"], owner["name"], owner["uid"]) == expected
        owned[resource] = obj

    # Deleting holds on the finalizer: the resource stays, marked, until it is cleared.
    await cluster.delete(PIPELINES, namespace, name)
    marked = await cluster.get(PIPELINES, namespace, name)
    assert marked["metadata"].get("deletionTimestamp")
    await cluster.patch(PIPELINES, namespace, name, {"metadata": {"finalizers": []}})
    await eventually(lambda: _gone(cluster, PIPELINES, namespace, name), within=30, interval=0.2)
    for resource in owned:
        await eventually(lambda r=resource: _gone(cluster, r, namespace, name), within=60, interval=0.3)


async def test_the_operator_cleans_up_and_lets_go_of_a_deleted_resource(cluster: KubeClient) -> None:
    namespace = "finalizers"
    runtime, operator, variant = await _applied_and_reconciled(cluster, namespace, "final")
    name = variant_object_name("final", "candidate")
    await runtime.remove(variant)
    await operator.reconcile_once()
    await eventually(lambda: _gone(cluster, PIPELINES, namespace, name), within=30, interval=0.2)
    for resource in (CONFIG_MAPS, SERVICES, DAEMON_SETS):
        await eventually(lambda r=resource: _gone(cluster, r, namespace, name), within=60, interval=0.3)
    assert (await runtime.status(variant)).state == "absent"


async def test_a_watch_from_a_compacted_version_is_gone_and_the_operator_lists_again(
    cluster: KubeClient, control_plane: ControlPlane, caplog: pytest.LogCaptureFixture
) -> None:
    """etcd's compaction, made on demand: the real server answers a watch from an older version with
    410 Gone, Phoenix's client says so (`gone`), and the operator, whose watches end every second and
    resume from the last version they saw, lists again and goes on reconciling."""
    namespace, elsewhere = "watch-expiry", "watch-expiry-other"
    for name in (namespace, elsewhere):
        await _ensure_namespace(cluster, name)
    stale = (await cluster.list(PIPELINES, namespace=namespace))["metadata"]["resourceVersion"]
    await _advance(cluster, elsewhere, "first")
    control_plane.compact_etcd()
    with pytest.raises(ApiError) as expired:
        async for _ in cluster.watch(PIPELINES, namespace=namespace, resource_version=stale, timeout_seconds=5):
            pass
    assert expired.value.gone and expired.value.status == 410, expired.value

    runtime = KubernetesRuntime(cluster, backoff=FAST)
    operator = PipelineOperator(cluster, namespaces=[namespace], backoff=FAST, watch_timeout_seconds=1)
    first, second = (make_variant(label, namespace=namespace, experiment="expiry") for label in VARIANTS)
    caplog.set_level(logging.INFO, logger="app.runtimes.kubernetes.operator")
    task = asyncio.create_task(operator.run())
    try:
        await runtime.apply(first)
        name = variant_object_name("expiry", first.label)
        await eventually(lambda: _exists(cluster, CONFIG_MAPS, namespace, name), within=30, interval=0.2)
        # Nothing happens in its namespace, so the watches' versions stay where they are while the
        # revision moves on elsewhere; compacted, the next resume is answered 410.
        await _advance(cluster, elsewhere, "second")
        control_plane.compact_etcd()
        await eventually(lambda: "expired" in caplog.text, within=30, interval=0.2)
        assert "listing again" in caplog.text
        await runtime.apply(second)  # seen only by a watch that started again from a fresh list
        name = variant_object_name("expiry", second.label)
        await eventually(lambda: _exists(cluster, CONFIG_MAPS, namespace, name), within=30, interval=0.2)
    finally:
        await operator.stop()
        await asyncio.wait_for(task, 10)
        for variant in (first, second):
            await runtime.remove(variant)
        await operator.reconcile_once()


async def _advance(client: KubeClient, namespace: str, name: str) -> None:
    """Two writes elsewhere: a watch resumes from the version after the one it saw, so compacting at
    the current revision expires it only once the revision is two past that version."""
    await client.create(CONFIG_MAPS, {"metadata": {"name": name, "namespace": namespace}})
    await client.delete(CONFIG_MAPS, namespace, name)


async def _exists(client: KubeClient, resource: Resource, namespace: str, name: str) -> bool:
    return not await _gone(client, resource, namespace, name)


async def test_a_new_config_is_a_new_generation_the_operator_rolls_out(cluster: KubeClient) -> None:
    """An update of the custom resource's spec bumps its generation on the server; the operator
    writes the new config to the ConfigMap and the DaemonSet's pod template (whose changed hash
    annotation is what makes the DaemonSet controller roll the pods) and reports that generation."""
    namespace = "updates"
    runtime, operator, first = await _applied_and_reconciled(cluster, namespace, "update")
    name = variant_object_name("update", "candidate")
    assert (await cluster.get(PIPELINES, namespace, name))["metadata"]["generation"] == 1
    second = make_variant(namespace=namespace, experiment="update", parameters={"collection_interval": "30s"})
    assert second.config_yaml != first.config_yaml
    await runtime.apply(second)
    pipeline = await cluster.get(PIPELINES, namespace, name)
    assert pipeline["metadata"]["generation"] == 2
    assert (await operator.reconcile_once()).failed == {}
    config_map = await cluster.get(CONFIG_MAPS, namespace, name)
    assert "collection_interval: '30s'" in config_map["data"]["collector.yaml"]
    template = (await cluster.get(DAEMON_SETS, namespace, name))["spec"]["template"]
    assert template["metadata"]["annotations"][ANNOTATION_CONFIG_HASH] == config_hash(second.config_yaml)
    status = (await cluster.get(PIPELINES, namespace, name))["status"]
    assert status["observedGeneration"] == 2
    await runtime.remove(second)
    await operator.reconcile_once()
    await eventually(lambda: _gone(cluster, PIPELINES, namespace, name), within=30, interval=0.2)
