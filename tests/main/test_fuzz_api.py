"""Property-based fuzzing of every API operation against a real server: whatever a client sends,
the answer is never a 5xx, and every error uses the one envelope.

Schemathesis generates valid and invalid requests from the OpenAPI schema; the server is a real
`phoenix serve` process on SQLite and on PostgreSQL, called with an admin API key so auth does not
hide the handlers. Generation is derandomised so a CI failure reproduces locally.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.live_server import LiveServer


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LiveServer, dict[str, str]]]:
    if request.param == "sqlite":
        db: Path = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
        url = f"sqlite+aiosqlite:///{db}"
    else:
        pg = request.getfixturevalue("postgres")
        pg.psql("CREATE DATABASE fuzz")
        url = pg.url("fuzz")
    # A cap that keeps fuzzed simulation requests cheap (the schema example starts a real one).
    server = LiveServer(database_url=url, extra_env={"PHOENIX_SIM_MAX_PROCESSES": "150"}).start()
    try:
        bearer = {"Authorization": f"Bearer {server.token()}"}
        key = httpx.post(f"{server.url}/api/v1/api-keys", json={"name": "fuzz", "role": "admin"}, headers=bearer)
        key.raise_for_status()
        yield server, {"X-API-Key": key.json()["key"]}
    finally:
        server.stop()


@pytest.fixture(scope="module")
def api_schema(live: tuple[LiveServer, dict[str, str]]) -> schemathesis.BaseSchema:
    server, _ = live
    return schemathesis.openapi.from_url(f"{server.url}/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_one_error_envelope(case: schemathesis.Case, live: tuple) -> None:
    _, headers = live
    response = case.call(headers={**(case.headers or {}), **headers}, timeout=10)
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code} {response.text}"
    if response.status_code >= 400:
        error = response.json()["error"]
        assert set(error) == {"code", "message", "details"} and error["message"], response.text
