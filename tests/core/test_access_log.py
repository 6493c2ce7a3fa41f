"""One access log line per request (request id, method, route template, status, duration), as text
by default and as one JSON object per line with PHOENIX_LOG_FORMAT=json (`configure_logging`, as
`phoenix serve` sets it up, in front of the real app on a temp SQLite database)."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from asgi_lifespan import LifespanManager

from app.core.logging import configure_logging
from app.main import create_app
from tests.conftest import client_for, make_settings

ROUTE = "/api/v1/experiments/{experiment_id}"
REQUEST_ID = "access-test-1"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """configure_logging replaces the root handlers: put the test session's back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


async def _one_request(tmp_path: Path, log_format: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)  # configure_logging writes to the stderr of the moment
    configure_logging("INFO", log_format)
    app = create_app(make_settings(f"sqlite+aiosqlite:///{tmp_path / 'access.db'}"))
    async with LifespanManager(app, startup_timeout=60), client_for(app) as client:
        response = await client.get("/api/v1/experiments/some-id", headers={"X-Request-Id": REQUEST_ID})
    assert response.status_code == 401
    return stream.getvalue().splitlines()


@pytest.mark.usefixtures("restore_logging")
async def test_text_access_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = await _one_request(tmp_path, "text", monkeypatch)
    ours = [line for line in lines if "phoenix.access" in line and f"[{REQUEST_ID}]" in line]
    assert len(ours) == 1, lines
    assert f"GET {ROUTE} 401 " in ours[0] and ours[0].endswith("ms")


@pytest.mark.usefixtures("restore_logging")
async def test_json_access_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = [json.loads(line) for line in await _one_request(tmp_path, "json", monkeypatch)]  # one object a line
    ours = [r for r in records if r.get("name") == "phoenix.access" and r.get("request_id") == REQUEST_ID]
    assert len(ours) == 1, records
    line = ours[0]
    assert (line["method"], line["route"], line["status"]) == ("GET", ROUTE, 401)
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["level"] == "INFO" and "time" in line and ROUTE in line["message"]
