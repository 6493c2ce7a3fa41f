"""Crash safety of the controller: SIGKILL the server while an experiment runs, start it again, and
the experiment continues and completes with every transition recorded exactly once. Real server
processes with their own scheduler, on SQLite and PostgreSQL."""

from __future__ import annotations

import signal
import uuid
from pathlib import Path

import httpx
import pytest

from tests.experiment_bodies import experiment_body
from tests.live_server import LiveServer, wait_for

FAST_LOOPS = {"PHOENIX_RECONCILE_INTERVAL": "0.5", "PHOENIX_SAMPLE_INTERVAL": "0.5"}


@pytest.fixture(params=["sqlite", "postgres"])
def restart_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'restart.db'}"
    pg = request.getfixturevalue("postgres")
    name = f"restart_{uuid.uuid4().hex[:8]}"
    pg.psql(f"CREATE DATABASE {name}")
    return pg.url(name)


def test_sigkill_while_running_then_resume(restart_db: str) -> None:
    first = LiveServer(database_url=restart_db, extra_env=FAST_LOOPS).start()
    try:
        headers = {"Authorization": f"Bearer {first.token()}"}
        # Long enough that the second server, however slow to start on a busy machine, still samples.
        body = experiment_body(duration="15s", warmup="1s")
        created = httpx.post(f"{first.url}/api/v1/experiments", json=body, headers=headers)
        assert created.status_code == 201, created.text
        url = f"/api/v1/experiments/{created.json()['id']}"
        httpx.post(f"{first.url}{url}/start", headers=headers).raise_for_status()
        wait_for(lambda: httpx.get(f"{first.url}{url}", headers=headers).json()["phase"] == "running", 30, "running")
    finally:
        first.stop(signal.SIGKILL)

    second = LiveServer(database_url=restart_db, extra_env=FAST_LOOPS, admin_password=first.admin_password).start()
    try:
        headers = {"Authorization": f"Bearer {second.token()}"}
        final = wait_for(
            lambda: (e := httpx.get(f"{second.url}{url}", headers=headers).json())["phase"] == "completed" and e,
            90,
            "completed",
        )
        assert final["verdict"] is not None
        history = httpx.get(f"{second.url}{url}/transitions", headers=headers).json()
        assert [t["to_phase"] for t in history] == ["pending", "deploying", "running", "analyzing", "completed"]
        events = httpx.get(f"{second.url}{url}/events", headers=headers).json()
        assert any(e["kind"] == "variants_reapplied" for e in events)
        samples = httpx.get(f"{second.url}{url}/timeseries", headers=headers).json()
        assert len(samples["baseline"]) >= 2 and len(samples["candidate"]) >= 2
    finally:
        second.stop()
