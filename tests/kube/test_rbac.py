"""Phoenix's ServiceAccount with the shipped install's RBAC (the dev overlay, rendered by kubectl
kustomize) on a real kube-apiserver: it can do everything the kubernetes runtime and its operator
do in the namespace it manages, and the server forbids it the rest: other namespaces, Secrets,
Pods, cluster-wide lists."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.runtimes.kubernetes.client import (
    CONFIG_MAPS,
    DAEMON_SETS,
    PIPELINES,
    PODS,
    SERVICES,
    ApiError,
    KubeClient,
    Resource,
    api_client_from_environment,
)
from app.runtimes.kubernetes.naming import variant_object_name
from app.runtimes.kubernetes.operator import PipelineOperator
from app.runtimes.kubernetes.runtime import KubernetesRuntime
from tests.kube.conftest import MANAGED
from tests.runtimes.kubernetes.kube_cluster import FAST, eventually, make_variant

SECRETS = Resource("", "v1", "secrets", "Secret")


@pytest.fixture
async def as_phoenix(installed: Path) -> AsyncIterator[KubeClient]:
    client = KubeClient(await api_client_from_environment(kubeconfig=str(installed)))
    yield client
    await client.close()


async def _forbidden(call: object) -> None:
    with pytest.raises(ApiError) as refused:
        await call  # type: ignore[misc]
    assert refused.value.status == 403 and refused.value.reason == "Forbidden", refused.value


async def test_the_service_account_runs_a_variant_through_its_whole_life(as_phoenix: KubeClient) -> None:
    runtime = KubernetesRuntime(as_phoenix, backoff=FAST, namespaces=[MANAGED])
    operator = PipelineOperator(as_phoenix, namespaces=[MANAGED], backoff=FAST)
    variant = make_variant(namespace=MANAGED, experiment="rbac-life")
    name = variant_object_name("rbac-life", "candidate")

    await runtime.apply(variant)
    report = await operator.reconcile_once()
    assert report.failed == {}, report.failed
    for resource in (CONFIG_MAPS, SERVICES, DAEMON_SETS):
        assert (await as_phoenix.get(resource, MANAGED, name))["metadata"]["name"] == name
    status = await runtime.status(variant)
    assert status.state != "absent"

    await runtime.remove(variant)
    assert (await operator.reconcile_once()).failed == {}

    async def gone() -> bool:
        try:
            await as_phoenix.get(PIPELINES, MANAGED, name)
        except ApiError as exc:
            return exc.not_found
        return False

    await eventually(gone, within=30, interval=0.2)


async def test_the_server_forbids_the_service_account_everything_else(as_phoenix: KubeClient) -> None:
    elsewhere = make_variant(namespace="default", experiment="rbac-elsewhere")
    unchecked = KubernetesRuntime(as_phoenix, backoff=FAST)  # no namespace check: the server must refuse
    await _forbidden(unchecked.apply(elsewhere))
    await _forbidden(as_phoenix.list(PIPELINES))  # cluster-wide
    await _forbidden(as_phoenix.list(SECRETS, namespace=MANAGED))
    await _forbidden(as_phoenix.list(PODS, namespace=MANAGED))
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "privileged", "namespace": MANAGED},
        "spec": {"hostPID": True, "containers": [{"name": "c", "image": "x", "securityContext": {"privileged": True}}]},
    }
    await _forbidden(as_phoenix.create(PODS, pod))
    await _forbidden(as_phoenix.create(CONFIG_MAPS, {"metadata": {"name": "x", "namespace": "default"}}))
