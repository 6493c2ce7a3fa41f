"""Drift on the kubernetes runtime: someone edits a deployment's PhoenixProcessPipeline behind
Phoenix's back; the drift detector reports it, and with auto-remediation Phoenix puts its config back.

Runs against the in-process fake API server that follows the real REST semantics (no cluster can run
on these machines): the runtime and the operator talk to it through kubernetes_asyncio over HTTP.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from app.deployments.service import as_variant, get
from app.main import create_app
from app.pipelines.render import render_template
from app.runtimes.base import config_hash
from app.runtimes.kubernetes.client import PIPELINES
from app.runtimes.kubernetes.naming import variant_object_name
from app.runtimes.kubernetes.operator import PipelineOperator
from app.runtimes.kubernetes.runtime import KubernetesRuntime
from app.runtimes.kubernetes.variant_config import collector_parameters, ports_for_variant
from tests.conftest import ADMIN_PASSWORD, client_for, login, make_settings
from tests.runtimes.kubernetes.fake_apiserver import FakeApiServer, running_fake_apiserver
from tests.runtimes.kubernetes.kube_cluster import FAST, eventually
from tests.runtimes.kubernetes.kube_cluster import client_for as kube_client_for

NS = "default"


@pytest.fixture
async def server() -> AsyncIterator[FakeApiServer]:
    async with running_fake_apiserver(nodes=2) as fake:
        yield fake


@pytest.fixture
async def k8s_app(server: FakeApiServer, tmp_path: Path) -> AsyncIterator[FastAPI]:
    app = create_app(make_settings(f"sqlite+aiosqlite:///{tmp_path / 'k8s.db'}", runtime="kubernetes"))
    async with LifespanManager(app, startup_timeout=60):
        runtime = KubernetesRuntime(kube_client_for(server), backoff=FAST)
        app.state.reconciler.ctx.runtime = runtime  # the reconciler, sampler and drift detector share it
        yield app
        await runtime.close()


async def test_edited_custom_resource_is_reported_and_restored(server: FakeApiServer, k8s_app: FastAPI) -> None:
    operator = PipelineOperator(kube_client_for(server), backoff=FAST)
    async with client_for(k8s_app) as client:
        headers = await login(client, "admin", ADMIN_PASSWORD)
        created = await client.post(
            "/api/v1/deployments", headers=headers, json={"name": "prod", "pipeline": {"template": "process-topk-v1"}}
        )
        assert created.status_code == 201, created.text
    desired = created.json()["config_hash"]
    await k8s_app.state.reconciler.tick()

    async def runs(expected: str) -> bool:
        await operator.reconcile_once()
        status = await k8s_app.state.reconciler.ctx.runtime.status(variant)
        # Judged against Phoenix's desired config, a cluster running another one is not `ready`.
        return status.config_hash == expected and status.ready_nodes == status.desired_nodes > 0

    async with k8s_app.state.sessionmaker() as session:
        variant = as_variant(await get(session, deployment_id=created.json()["id"]))
    await eventually(lambda: runs(desired))

    # Behind Phoenix's back: `kubectl edit` of the custom resource's config.
    edited_yaml = render_template(
        "process-baseline-v1",
        collector_parameters({}, experiment_id="prod", variant="deployment", ports=ports_for_variant("deployment")),
    ).config_yaml
    kube = kube_client_for(server)
    name = variant_object_name("prod", "deployment")
    resource = await kube.get(PIPELINES, NS, name)
    resource["spec"].update(config=edited_yaml, configHash=config_hash(edited_yaml))
    await kube.replace(PIPELINES, resource)
    await eventually(lambda: runs(config_hash(edited_yaml)))

    found = await k8s_app.state.drift.tick()
    assert [(r.kind, r.recommended_action) for r in found] == [("config", "reapply")]
    assert found[0].metrics == {"desired_hash": desired, "running_hash": config_hash(edited_yaml)}

    k8s_app.state.settings.drift_auto_remediate = True
    await k8s_app.state.drift.tick()
    await eventually(lambda: runs(desired))  # Phoenix's config is back on the cluster
    await k8s_app.state.drift.tick()
    async with client_for(k8s_app) as client:
        headers = await login(client, "admin", ADMIN_PASSWORD)
        reports = (await client.get("/api/v1/control/drift", headers=headers)).json()
    assert reports[0]["remediated"] is True and reports[0]["resolved_at"] is not None
    await operator.close()
    await kube.close()
