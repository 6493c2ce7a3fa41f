"""Shared fixtures: a real PostgreSQL server for the session, an app per test on SQLite or
PostgreSQL (the `database_url` fixture is parametrised, so API tests run on both), and
authenticated clients for each role.

In CI (`CI=true`) a missing real component fails the test; locally it skips with the reason.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from app.core import migrations
from app.core.config import Settings
from app.main import create_app
from tests import pg_server

# Tests never read the developer's own Phoenix environment; code paths that use the process-wide
# settings (the template catalog) see a dev configuration.
for _key in [k for k in os.environ if k.startswith("PHOENIX_")]:
    del os.environ[_key]
os.environ["PHOENIX_ENV"] = "dev"

IN_CI = os.environ.get("CI", "").lower() == "true"
ADMIN_PASSWORD = "admin-password-for-tests"
ROLE_PASSWORD = "role-password-for-tests"


def require_component(name: str, reason: str) -> None:
    """Fail in CI, skip locally: a test that needs a real component never silently passes."""
    message = f"{name} is required for this test: {reason}"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres() -> Iterator[pg_server.PgServer]:
    try:
        server = pg_server.start_server()
    except (FileNotFoundError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        require_component("PostgreSQL", f"{exc} {detail.decode(errors='replace')[:500]}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres: pg_server.PgServer) -> str:
    """A migrated template database; each test clones it (fast) instead of migrating anew."""
    postgres.psql("CREATE DATABASE phoenix_template")
    migrations.upgrade(postgres.url("phoenix_template"))
    return "phoenix_template"


def _sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'phoenix.db'}"


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty-of-data database of each kind."""
    if request.param == "sqlite":
        yield _sqlite_url(tmp_path)
        return
    server: pg_server.PgServer = request.getfixturevalue("postgres")
    template = request.getfixturevalue("postgres_template")
    name = f"t_{uuid.uuid4().hex[:12]}"
    server.psql(f"CREATE DATABASE {name} TEMPLATE {template}")
    yield server.url(name)
    server.psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def make_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "env": "dev",
        "database_url": database_url,
        "jwt_secret": "test-secret-" + "x" * 32,
        "admin_password": ADMIN_PASSWORD,
        # Background loops off: tests drive the reconciler and sampler themselves, deterministically.
        "jobs_enabled": False,
        # The embedded engine unless a test asks for real collectors (tests/runtimes/collector).
        "local_measurement": "engine",
        **overrides,
    }
    return Settings(_env_file=None, **values)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    async with LifespanManager(application, startup_timeout=60):
        yield application


def client_for(app: FastAPI, headers: dict[str, str] | None = None) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(transport=transport, base_url="http://phoenix.test", headers=headers or {})


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as c:
        yield c


async def login(client: httpx.AsyncClient, username: str, password: str) -> dict[str, str]:
    response = await client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
async def admin_headers(client: httpx.AsyncClient) -> dict[str, str]:
    return await login(client, "admin", ADMIN_PASSWORD)


@pytest.fixture
async def role_headers(client: httpx.AsyncClient, admin_headers: dict[str, str]) -> dict[str, dict[str, str]]:
    """Bearer headers for one user of each role."""
    headers = {"admin": admin_headers}
    for role in ("viewer", "operator"):
        created = await client.post(
            "/api/v1/users",
            json={"username": f"{role}-user", "password": ROLE_PASSWORD, "role": role},
            headers=admin_headers,
        )
        assert created.status_code == 201, created.text
        headers[role] = await login(client, f"{role}-user", ROLE_PASSWORD)
    return headers
