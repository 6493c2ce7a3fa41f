"""Issue 13, auth hardening: the login throttle counts per username and per client address (an
untrusted X-Forwarded-For cannot pick the address), password / role changes revoke tokens, and
authentication costs one database statement per request.

Time is moved with an injected clock, never slept.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import event

from app.auth.throttle import LoginThrottle
from app.main import create_app
from tests.conftest import ADMIN_PASSWORD, ROLE_PASSWORD, client_for, login, make_settings

AUTH = "/api/v1/auth"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _throttle(app: FastAPI, **limits: Any) -> FakeClock:
    """Give the app a throttle on a fake clock (same limits as production unless overridden)."""
    clock = FakeClock()
    app.state.login_throttle = LoginThrottle(clock=clock, **limits)
    return clock


def _client_at(app: FastAPI, address: str) -> httpx.AsyncClient:
    """A client whose TCP peer address, as the server sees it, is `address`."""
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://phoenix.test")


async def _fail(client: httpx.AsyncClient, username: str, headers: dict[str, str] | None = None) -> httpx.Response:
    return await client.post(f"{AUTH}/login", json={"username": username, "password": "wrong"}, headers=headers)


def _assert_throttled(response: httpx.Response, retry_after: int) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["retry-after"] == str(retry_after)
    assert response.json() == {
        "error": {
            "code": "too_many_requests",
            "message": "too many failed logins; try again later",
            "details": {"retry_after_seconds": retry_after},
        }
    }


# --- throttle: per username, per address, Retry-After ---------------------------------------------


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_per_username_throttle_counts_every_address(app: FastAPI, client: httpx.AsyncClient) -> None:
    clock = _throttle(app)
    # Five failures for `admin`, each from a different address (a botnet): the sixth try is refused
    # even with the right password and from a new address.
    peers = [_client_at(app, f"203.0.113.{n + 1}") for n in range(6)]
    for peer in peers[:5]:
        assert (await _fail(peer, "admin")).status_code == 401
        clock.now += 2
    refused = await peers[5].post(f"{AUTH}/login", json={"username": "admin", "password": ADMIN_PASSWORD})
    _assert_throttled(refused, retry_after=50)  # failures at 0, 2 ... 8 s, now is 10 s: the first expires at 60
    assert (await _fail(client, "someone-else")).status_code == 401  # other names are not affected

    clock.now += 49
    _assert_throttled(await peers[5].post(f"{AUTH}/login", json={"username": "admin", "password": "x"}), 1)
    clock.now += 1
    assert (await peers[5].post(f"{AUTH}/login", json={"username": "admin", "password": ADMIN_PASSWORD})).is_success
    for peer in peers:
        await peer.aclose()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_per_address_throttle_counts_every_username(app: FastAPI, client: httpx.AsyncClient) -> None:
    clock = _throttle(app, max_per_address=20)
    # One address spraying one wrong password over 20 names (4 each, under the per-user limit)...
    for n in range(20):
        assert (await _fail(client, f"user{n % 5}")).status_code == 401
        clock.now += 1
    # ... is refused for any name, even a right password; the retry is when its oldest failure expires.
    _assert_throttled(await _fail(client, "fresh-name"), retry_after=40)
    right = await client.post(f"{AUTH}/login", json={"username": "admin", "password": ADMIN_PASSWORD})
    _assert_throttled(right, retry_after=40)

    async with _client_at(app, "198.51.100.7") as other:
        assert (await _fail(other, "fresh-name")).status_code == 401  # another address is not affected

    clock.now += 40
    assert (await client.post(f"{AUTH}/login", json={"username": "admin", "password": ADMIN_PASSWORD})).is_success


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_success_clears_the_username_not_the_address(app: FastAPI, client: httpx.AsyncClient) -> None:
    """Else the holder of one valid account could reset the address counter between guesses."""
    _throttle(app, max_per_user=3, max_per_address=4)
    for _ in range(2):
        assert (await _fail(client, "admin")).status_code == 401
    await login(client, "admin", ADMIN_PASSWORD)
    assert (await _fail(client, "admin")).status_code == 401  # admin's count started again...
    assert (await _fail(client, "victim")).status_code == 401
    assert (await _fail(client, "victim")).status_code == 429  # ...but the address has had its four


# --- the client address: X-Forwarded-For only from trusted proxies --------------------------------


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_x_forwarded_for_from_an_untrusted_peer_is_ignored(app: FastAPI, client: httpx.AsyncClient) -> None:
    """No proxy is trusted by default: a client rotating X-Forwarded-For stays one address."""
    assert app.state.settings.trusted_proxies == []
    _throttle(app, max_per_address=20)
    for n in range(20):
        forged = {"X-Forwarded-For": f"192.0.2.{n}"}
        assert (await _fail(client, f"name{n}", headers=forged)).status_code == 401
    _assert_throttled(await _fail(client, "name-x", headers={"X-Forwarded-For": "192.0.2.200"}), retry_after=60)
    assert list(app.state.login_throttle.by_address.failures) == ["127.0.0.1"]


@pytest.fixture
async def proxied_app(database_url: str) -> AsyncIterator[FastAPI]:
    """The app behind a reverse proxy at 127.0.0.1 (the test client's address) and in 10.0.0.0/8."""
    application = create_app(make_settings(database_url, trusted_proxies=["127.0.0.1", "10.0.0.0/8"]))
    async with LifespanManager(application, startup_timeout=60):
        yield application


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_x_forwarded_for_from_a_trusted_proxy_names_the_client(proxied_app: FastAPI) -> None:
    _throttle(proxied_app, max_per_address=3)
    async with client_for(proxied_app) as client:
        # The proxy appended the real client (198.51.100.9) after what the client claimed (1.2.3.4),
        # and another trusted hop (10.1.2.3) after that: the rightmost untrusted hop is the client.
        chained = {"X-Forwarded-For": "1.2.3.4, 198.51.100.9, 10.1.2.3"}
        for _ in range(3):
            assert (await _fail(client, "someone", headers=chained)).status_code == 401
        assert list(proxied_app.state.login_throttle.by_address.failures) == ["198.51.100.9"]
        _assert_throttled(await _fail(client, "other", headers={"X-Forwarded-For": "198.51.100.9"}), 60)
        # Each client behind the proxy has its own count, and the proxy itself is not throttled.
        assert (await _fail(client, "other", headers={"X-Forwarded-For": "198.51.100.10"})).status_code == 401
        assert (await _fail(client, "other2")).status_code == 401

    # The same header from a peer that is not a proxy changes nothing.
    async with _client_at(proxied_app, "203.0.113.50") as untrusted:
        assert (await _fail(untrusted, "x", headers={"X-Forwarded-For": "198.51.100.10"})).status_code == 401
    assert "203.0.113.50" in proxied_app.state.login_throttle.by_address.failures


# --- revocation: password change, reset, role change --------------------------------------------


async def _create_user(client: httpx.AsyncClient, admin: dict[str, str], role: str = "operator") -> int:
    created = await client.post(
        "/api/v1/users", json={"username": "dana", "password": ROLE_PASSWORD, "role": role}, headers=admin
    )
    assert created.status_code == 201, created.text
    return created.json()["id"]


def _assert_token_rejected(response: httpx.Response, message: str = "invalid or expired access token") -> None:
    assert response.status_code == 401, response.text
    assert response.json() == {"error": {"code": "unauthorized", "message": message, "details": None}}
    assert response.headers["www-authenticate"] == "Bearer"


async def _pair(client: httpx.AsyncClient, username: str, password: str) -> tuple[dict[str, str], str]:
    response = await client.post(f"{AUTH}/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}, response.json()["refresh_token"]


async def _assert_pair_revoked(client: httpx.AsyncClient, bearer: dict[str, str], refresh: str) -> None:
    _assert_token_rejected(await client.get(f"{AUTH}/me", headers=bearer))
    refused = await client.post(f"{AUTH}/refresh", json={"refresh_token": refresh})
    _assert_token_rejected(refused, "invalid or expired refresh token")


async def test_password_change_revokes_access_and_refresh_tokens(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    user_id = await _create_user(client, admin_headers)
    bearer, refresh = await _pair(client, "dana", ROLE_PASSWORD)
    assert (await client.get(f"{AUTH}/me", headers=bearer)).status_code == 200

    changed = await client.patch(
        f"/api/v1/users/{user_id}", json={"password": "a-brand-new-password"}, headers=admin_headers
    )
    assert changed.status_code == 200
    await _assert_pair_revoked(client, bearer, refresh)
    assert (await client.post(f"{AUTH}/login", json={"username": "dana", "password": ROLE_PASSWORD})).status_code == 401
    new_bearer, new_refresh = await _pair(client, "dana", "a-brand-new-password")
    assert (await client.get(f"{AUTH}/me", headers=new_bearer)).json()["username"] == "dana"
    assert (await client.post(f"{AUTH}/refresh", json={"refresh_token": new_refresh})).status_code == 200


async def test_role_change_revokes_tokens_and_keys_follow_the_role(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    user_id = await _create_user(client, admin_headers, role="admin")
    bearer, refresh = await _pair(client, "dana", ROLE_PASSWORD)
    key = (await client.post("/api/v1/api-keys", json={"name": "ci", "role": "operator"}, headers=bearer)).json()["key"]

    demoted = await client.patch(f"/api/v1/users/{user_id}", json={"role": "viewer"}, headers=admin_headers)
    assert demoted.json()["role"] == "viewer"
    await _assert_pair_revoked(client, bearer, refresh)
    new_bearer, _ = await _pair(client, "dana", ROLE_PASSWORD)
    assert (await client.get(f"{AUTH}/me", headers=new_bearer)).json()["role"] == "viewer"
    # The key is not revoked but acts with the new role at once (never more than its owner has).
    assert (await client.get(f"{AUTH}/me", headers={"X-API-Key": key})).json()["role"] == "viewer"

    # Same role again: nothing changes, so nothing is revoked.
    same = await client.patch(f"/api/v1/users/{user_id}", json={"role": "viewer"}, headers=admin_headers)
    assert same.status_code == 200
    assert (await client.get(f"{AUTH}/me", headers=new_bearer)).status_code == 200


async def test_deactivation_revokes_tokens_for_good(client: httpx.AsyncClient, admin_headers: dict[str, str]) -> None:
    """Reactivating an account does not bring back the tokens it had."""
    user_id = await _create_user(client, admin_headers)
    bearer, refresh = await _pair(client, "dana", ROLE_PASSWORD)
    await client.patch(f"/api/v1/users/{user_id}", json={"is_active": False}, headers=admin_headers)
    await client.patch(f"/api/v1/users/{user_id}", json={"is_active": True}, headers=admin_headers)
    await _assert_pair_revoked(client, bearer, refresh)
    await login(client, "dana", ROLE_PASSWORD)


def _phoenix(args: list[str], database_url: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHOENIX_")}
    env.update(PHOENIX_DATABASE_URL=database_url, PHOENIX_JWT_SECRET="cli-" + "s" * 40, PHOENIX_LOG_LEVEL="WARNING")
    return subprocess.run(
        [sys.executable, "-m", "app.cli.main", *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )


async def test_password_reset_from_the_cli_revokes_tokens(
    settings: Any, client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    """`phoenix users set-password` (the way back in) reaches the running server's token checks."""
    bearer, refresh = await _pair(client, "admin", ADMIN_PASSWORD)
    reset = _phoenix(["users", "set-password", "admin", "--password", "reset-by-the-cli-pw"], settings.database_url)
    assert reset.returncode == 0, reset.stderr
    await _assert_pair_revoked(client, bearer, refresh)
    _assert_token_rejected(await client.get(f"{AUTH}/me", headers=admin_headers))
    new_bearer, _ = await _pair(client, "admin", "reset-by-the-cli-pw")
    assert (await client.get(f"{AUTH}/me", headers=new_bearer)).status_code == 200


# --- one database statement per authenticated request --------------------------------------------


@contextmanager
def _statements(app: FastAPI) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def test_authentication_is_one_statement(
    app: FastAPI, client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    key = (await client.post("/api/v1/api-keys", json={"name": "ci"}, headers=admin_headers)).json()["key"]
    assert (await client.get(f"{AUTH}/me", headers={"X-API-Key": key})).status_code == 200  # first use: stamps it

    app.state.principals.clear()
    for headers in (admin_headers, {"X-API-Key": key}):
        with _statements(app) as seen:
            response = await client.get(f"{AUTH}/me", headers=headers)
        assert response.status_code == 200
        assert len(seen) == 1, seen
        with _statements(app) as seen:  # the same credential again: from the cache, no statement
            assert (await client.get(f"{AUTH}/me", headers=headers)).status_code == 200
        assert seen == []
    with _statements(app) as seen:
        _assert_token_rejected(await client.get(f"{AUTH}/me", headers={"Authorization": "Bearer not-a-token"}))
    assert seen == []  # a token that does not verify costs no database work
