"""`/api/v1/simulations` on a small app of its own, served by uvicorn (the router, the error envelope,
a caller whose role the test chooses): roles, live counts while a population starts, stop, and clear
4xx errors; then the `phoenix loadsim` commands against the same server over HTTP."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from typer.testing import CliRunner

from app.auth.dependencies import Principal, get_principal
from app.auth.models import Role, User
from app.cli import loadsim
from app.core.errors import install_error_handlers
from app.simulation.router import router
from app.simulation.service import SimulationManager

BASE = "/api/v1/simulations"


class Caller:
    role = Role.operator

    def __call__(self) -> Principal:
        return Principal(
            user=User(username=f"test-{self.role.value}", password_hash="-", role=self.role.value),
            role=self.role,
            auth="api_key",
        )


@pytest.fixture
def caller() -> Caller:
    return Caller()


def _app(caller: Caller, manager: SimulationManager | None) -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    app.include_router(router)
    if manager is not None:
        app.state.simulations = manager
    app.dependency_overrides[get_principal] = caller
    return app


def _serve(app: FastAPI) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def url(manager: SimulationManager, caller: Caller) -> Iterator[str]:
    yield from _serve(_app(caller, manager))


@pytest.fixture
def api(url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, timeout=30) as client:
        yield client


def _wait(api: httpx.Client, simulation_id: str, status: str, timeout: float = 30) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while (body := api.get(f"{BASE}/{simulation_id}").json())["status"] != status:
        assert time.monotonic() < deadline and body["status"] in ("starting", "running", "stopping"), body
        time.sleep(0.02)
    return body


def test_profiles_for_viewers(api: httpx.Client, caller: Caller) -> None:
    caller.role = Role.viewer
    response = api.get(f"{BASE}/profiles")
    assert response.status_code == 200
    body = response.json()
    assert [p["name"] for p in body["profiles"]] == ["realistic", "high-cardinality", "high-churn", "custom"]
    assert body["host_cap"] == 3000 and body["in_use"] == 0
    churn = body["profiles"][2]
    assert churn["churn_rate_range"] == [20.0, 30.0] and any(g["role"] == "churn" for g in churn["groups"])


def test_viewers_cannot_start_or_stop(api: httpx.Client, caller: Caller, manager: SimulationManager) -> None:
    caller.role = Role.viewer
    denied = api.post(BASE, json={"profile": "realistic"})
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "forbidden"
    assert api.post(f"{BASE}/whatever/stop").status_code == 403
    assert manager.list() == []


def test_start_returns_at_once_and_counts_climb_until_running(api: httpx.Client, caller: Caller) -> None:
    response = api.post(BASE, json={"profile": "high-cardinality", "process_count": 2000, "duration": "10m"})
    assert response.status_code == 202
    started = response.json()
    assert started["status"] == "starting" and started["target_processes"] == 2000 and started["duration"] == 600
    counts = [started["started"]]
    while (body := api.get(f"{BASE}/{started['id']}").json())["status"] == "starting":
        counts.append(body["started"])
        time.sleep(0.01)
    assert counts == sorted(counts) and counts[0] < 2000
    caller.role = Role.viewer
    running = _wait(api, started["id"], "running")
    assert running["active_processes"] == running["started"] == 2000 and running["progress"] == 1.0
    assert running["exited"] == 0 and running["ends_at"] is not None
    listed = api.get(BASE).json()
    assert [s["id"] for s in listed] == [started["id"]]

    caller.role = Role.operator
    stopped = api.post(f"{BASE}/{started['id']}/stop")
    assert stopped.status_code == 200
    assert stopped.json()["status"] == "stopped" and stopped.json()["active_processes"] == 0
    assert stopped.json()["exited"] == 2000


@pytest.mark.parametrize(
    ("body", "status", "text"),
    [
        ({"profile": "realistic", "process_count": -3}, 422, "body.process_count"),
        ({"profile": "high-churn", "churn_rate": -1}, 422, "body.churn_rate"),
        ({"profile": "realistic", "duration": "soon"}, 422, "invalid duration"),
        ({"profile": "realistic", "colour": "red"}, 422, "body.colour"),
        ({"profile": "custom"}, 422, "needs its definition"),
        ({"profile": "nope"}, 422, "unknown load profile 'nope'"),
        ({"profile": "high-cardinality", "process_count": 5000}, 422, "between 1000 and 2000"),
        (
            {
                "profile": "custom",
                "custom": {
                    "process_count": 4000,
                    "groups": [{"name": "w", "exe_path": "/w", "command": "w {uid}", "role": "pool"}],
                },
            },
            422,
            "host cap of 3000",
        ),
    ],
)
def test_bad_requests_get_a_clear_error_and_start_nothing(
    api: httpx.Client, manager: SimulationManager, body: dict, status: int, text: str
) -> None:
    response = api.post(BASE, json=body)
    assert response.status_code == status
    error = response.json()["error"]
    assert text in error["message"] + json.dumps(error["details"])
    assert manager.list() == []


def test_unknown_simulation_is_404(api: httpx.Client) -> None:
    assert api.get(f"{BASE}/nope").json()["error"]["code"] == "not_found"
    assert api.post(f"{BASE}/nope/stop").status_code == 404


def test_over_the_cap_with_others_running_is_409(api: httpx.Client) -> None:
    first = api.post(BASE, json={"profile": "high-cardinality", "process_count": 2000})
    assert first.status_code == 202
    second = api.post(BASE, json={"profile": "high-cardinality", "process_count": 1500})
    assert second.status_code == 409
    assert second.json()["error"]["details"]["in_use"] == first.json()["reserved_processes"]
    api.post(f"{BASE}/{first.json()['id']}/stop")


def test_unwired_app_says_so(caller: Caller) -> None:
    for url in _serve(_app(caller, None)):
        response = httpx.get(f"{url}{BASE}/profiles")
    assert response.status_code == 409 and "not running" in response.json()["error"]["message"]


# -- the CLI against the same app ------------------------------------------------------------------


@pytest.fixture
def cli(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """`phoenix loadsim` pointed at the test server (no saved credentials: the server admits the caller)."""
    monkeypatch.setenv("PHOENIX_URL", url)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv("PHOENIX_API_KEY", raising=False)
    return CliRunner()


def test_loadsim_commands(cli: CliRunner) -> None:
    profiles = cli.invoke(loadsim.app, ["list-profiles"])
    assert profiles.exit_code == 0 and "high-churn" in profiles.stdout and "host cap: 3000" in profiles.stdout
    as_json = json.loads(cli.invoke(loadsim.app, ["list-profiles", "--output", "json"]).stdout)
    assert as_json["host_cap"] == 3000

    started = cli.invoke(loadsim.app, ["start", "--profile", "high-cardinality", "-n", "1500", "-o", "json"])
    assert started.exit_code == 0, started.output
    body = json.loads(started.stdout)  # the progress bar went to stderr
    assert body["status"] == "running" and body["active_processes"] == 1500
    assert "starting processes" in started.stderr

    listed = cli.invoke(loadsim.app, ["status"])
    assert listed.exit_code == 0 and body["id"] in listed.stdout and "running" in listed.stdout
    one = json.loads(cli.invoke(loadsim.app, ["status", body["id"], "--output", "json"]).stdout)
    assert one["id"] == body["id"]

    stopped = cli.invoke(loadsim.app, ["stop", body["id"]])
    assert stopped.exit_code == 0 and "stopped" in stopped.stdout

    refused = cli.invoke(loadsim.app, ["start", "--profile", "nope"])
    assert refused.exit_code == 1 and "unknown load profile 'nope'" in refused.stderr
