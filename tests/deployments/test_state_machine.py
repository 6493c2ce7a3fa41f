"""Deployments as a state machine, on SQLite and PostgreSQL: the one transition table, every status
change recorded with who and why, and the optimistic version check that makes racing writers of one
deployment end with one success and one 409."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fastapi import FastAPI

from app.core.errors import Conflict
from app.deployments import service
from app.deployments.service import CHANGED_CONCURRENTLY
from app.deployments.states import TERMINAL, TRANSITIONS, DeploymentStatus, allowed_from, can_transition

API = "/api/v1/deployments"


async def _deploy(client: httpx.AsyncClient, headers: dict, name: str, template: str) -> dict:
    response = await client.post(API, headers=headers, json={"name": name, "pipeline": {"template": template}})
    assert response.status_code == 201, response.text
    return response.json()


async def _history(client: httpx.AsyncClient, headers: dict, deployment_id: str) -> list[tuple]:
    response = await client.get(f"{API}/{deployment_id}/transitions", headers=headers)
    assert response.status_code == 200, response.text
    return [(t["from_status"], t["to_status"]) for t in response.json()]


def test_the_table_defines_every_status_and_the_terminal_ones() -> None:
    assert set(TRANSITIONS) == set(DeploymentStatus)
    assert set(TERMINAL) == {DeploymentStatus.removed}
    assert can_transition(DeploymentStatus.replaced, DeploymentStatus.active)  # what a rollback does
    assert not can_transition(DeploymentStatus.removed, DeploymentStatus.active)
    assert allowed_from(DeploymentStatus.active) == [
        DeploymentStatus.suspended,
        DeploymentStatus.replaced,
        DeploymentStatus.removed,
    ]


async def test_racing_rollbacks_one_wins(app: FastAPI, client: httpx.AsyncClient, admin_headers: dict) -> None:
    first = await _deploy(client, admin_headers, "first", "process-priority-filter-v1")
    second = await _deploy(client, admin_headers, "second", "process-topk-v1")
    await app.state.reconciler.tick()

    url = f"{API}/{second['id']}/rollback"
    responses = await asyncio.gather(
        client.post(url, json={"reason": "topk drops too much"}, headers=admin_headers),
        client.post(url, headers=admin_headers),
    )
    assert sorted(r.status_code for r in responses) == [200, 409], [r.text for r in responses]
    won = next(r for r in responses if r.status_code == 200).json()
    assert won["restored"]["id"] == first["id"] and won["restored"]["status"] == "active"
    assert won["removed"]["id"] == second["id"] and won["removed"]["status"] == "removed"
    lost = next(r for r in responses if r.status_code == 409).json()["error"]
    # Lost at the version check, or read after the winner committed and refused by the table.
    assert lost["code"] == "conflict" and (
        lost["message"] == CHANGED_CONCURRENTLY or lost["message"].startswith("only the deployment on a target")
    )

    active = (await client.get(API, headers=admin_headers)).json()
    assert [d["id"] for d in active] == [first["id"]]
    # One rollback written, not two: each deployment's history has exactly the winner's change.
    assert await _history(client, admin_headers, second["id"]) == [(None, "active"), ("active", "removed")]
    assert await _history(client, admin_headers, first["id"]) == [
        (None, "active"),
        ("active", "replaced"),
        ("replaced", "active"),
    ]
    await app.state.reconciler.tick()
    assert app.state.runtime.running_keys() == {"first/deployment"}


async def test_status_changes_follow_the_table_and_record_who_and_why(
    client: httpx.AsyncClient, role_headers: dict
) -> None:
    operator, viewer = role_headers["operator"], role_headers["viewer"]
    deployment = await _deploy(client, operator, "solo", "process-topk-v1")
    assert deployment["allowed_transitions"] == ["suspended", "replaced", "removed"]
    url = f"{API}/{deployment['id']}"

    assert (await client.post(f"{url}/pause", headers=viewer)).status_code == 403
    paused = await client.post(f"{url}/pause", json={"reason": "maintenance window"}, headers=operator)
    assert paused.status_code == 200 and paused.json()["status"] == "suspended"
    again = await client.post(f"{url}/pause", headers=operator)
    assert again.status_code == 409
    assert again.json()["error"]["message"] == (
        "deployment solo is suspended and cannot become suspended (it can become: active, replaced, removed)"
    )
    resumed = await client.post(f"{url}/resume", headers=operator)
    assert resumed.status_code == 200 and resumed.json()["status"] == "active"
    assert (await client.post(f"{url}/resume", headers=operator)).status_code == 409

    nothing = await client.post(f"{url}/rollback", headers=operator)
    assert nothing.status_code == 409 and "nothing to roll back to" in nothing.json()["error"]["message"]
    assert (await client.delete(url, headers=operator)).json()["status"] == "removed"
    assert (await client.delete(url, headers=operator)).status_code == 200  # delete stays idempotent
    final = await client.post(f"{url}/resume", headers=operator)
    assert final.status_code == 409

    history = (await client.get(f"{url}/transitions", headers=viewer)).json()
    assert [(t["from_status"], t["to_status"], t["reason"]) for t in history] == [
        (None, "active", "created"),
        ("active", "suspended", "maintenance window"),
        ("suspended", "active", "resumed"),
        ("active", "removed", "deleted"),
    ]
    assert {t["trigger"] for t in history} == {"user:operator-user"}
    versions = (await client.get(url, headers=viewer)).json()["version"]
    assert versions == 4  # created, paused, resumed, deleted: one bump per write


async def test_a_write_from_a_stale_read_is_a_conflict(
    app: FastAPI, client: httpx.AsyncClient, admin_headers: dict
) -> None:
    deployment = await _deploy(client, admin_headers, "contested", "process-topk-v1")
    async with app.state.sessionmaker() as stale, app.state.sessionmaker() as fresh:
        read = await service.get(stale, deployment_id=deployment["id"])
        await service.pause(fresh, deployment_id=deployment["id"], actor="user:other", reason="first")
        with pytest.raises(Conflict, match="changed concurrently"):
            await service.transition(stale, read, DeploymentStatus.removed, actor="user:late", reason="second")
    current = (await client.get(f"{API}/{deployment['id']}", headers=admin_headers)).json()
    assert current["status"] == "suspended" and current["version"] == 2


async def test_runtime_bookkeeping_leaves_the_version_alone(
    app: FastAPI, client: httpx.AsyncClient, admin_headers: dict
) -> None:
    deployment = await _deploy(client, admin_headers, "kept", "process-topk-v1")
    async with app.state.sessionmaker() as session:
        read = await service.get(session, deployment_id=deployment["id"])
        await app.state.reconciler.tick()  # applies it and notes applied_hash / in_runtime
        # A user's change read before the tick still goes through: bookkeeping is not a competing write.
        await service.transition(session, read, DeploymentStatus.suspended, actor="user:op", reason="after tick")
        await session.commit()
        noted = await service.get(session, deployment_id=deployment["id"])
        assert noted.in_runtime and noted.applied_hash == noted.config_hash and noted.version == 2
    await app.state.reconciler.tick()
    assert app.state.runtime.running_keys() == set()
