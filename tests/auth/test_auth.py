"""Login, tokens, logout, users and API keys, on SQLite and PostgreSQL."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from app.auth.models import ApiKey, User
from tests.conftest import ADMIN_PASSWORD, ROLE_PASSWORD, login

AUTH = "/api/v1/auth"


async def test_login_me_and_wrong_password(client: httpx.AsyncClient) -> None:
    response = await client.post(f"{AUTH}/login", json={"username": "admin", "password": ADMIN_PASSWORD})
    assert response.status_code == 200
    tokens = response.json()
    assert tokens["token_type"] == "bearer" and tokens["expires_in"] == 15 * 60
    me = await client.get(f"{AUTH}/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.json() == {"id": 1, "username": "admin", "role": "admin", "auth": "bearer"}

    for body in ({"username": "admin", "password": "wrong"}, {"username": "ghost", "password": "x"}):
        denied = await client.post(f"{AUTH}/login", json=body)
        assert denied.status_code == 401
        assert denied.json()["error"] == {
            "code": "unauthorized",
            "message": "invalid username or password",
            "details": None,
        }


async def test_oauth2_form_token(client: httpx.AsyncClient) -> None:
    response = await client.post(f"{AUTH}/token", data={"username": "admin", "password": ADMIN_PASSWORD})
    assert response.status_code == 200
    assert response.json()["access_token"]


async def test_refresh_rotates_and_logout_revokes(client: httpx.AsyncClient) -> None:
    first = (await client.post(f"{AUTH}/login", json={"username": "admin", "password": ADMIN_PASSWORD})).json()
    rotated = await client.post(f"{AUTH}/refresh", json={"refresh_token": first["refresh_token"]})
    assert rotated.status_code == 200
    reused = await client.post(f"{AUTH}/refresh", json={"refresh_token": first["refresh_token"]})
    assert reused.status_code == 401  # a refresh token works once
    wrong_type = await client.post(f"{AUTH}/refresh", json={"refresh_token": first["access_token"]})
    assert wrong_type.status_code == 401

    pair = rotated.json()
    bearer = {"Authorization": f"Bearer {pair['access_token']}"}
    out = await client.post(f"{AUTH}/logout", json={"refresh_token": pair["refresh_token"]}, headers=bearer)
    assert out.status_code == 204
    assert (await client.get(f"{AUTH}/me", headers=bearer)).status_code == 401
    again = await client.post(f"{AUTH}/refresh", json={"refresh_token": pair["refresh_token"]})
    assert again.status_code == 401


async def test_tampered_token_is_401(client: httpx.AsyncClient, admin_headers: dict) -> None:
    token = admin_headers["Authorization"].removeprefix("Bearer ")
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    response = await client.get(f"{AUTH}/me", headers={"Authorization": f"Bearer {tampered}"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


async def test_failed_logins_are_throttled(client: httpx.AsyncClient) -> None:
    for _ in range(5):
        assert (await client.post(f"{AUTH}/login", json={"username": "admin", "password": "bad"})).status_code == 401
    limited = await client.post(f"{AUTH}/login", json={"username": "admin", "password": ADMIN_PASSWORD})
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    other_user = await client.post(f"{AUTH}/login", json={"username": "someone", "password": "bad"})
    assert other_user.status_code == 401  # throttling is per username


async def test_user_management(app: FastAPI, client: httpx.AsyncClient, admin_headers: dict) -> None:
    created = await client.post(
        "/api/v1/users",
        json={"username": "dana", "password": "long-enough-pw", "role": "operator"},
        headers=admin_headers,
    )
    assert created.status_code == 201
    user = created.json()
    assert "password" not in user and "password_hash" not in user
    assert (
        await client.post(
            "/api/v1/users", json={"username": "dana", "password": "long-enough-pw"}, headers=admin_headers
        )
    ).status_code == 409
    short = await client.post("/api/v1/users", json={"username": "eve", "password": "short"}, headers=admin_headers)
    assert short.status_code == 422 and short.json()["error"]["details"][0]["path"] == "body.password"

    async with app.state.sessionmaker() as session:
        stored = (await session.execute(select(User).where(User.username == "dana"))).scalar_one()
    assert stored.password_hash.startswith("$argon2")

    demoted = await client.patch(f"/api/v1/users/{user['id']}", json={"role": "viewer"}, headers=admin_headers)
    assert demoted.json()["role"] == "viewer"
    dana = await login(client, "dana", "long-enough-pw")
    assert (await client.get(f"{AUTH}/me", headers=dana)).json()["role"] == "viewer"

    await client.patch(f"/api/v1/users/{user['id']}", json={"is_active": False}, headers=admin_headers)
    assert (await client.get(f"{AUTH}/me", headers=dana)).status_code == 401  # disabled users lose access at once

    last_admin = await client.patch("/api/v1/users/1", json={"role": "viewer"}, headers=admin_headers)
    assert last_admin.status_code == 409
    assert (await client.delete("/api/v1/users/1", headers=admin_headers)).status_code == 409
    assert (await client.delete(f"/api/v1/users/{user['id']}", headers=admin_headers)).status_code == 204
    assert (await client.get(f"/api/v1/users/{user['id']}", headers=admin_headers)).status_code == 404


async def test_api_keys_shown_once_hashed_and_revocable(
    app: FastAPI, client: httpx.AsyncClient, admin_headers: dict
) -> None:
    created = await client.post("/api/v1/api-keys", json={"name": "ci", "role": "operator"}, headers=admin_headers)
    assert created.status_code == 201
    key = created.json()["key"]
    assert key.startswith("phx_") and created.json()["prefix"] == key[:12]

    listing = (await client.get("/api/v1/api-keys", headers=admin_headers)).json()
    assert listing and all("key" not in k and "key_hash" not in k for k in listing)
    async with app.state.sessionmaker() as session:
        row = (await session.execute(select(ApiKey))).scalar_one()
    assert key not in row.key_hash and len(row.key_hash) == 64

    me = await client.get(f"{AUTH}/me", headers={"X-API-Key": key})
    assert me.json()["role"] == "operator" and me.json()["auth"] == "api_key"
    assert (await client.get(f"{AUTH}/me", headers={"X-API-Key": key + "x"})).status_code == 401

    revoked = await client.delete(f"/api/v1/api-keys/{created.json()['id']}", headers=admin_headers)
    assert revoked.json()["revoked_at"] is not None
    assert (await client.get(f"{AUTH}/me", headers={"X-API-Key": key})).status_code == 401


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_key_never_exceeds_owner_role(client: httpx.AsyncClient, role_headers: dict, admin_headers: dict) -> None:
    created = await client.post("/api/v1/api-keys", json={"name": "k", "role": "admin"}, headers=admin_headers)
    key = created.json()["key"]
    users = (await client.get("/api/v1/users", headers=admin_headers)).json()
    admin_id = next(u["id"] for u in users if u["username"] == "admin")
    other_admin = await client.post(
        "/api/v1/users", json={"username": "root2", "password": ROLE_PASSWORD, "role": "admin"}, headers=admin_headers
    )
    assert other_admin.status_code == 201
    root2 = await login(client, "root2", ROLE_PASSWORD)
    await client.patch(f"/api/v1/users/{admin_id}", json={"role": "viewer"}, headers=root2)
    me = await client.get(f"{AUTH}/me", headers={"X-API-Key": key})
    assert me.json()["role"] == "viewer"
