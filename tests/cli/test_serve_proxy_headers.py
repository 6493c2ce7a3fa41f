"""`phoenix serve` believes X-Forwarded-For only from PHOENIX_TRUSTED_PROXIES.

uvicorn on its own trusts the header from 127.0.0.1, so before issue 13 a local (or same-host
proxy-bypassing) client could pick a fresh throttle address per request. A real server process,
since that uvicorn configuration is what is under test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.auth.throttle import MAX_FAILURES_PER_ADDRESS
from tests.live_server import LiveServer


@pytest.fixture
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LiveServer]:
    extra_env = {"PHOENIX_TRUSTED_PROXIES": request.param} if request.param else {}
    live = LiveServer(database_url=f"sqlite+aiosqlite:///{tmp_path / 'serve.db'}", extra_env=extra_env).start()
    yield live
    live.stop()


def _spray(url: str) -> list[int]:
    """One failed login per name, each claiming a different forwarded address."""
    statuses = []
    with httpx.Client(base_url=url, timeout=30) as client:
        for n in range(MAX_FAILURES_PER_ADDRESS + 1):
            response = client.post(
                "/api/v1/auth/login",
                json={"username": f"name{n}", "password": "wrong"},
                headers={"X-Forwarded-For": f"192.0.2.{n}"},
            )
            statuses.append(response.status_code)
    return statuses


@pytest.mark.parametrize("server", [None], indirect=True)
def test_forwarded_for_from_localhost_is_not_believed_by_default(server: LiveServer) -> None:
    statuses = _spray(server.url)
    assert statuses[:-1] == [401] * MAX_FAILURES_PER_ADDRESS
    assert statuses[-1] == 429  # every try counted against 127.0.0.1, whatever the header said


@pytest.mark.parametrize("server", ["127.0.0.1"], indirect=True)
def test_forwarded_for_from_a_configured_proxy_is_believed(server: LiveServer) -> None:
    assert _spray(server.url) == [401] * (MAX_FAILURES_PER_ADDRESS + 1)  # one address per client
