"""Every route in the OpenAPI schema is checked for anonymous, viewer, operator and admin callers.

The expected minimum role per route is written here, independently of the code; a route missing
from the table fails the test, so a new route cannot ship without a decision about who may call it.
"""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi import FastAPI

from tests.experiment_bodies import experiment_body

PUBLIC = "public"
ROLES = ["viewer", "operator", "admin"]

EXPECTED: dict[tuple[str, str], str] = {
    ("POST", "/api/v1/auth/login"): PUBLIC,
    ("POST", "/api/v1/auth/token"): PUBLIC,
    ("POST", "/api/v1/auth/refresh"): PUBLIC,
    ("POST", "/api/v1/auth/logout"): "viewer",
    ("GET", "/api/v1/auth/me"): "viewer",
    ("GET", "/api/v1/events/stream"): "viewer",
    ("GET", "/api/v1/users"): "admin",
    ("POST", "/api/v1/users"): "admin",
    ("GET", "/api/v1/users/{user_id}"): "admin",
    ("PATCH", "/api/v1/users/{user_id}"): "admin",
    ("DELETE", "/api/v1/users/{user_id}"): "admin",
    ("GET", "/api/v1/api-keys"): "admin",
    ("POST", "/api/v1/api-keys"): "admin",
    ("DELETE", "/api/v1/api-keys/{key_id}"): "admin",
    ("GET", "/api/v1/experiments"): "viewer",
    ("POST", "/api/v1/experiments"): "operator",
    ("GET", "/api/v1/experiments/{experiment_id}"): "viewer",
    ("PATCH", "/api/v1/experiments/{experiment_id}"): "operator",
    ("DELETE", "/api/v1/experiments/{experiment_id}"): "operator",
    ("POST", "/api/v1/experiments/{experiment_id}/start"): "operator",
    ("POST", "/api/v1/experiments/{experiment_id}/stop"): "operator",
    ("GET", "/api/v1/experiments/{experiment_id}/transitions"): "viewer",
    ("GET", "/api/v1/experiments/{experiment_id}/events"): "viewer",
    ("POST", "/api/v1/experiments/{experiment_id}/promote"): "operator",
    ("GET", "/api/v1/experiments/{experiment_id}/timeseries"): "viewer",
    ("GET", "/api/v1/experiments/{experiment_id}/variants"): "viewer",
    ("GET", "/api/v1/experiments/{experiment_id}/results"): "viewer",
    ("POST", "/api/v1/control/signals"): "operator",
    ("GET", "/api/v1/control/signals"): "viewer",
    ("GET", "/api/v1/control/signals/{signal_id}"): "viewer",
    ("GET", "/api/v1/control/drift"): "viewer",
    ("GET", "/api/v1/control/status"): "viewer",
    ("GET", "/api/v1/control/deployments/live"): "viewer",
    ("GET", "/api/v1/simulations/profiles"): "viewer",
    ("GET", "/api/v1/simulations"): "viewer",
    ("POST", "/api/v1/simulations"): "operator",
    ("GET", "/api/v1/simulations/{simulation_id}"): "viewer",
    ("POST", "/api/v1/simulations/{simulation_id}/stop"): "operator",
    ("GET", "/api/v1/deployments"): "viewer",
    ("POST", "/api/v1/deployments"): "operator",
    ("GET", "/api/v1/deployments/{deployment_id}"): "viewer",
    ("DELETE", "/api/v1/deployments/{deployment_id}"): "operator",
    ("GET", "/api/v1/deployments/{deployment_id}/transitions"): "viewer",
    ("POST", "/api/v1/deployments/{deployment_id}/pause"): "operator",
    ("POST", "/api/v1/deployments/{deployment_id}/resume"): "operator",
    ("POST", "/api/v1/deployments/{deployment_id}/rollback"): "operator",
    ("GET", "/api/v1/pipelines/templates"): "viewer",
    ("GET", "/api/v1/pipelines/templates/{name}"): "viewer",
    ("POST", "/api/v1/pipelines/render"): "viewer",
    ("POST", "/api/v1/pipelines/validate"): "viewer",
    ("GET", "/api/v1/pipelines/components"): "viewer",
    ("POST", "/api/v1/pipelines/manifests"): "viewer",
    ("POST", "/api/v1/pipelines/export"): "operator",
    ("POST", "/api/v1/pipelines/preview"): "viewer",
    ("POST", "/api/v1/pipelines/critical-matches"): "viewer",
    ("POST", "/api/v1/pipelines/graph/to-yaml"): "viewer",
    ("POST", "/api/v1/pipelines/graph/from-yaml"): "viewer",
    ("GET", "/api/v1/pipelines"): "viewer",
    ("POST", "/api/v1/pipelines"): "operator",
    ("GET", "/api/v1/pipelines/{pipeline_id}"): "viewer",
    ("PUT", "/api/v1/pipelines/{pipeline_id}"): "operator",
    ("GET", "/api/v1/pipelines/{pipeline_id}/versions"): "viewer",
    ("DELETE", "/api/v1/pipelines/{pipeline_id}"): "operator",
}


