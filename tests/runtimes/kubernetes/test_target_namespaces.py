"""On the kubernetes runtime a target must be a namespace Phoenix manages (PHOENIX_KUBERNETES_NAMESPACES).

Phoenix holds a Role only in those namespaces, and its collectors run with host access: an
experiment, a deployment, an edit or a retarget signal that names another namespace is refused with
a 422 at `body.target.namespace`, before anything is stored or sent to the cluster. The local runtime
runs everything on this host and ignores the setting. No API server is needed: nothing reaches one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from pydantic import ValidationError

from app.core.config import Settings
from app.main import create_app
from app.runtimes.kubernetes.operator import PipelineOperator
from app.runtimes.kubernetes.runtime import KubernetesRuntime
from tests.conftest import ADMIN_PASSWORD, client_for, login, make_settings
from tests.experiment_bodies import experiment_body

MANAGED = "phoenix-workloads"
OTHER = "kube-system"


async def _client(tmp_path: Path, runtime: str) -> AsyncIterator[tuple[httpx.AsyncClient, dict[str, str]]]:
    settings = make_settings(
        f"sqlite+aiosqlite:///{tmp_path / 'phoenix.db'}", runtime=runtime, kubernetes_namespaces=MANAGED
    )
    app = create_app(settings)
    async with LifespanManager(app, startup_timeout=60), client_for(app) as client:
        yield client, await login(client, "admin", ADMIN_PASSWORD)


@pytest.fixture
async def kubernetes(tmp_path: Path) -> AsyncIterator[tuple[httpx.AsyncClient, dict[str, str]]]:
    async for pair in _client(tmp_path, "kubernetes"):
        yield pair


@pytest.fixture
async def local(tmp_path: Path) -> AsyncIterator[tuple[httpx.AsyncClient, dict[str, str]]]:
    async for pair in _client(tmp_path, "local"):
        yield pair


def _target(namespace: str) -> dict[str, Any]:
    return {"namespace": namespace, "node_selector": {}}


def _refused(response: httpx.Response, *, signal: bool = False) -> None:
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert OTHER in error["message"] and MANAGED in error["message"]
    details = error["details"]["errors"] if signal else error["details"]
    assert [d["path"] for d in details] == ["body.target.namespace"]


async def test_experiments_outside_the_managed_namespaces_are_refused(
    kubernetes: tuple[httpx.AsyncClient, dict[str, str]],
) -> None:
    client, headers = kubernetes
    _refused(await client.post("/api/v1/experiments", json=experiment_body(target=_target(OTHER)), headers=headers))
    default = experiment_body()
    del default["target"]  # the default target, namespace `default`, is not managed either
    response = await client.post("/api/v1/experiments", json=default, headers=headers)
    assert response.status_code == 422 and "'default'" in response.json()["error"]["message"]
    assert (await client.get("/api/v1/experiments", headers=headers)).json()["items"] == []

    created = await client.post("/api/v1/experiments", json=experiment_body(target=_target(MANAGED)), headers=headers)
    assert created.status_code == 201, created.text
    experiment_id = created.json()["id"]
    edit = {"target": _target(OTHER)}
    _refused(await client.patch(f"/api/v1/experiments/{experiment_id}", json=edit, headers=headers))
    signal = {"kind": "retarget", "experiment_id": experiment_id, "target": _target(OTHER)}
    _refused(await client.post("/api/v1/control/signals", json=signal, headers=headers), signal=True)
    stored = (await client.get(f"/api/v1/experiments/{experiment_id}", headers=headers)).json()
    assert stored["target"]["namespace"] == MANAGED


async def test_deployments_outside_the_managed_namespaces_are_refused(
    kubernetes: tuple[httpx.AsyncClient, dict[str, str]],
) -> None:
    client, headers = kubernetes
    body = {"name": "prod", "pipeline": {"template": "process-topk-v1"}}
    _refused(await client.post("/api/v1/deployments", json={**body, "target": _target(OTHER)}, headers=headers))
    created = await client.post("/api/v1/deployments", json={**body, "target": _target(MANAGED)}, headers=headers)
    assert created.status_code == 201, created.text
    signal = {"kind": "retarget", "deployment_id": created.json()["id"], "target": _target(OTHER)}
    _refused(await client.post("/api/v1/control/signals", json=signal, headers=headers), signal=True)


async def test_the_local_runtime_ignores_the_setting(local: tuple[httpx.AsyncClient, dict[str, str]]) -> None:
    client, headers = local
    created = await client.post("/api/v1/experiments", json=experiment_body(target=_target(OTHER)), headers=headers)
    assert created.status_code == 201, created.text


def test_the_setting_is_a_list_of_namespace_names_that_runtime_and_operator_share() -> None:
    settings = Settings(
        _env_file=None, jwt_secret="x" * 32, kubernetes_namespaces=f"{MANAGED}, observability,{MANAGED}"
    )
    assert settings.kubernetes_namespaces == [MANAGED, "observability"]
    assert KubernetesRuntime.from_settings(settings).namespaces == (MANAGED, "observability")
    assert PipelineOperator.from_settings(settings).namespaces == (MANAGED, "observability")
    assert Settings(_env_file=None, jwt_secret="x" * 32).kubernetes_namespaces == ["default"]
    for wrong in ("Not_A_Namespace", ""):
        with pytest.raises(ValidationError, match="kubernetes_namespaces"):
            Settings(_env_file=None, jwt_secret="x" * 32, kubernetes_namespaces=[wrong] if wrong else [])
