"""The kubernetes runtime: apply, status, remove and sample of PhoenixProcessPipeline custom resources.

Every test here runs against an in-process fake API server that follows the real REST semantics
(no cluster can run on these machines), through kubernetes_asyncio over HTTP, as on a cluster.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from app.core.config import Settings
from app.runtimes.base import VariantDeployment, VariantSample, config_hash
from app.runtimes.kubernetes.client import PIPELINES, ApiError
from app.runtimes.kubernetes.crd import validation_errors
from app.runtimes.kubernetes.naming import LABEL_EXPERIMENT, LABEL_MANAGED_BY, LABEL_VARIANT
from app.runtimes.kubernetes.operator import PipelineOperator
from app.runtimes.kubernetes.runtime import CrdMissing, KubernetesRuntime
from tests.runtimes.kubernetes.fake_apiserver import FakeApiServer, running_fake_apiserver
from tests.runtimes.kubernetes.kube_cluster import FAST, client_for, eventually, make_variant

NS = "observability"


@pytest.fixture
async def operator(server: FakeApiServer) -> AsyncIterator[PipelineOperator]:
    operator = PipelineOperator(client_for(server), backoff=FAST)
    yield operator
    await operator.close()


def stored(server: FakeApiServer, variant: VariantDeployment) -> dict:
    (pipeline,) = server.store.items(PIPELINES, NS)
    assert pipeline["spec"]["variant"] == variant.label
    return pipeline


async def test_apply_writes_only_a_valid_custom_resource(server: FakeApiServer, runtime: KubernetesRuntime) -> None:
    """Runs against the in-process fake API server (real REST semantics): one CR, valid, nothing else."""
    variant = make_variant()
    await runtime.apply(variant)
    pipeline = stored(server, variant)
    assert validation_errors(pipeline) == []
    labels = pipeline["metadata"]["labels"]
    assert labels[LABEL_EXPERIMENT] == "topk-vs-baseline" and labels[LABEL_VARIANT] == "candidate"
    assert labels[LABEL_MANAGED_BY] == "phoenix"
    assert pipeline["spec"]["configHash"] == config_hash(variant.config_yaml)
    assert pipeline["spec"]["ports"] == {"prometheus": 9889, "healthCheck": 13134, "telemetry": 9888}
    assert [r.method for r in server.writes()] == ["POST"]  # the operator creates the rest
    await runtime.apply(variant)
    assert [r.method for r in server.writes()] == ["POST"]  # idempotent: nothing to change, nothing written
    assert (await runtime.status(variant)).state == "pending"


async def test_apply_updates_the_spec_in_place(server: FakeApiServer, runtime: KubernetesRuntime) -> None:
    """Runs against the in-process fake API server (real REST semantics): a new config is an update, generation 2."""
    await runtime.apply(make_variant())
    changed = make_variant(parameters={"cpu_threshold": 0.2})
    await runtime.apply(changed)
    pipeline = stored(server, changed)
    assert pipeline["metadata"]["generation"] == 2
    assert pipeline["spec"]["configHash"] == config_hash(changed.config_yaml)
    assert pipeline["spec"]["parameters"]["cpu_threshold"] == 0.2
    assert [r.method for r in server.writes()] == ["POST", "PUT"]


async def test_stale_update_is_re_read_and_retried(server: FakeApiServer, runtime: KubernetesRuntime) -> None:
    """Runs against the in-process fake API server (real REST semantics): PUT on a stale version → 409 → re-read."""
    await runtime.apply(make_variant())
    raced = False

    async def concurrent_writer(request: web.Request) -> None:
        nonlocal raced
        if request.method == "PUT" and "/phoenixprocesspipelines/" in request.path and not raced:
            raced = True  # someone else (here: the operator adding its finalizer) writes first
            (live,) = server.store.items(PIPELINES, NS)
            live["metadata"]["finalizers"] = ["phoenix.io/cleanup"]
            server.store.replace(PIPELINES, NS, live["metadata"]["name"], live)

    server.hooks.append(concurrent_writer)
    changed = make_variant(parameters={"cpu_threshold": 0.3})
    await runtime.apply(changed)
    puts = [r.status for r in server.writes(PIPELINES, "PUT")]
    assert puts == [409, 200]
    pipeline = stored(server, changed)
    assert pipeline["metadata"]["finalizers"] == ["phoenix.io/cleanup"]  # the other writer's change is kept
    assert pipeline["spec"]["configHash"] == config_hash(changed.config_yaml)


async def test_a_lost_create_response_does_not_duplicate(server: FakeApiServer, runtime: KubernetesRuntime) -> None:
    """Runs against the in-process fake API server (real REST semantics): 504 after the write → re-read, no copy."""
    server.lose_responses(1)
    variant = make_variant()
    await runtime.apply(variant)
    assert [r.status for r in server.writes()] == [504]  # the retry found it created
    assert len(server.store.items(PIPELINES)) == 1


async def test_outages_are_retried_with_backoff_then_reported(
    server: FakeApiServer, runtime: KubernetesRuntime
) -> None:
    """Runs against the in-process fake API server (real REST semantics): short outages pass, long ones raise."""
    server.fail(503, count=3)
    await runtime.apply(make_variant())
    assert len(server.store.items(PIPELINES)) == 1
    await server.refuse(0.15)
    assert (await runtime.status(make_variant())).state == "pending"
    server.fail(500)
    with pytest.raises(ApiError) as caught:
        await runtime.remove(make_variant())
    assert caught.value.status == 500
    attempts = [r for r in server.requests if r.method == "DELETE"]
    assert len(attempts) == FAST.attempts  # bounded, not a hot loop
    await server.restore()


async def test_status_follows_the_operator(
    server: FakeApiServer, runtime: KubernetesRuntime, operator: PipelineOperator
) -> None:
    """Runs against the in-process fake API server (real REST semantics): absent → pending → ready → absent."""
    variant = make_variant()
    assert (await runtime.status(variant)).state == "absent"
    server.daemon_sets.set(enabled=False)
    await runtime.apply(variant)
    await operator.reconcile_once()
    status = await runtime.status(variant)
    assert (status.state, status.desired_nodes, status.ready_nodes) == ("pending", 0, 0)
    server.daemon_sets.set(enabled=True)

    async def ready() -> bool:
        await operator.reconcile_once()
        return (await runtime.status(variant)).state == "ready"

    await eventually(ready)
    status = await runtime.status(variant)
    assert (status.desired_nodes, status.ready_nodes, status.config_hash) == (3, 3, config_hash(variant.config_yaml))
    newer = make_variant(parameters={"cpu_threshold": 0.5})
    assert (await runtime.status(newer)).state == "pending"  # the cluster runs another config
    await runtime.remove(variant)
    assert (await runtime.status(variant)).message.startswith("being deleted")
    await operator.reconcile_once()
    assert (await runtime.status(variant)).state == "absent"
    await runtime.remove(variant)  # already gone: fine


async def test_sample_without_a_kpi_source_is_empty(server: FakeApiServer, runtime: KubernetesRuntime) -> None:
    """Runs against the in-process fake API server (real REST semantics); KPIs come from an injected source."""
    assert await runtime.sample([make_variant()]) == {}

    class OneSample:
        async def sample(self, variants: list[VariantDeployment]) -> dict[str, VariantSample]:
            return {
                v.key: VariantSample(
                    label=v.label,
                    input_series=10,
                    output_series=2,
                    output_data_points_per_minute=4.0,
                    estimated_bytes_per_minute=100.0,
                    critical_processes_on_host=1,
                    critical_processes_in_output=1,
                    critical_retention=1.0,
                    cpu_fidelity_error=0.0,
                    memory_fidelity_error=0.0,
                    collector_cpu_cores=0.5,
                )
                for v in variants
            }

    with_source = KubernetesRuntime(client_for(server), kpi_source=OneSample(), backoff=FAST)
    samples = await with_source.sample([make_variant()])
    assert samples["topk-vs-baseline/candidate"].output_series == 2
    await with_source.close()


async def test_from_settings_connects_lazily(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No API server is contacted (and no kubeconfig read) until the runtime is used."""
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "missing"))
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    runtime = KubernetesRuntime.from_settings(Settings(env="dev", runtime="kubernetes"))
    assert runtime.name == "kubernetes"
    await runtime.close()


async def test_a_missing_crd_is_named() -> None:
    """Runs against the in-process fake API server (real REST semantics) without the CRD: custom paths are 404."""
    async with running_fake_apiserver(install_crd=False) as server:
        runtime = KubernetesRuntime(client_for(server), backoff=FAST)
        operator = PipelineOperator(client_for(server), backoff=FAST)
        with pytest.raises(CrdMissing, match="kubectl apply -k deploy/kubernetes"):
            await runtime.apply(make_variant())
        task = asyncio.create_task(operator.run())  # waits for the CRD instead of failing
        await asyncio.sleep(0.2)
        assert not task.done()
        server.install_crd()
        await runtime.apply(make_variant())
        await eventually(lambda: any(p["metadata"].get("finalizers") for p in server.store.items(PIPELINES)))
        await operator.stop()
        await asyncio.wait_for(task, 2)
        await runtime.close()
        await operator.close()
