"""A whole experiment from the command line against a real server with fast loops: run a scenario
(twice, without editing it), watch it to the end, read its results, promote it, then work the
deployment and the control loop; and loadsim's read-only commands."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli.phoenix_cli import Phoenix
from tests.live_server import LiveServer

SCENARIO = """\
name: cli-live
baseline: {template: process-baseline-v1}
candidate: {template: process-topk-v1}
duration: 6
warmup: 1
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    db = tmp_path_factory.mktemp("experiments") / "experiments.db"
    fast = {"PHOENIX_RECONCILE_INTERVAL": "0.5", "PHOENIX_SAMPLE_INTERVAL": "1"}
    live = LiveServer(database_url=f"sqlite+aiosqlite:///{db}", extra_env=fast).start()
    yield live
    live.stop()


@pytest.fixture
def phoenix(server: LiveServer, tmp_path: Path) -> Phoenix:
    cli = Phoenix(tmp_path, url=server.url)
    cli.ok("login", "-u", "admin", "--password", server.admin_password)
    return cli


def test_experiment_lifecycle(phoenix: Phoenix, tmp_path: Path) -> None:
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(SCENARIO)
    first: Any = phoenix.json("experiment", "run", "-f", str(scenario))
    assert first["name"] == "cli-live" and first["phase"] in ("deploying", "running")
    again: Any = phoenix.json("experiment", "run", "-f", str(scenario))  # the same file, a new run
    assert again["name"] == "cli-live-run-2"
    assert phoenix.json("experiment", "stop", again["id"], "--reason", "demo")["phase"] == "cancelled"
    assert scenario.read_text() == SCENARIO

    # Bounded by the experiment finishing (6 s of samples on 0.5 s reconcile ticks).
    watched = phoenix.ok("experiment", "status", first["id"], "--watch", "--interval", "0.5").stdout
    assert "completed" in watched and "ELAPSED" in watched and "REMAINING" in watched
    assert "SAMPLES" in watched and "baseline" in watched and "candidate" in watched and "(final)" in watched

    results: Any = phoenix.json("experiment", "results", first["id"])
    assert results["final"] is True and results["comparison"]["samples"]["candidate"] >= 1
    assert phoenix.ok("experiment", "results", first["id"]).stdout.startswith(f"verdict: {results['verdict']} (final)")
    compared = phoenix.ok("experiment", "compare", first["id"]).stdout
    assert "KPI" in compared and "BASELINE" in compared and "output_series" in compared
    history = phoenix.ok("experiment", "history", first["id"]).stdout
    assert "transitions" in history and "running" in history and "completed" in history
    assert "receivers:" in phoenix.ok("experiment", "variants", first["id"], "--variant", "candidate").stdout
    series: Any = phoenix.json("experiment", "timeseries", first["id"])
    assert series["baseline"] and series["candidate"]

    promoted = phoenix("experiment", "promote", first["id"])
    assert promoted.returncode == 0, promoted.stderr
    deployments: Any = phoenix.json("deployment", "list")
    assert len(deployments) == 1 and deployments[0]["source_experiment_id"] == first["id"]
    deployment_id = deployments[0]["id"]
    shown = phoenix.ok("deployment", "show", deployment_id).stdout
    assert "STATUS" in shown and "transitions" in shown and "receivers:" in shown
    assert phoenix.json("deployment", "pause", deployment_id, "--reason", "cli")["status"] == "suspended"
    assert phoenix.json("deployment", "resume", deployment_id)["status"] != "suspended"
    rollback = phoenix("deployment", "rollback", deployment_id)
    assert rollback.returncode == 1 and "nothing to roll back to" in rollback.stderr.splitlines()[0]

    signal: Any = phoenix.json("control", "signal", "pause", "--deployment", deployment_id, "--reason", "cli")
    assert signal["kind"] == "pause" and signal["deployment_id"] == deployment_id
    assert signal["id"] in phoenix.ok("control", "signals").stdout
    both = phoenix("control", "signal", "pause")
    assert both.returncode == 2 and "exactly one of --experiment or --deployment" in both.stderr
    status: Any = phoenix.yaml("control", "status")
    assert status["runtime"] == "local"
    assert "runtime local" in phoenix.ok("control", "status").stdout
    assert isinstance(phoenix.json("control", "drift"), list)
    assert isinstance(phoenix.json("control", "live"), list)
    assert "DEPLOYMENT" in phoenix.ok("control", "live").stdout

    assert phoenix.ok("experiment", "delete", again["id"]).stdout == f"deleted experiment {again['id']}\n"
    listed: Any = phoenix.yaml("experiment", "list")
    assert [e["name"] for e in listed["items"]] == ["cli-live"]
    table = phoenix.ok("experiment", "list").stdout
    assert "NAME" in table and "PHASE" in table and "cli-live" in table


def test_a_refused_scenario_field_is_file_and_line(phoenix: Phoenix, tmp_path: Path) -> None:
    scenario = tmp_path / "bad.yaml"
    scenario.write_text(SCENARIO.replace("name: cli-live", "name: cli-bad").replace("duration: 6", "duration: banana"))
    result = phoenix("experiment", "create", "-f", str(scenario))
    assert result.returncode == 1
    assert result.stderr.startswith(f"{scenario}:4: duration: "), result.stderr
    assert "Traceback" not in result.stderr


def test_loadsim_read_only_commands(phoenix: Phoenix) -> None:
    profiles: Any = phoenix.yaml("loadsim", "list-profiles")
    assert "high-churn" in {p["name"] for p in profiles["profiles"]}
    table = phoenix.ok("loadsim", "list-profiles").stdout
    assert "NAME" in table and "high-churn" in table and "host cap:" in table
    assert phoenix.json("loadsim", "status") == []
    assert phoenix.ok("loadsim", "status").stdout == "no simulations\n"