# Answers that never end (in-process clients wait for a whole body): only refusals are walked here;
# tests/events/test_event_stream.py opens the stream over a real server.
STREAMS = {("GET", "/api/v1/events/stream")}


def _routes(app: FastAPI) -> list[tuple[str, str]]:
    return [(m.upper(), path) for path, ops in app.openapi()["paths"].items() for m in ops]


async def _key_headers(client: httpx.AsyncClient, admin_headers: dict[str, str]) -> dict[str, dict[str, str]]:
    """API-key credentials per role: unlike bearer tokens, `logout` cannot revoke them mid-walk."""
    headers = {}
    for role in ROLES:
        created = await client.post(
            "/api/v1/api-keys", json={"name": f"rbac-{role}", "role": role}, headers=admin_headers
        )
        assert created.status_code == 201, created.text
        headers[role] = {"X-API-Key": created.json()["key"]}
    return headers


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_every_route_enforces_its_role(app: FastAPI, client: httpx.AsyncClient, admin_headers: dict) -> None:
    routes = _routes(app)
    assert set(routes) == set(EXPECTED), (
        f"routes without an expected role: {sorted(set(routes) - set(EXPECTED))}; "
        f"stale table entries: {sorted(set(EXPECTED) - set(routes))}"
    )
    keys = await _key_headers(client, admin_headers)
    for method, template in routes:
        path = re.sub(r"\{[^}]+\}", "999999", template)
        needed = EXPECTED[(method, template)]
        body = {} if method in ("POST", "PATCH", "PUT") else None  # invalid on purpose: checks auth, not handlers

        anonymous = await client.request(method, path, json=body)
        if needed == PUBLIC:
            assert anonymous.status_code not in (401, 403), (method, template, anonymous.text)
            continue
        assert anonymous.status_code == 401, (method, template, anonymous.status_code)
        assert anonymous.json()["error"]["code"] == "unauthorized"

        for role in ROLES:
            allowed = ROLES.index(role) >= ROLES.index(needed)
            if allowed and (method, template) in STREAMS:
                continue
            response = await client.request(method, path, json=body, headers=keys[role])
            if allowed:
                assert response.status_code not in (401, 403), (method, template, role, response.text)
            else:
                assert response.status_code == 403, (method, template, role, response.status_code)
                assert response.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_bearer_and_key_roles_agree(client: httpx.AsyncClient, role_headers: dict) -> None:
    """Spot check with bearer tokens: a viewer reads but cannot create; an operator creates."""
    assert (await client.get("/api/v1/experiments", headers=role_headers["viewer"])).status_code == 200
    denied = await client.post("/api/v1/experiments", json=experiment_body(), headers=role_headers["viewer"])
    assert denied.status_code == 403
    ok = await client.post("/api/v1/experiments", json=experiment_body(), headers=role_headers["operator"])
    assert ok.status_code == 201
    assert (await client.get("/api/v1/users", headers=role_headers["operator"])).status_code == 403
