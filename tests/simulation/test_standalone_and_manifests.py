"""`phoenix simulate` runs a simulation in the foreground and ends cleanly on its duration or SIGTERM;
the Kubernetes Job/DaemonSet that run it on target nodes pass the official schemas and carry a
command line the CLI accepts."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import kubernetes_validate
import psutil
import pytest
import typer
from typer.testing import CliRunner

from app.cli.loadsim import simulate
from app.simulation.manifests import LABEL_SIMULATION, SimulationTarget, build_simulation_manifests
from app.simulation.models import SimulationCreate
from app.simulation.settings import SimulationSettings

from .conftest import survivors, wait_until_gone

ROOT = Path(__file__).resolve().parents[2]
KUBERNETES_VERSION = "1.30.0"
SIMULATE = "import typer; from app.cli.loadsim import simulate; typer.run(simulate)"


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHOENIX_")}
    env.update(
        PHOENIX_SIM_WORK_DIR=str(tmp_path),
        PHOENIX_SIM_CPU_CORES="0.2",
        PHOENIX_SIM_SWITCH_OWNERS="false",
        PHOENIX_SIM_MEMORY_BYTES=str(16 * 1024 * 1024),
    )
    return env


def test_simulate_runs_for_its_duration_and_reports_json(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            SIMULATE,
            "--profile",
            "high-churn",
            "-n",
            "40",
            "--churn-rate",
            "20",
            "--duration",
            "2",
            "--output",
            "json",
        ],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    final = json.loads(done.stdout)
    assert final["status"] == "completed" and final["stop_reason"] == "duration"
    assert final["started"] == final["exited"] > 40 and final["active_processes"] == 0


def test_simulate_stops_on_sigterm_and_leaves_nothing(tmp_path: Path) -> None:
    run = subprocess.Popen(
        [sys.executable, "-c", SIMULATE, "--profile", "realistic", "-n", "60", "--duration", "5m", "-o", "json"],
        cwd=ROOT,
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        me = psutil.Process(run.pid)
        deadline = time.monotonic() + 30
        while len(children := me.children()) < 61:  # the population and its watchdog
            assert time.monotonic() < deadline and run.poll() is None, run.stderr.read()  # type: ignore[union-attr]
            time.sleep(0.05)
        run.send_signal(signal.SIGTERM)
        out, err = run.communicate(timeout=20)
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 0, err
    final = json.loads(out)
    assert final["status"] == "stopped" and final["active_processes"] == 0
    assert wait_until_gone(children, 2.0) == []


def test_simulate_refuses_bad_parameters_before_spawning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in _env(tmp_path).items():
        if key.startswith("PHOENIX_SIM_"):
            monkeypatch.setenv(key, value)
    app = typer.Typer()
    app.command()(simulate)
    before = {p.pid for p in psutil.Process().children()}
    refused = CliRunner().invoke(app, ["--profile", "realistic", "-n", "10"])
    assert refused.exit_code == 2 and "between 50 and 200" in refused.stderr
    negative = CliRunner().invoke(app, ["--profile", "realistic", "-n", "-1"])
    assert negative.exit_code == 2 and "process_count" in negative.stderr
    assert survivors([psutil.Process(p) for p in {c.pid for c in psutil.Process().children()} - before]) == []


def _validate(obj: dict[str, Any]) -> None:
    try:
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as exc:
        raise AssertionError(f"{obj['kind']}: {'.'.join(map(str, exc.path))}: {exc.message}") from None


CUSTOM = {
    "process_count": 3,
    "groups": [{"name": "worker", "exe_path": "/w", "command": "worker {uid}", "role": "pool"}],
}


@pytest.mark.parametrize("kind", ["Job", "DaemonSet"])
@pytest.mark.parametrize(
    "request_body",
    [
        {"profile": "high-churn", "process_count": 80, "churn_rate": 22.5, "duration": 600, "seed": 9},
        {"profile": "custom", "custom": CUSTOM, "duration": 120},
    ],
    ids=["high-churn", "custom"],
)
def test_kubernetes_manifests_are_valid_and_run_the_same_module(kind: str, request_body: dict, tmp_path: Path) -> None:
    request = SimulationCreate(**request_body)
    settings = SimulationSettings(cpu_cores=0.5, memory_bytes=256 * 1024 * 1024, max_processes=2500)
    objects = build_simulation_manifests(
        request,
        simulation="ab12cd34",
        kind=kind,
        settings=settings,
        target=SimulationTarget(
            namespace="load",
            node_selector={"pool": "perf"},
            tolerations=[{"key": "perf", "operator": "Exists", "effect": "NoSchedule"}],
        ),
    )
    for obj in objects:
        _validate(obj)
    workload = objects[-1]
    assert workload["kind"] == kind
    assert [o["kind"] for o in objects[:-1]] == (["ConfigMap"] if request.custom else [])
    assert workload["metadata"]["labels"][LABEL_SIMULATION] == "ab12cd34"
    pod = workload["spec"]["template"]["spec"]
    assert "hostPID" not in pod and pod["nodeSelector"]["pool"] == "perf"
    assert pod["nodeSelector"]["kubernetes.io/arch"] == "amd64"
    container = pod["containers"][0]
    assert container["resources"]["limits"] == {"cpu": "700m", "memory": "512Mi"}
    assert container["securityContext"]["runAsNonRoot"] is True
    env = {e["name"]: e["value"] for e in container["env"]}
    assert env["PHOENIX_SIM_MAX_PROCESSES"] == "2500"

    args = container["args"]
    assert args[:2] == ["phoenix", "simulate"] and ("--linger" in args) == (kind == "DaemonSet")
    if request.custom:  # the ConfigMap, mounted where the command line reads it
        mounted = tmp_path / "custom.json"
        mounted.write_text(objects[0]["data"]["custom.json"])
        assert json.loads(mounted.read_text()) == request.custom
        args = [str(mounted) if a.endswith("/custom.json") else a for a in args]
    app = typer.Typer()
    app.command()(simulate)
    context = typer.main.get_command(app).make_context("phoenix simulate", args[2:])
    assert context.params["profile"] == request.profile
    if request.profile == "high-churn":
        assert context.params["churn_rate"] == 22.5 and context.params["duration"] == "600"
    if kind == "Job":
        assert workload["spec"]["activeDeadlineSeconds"] == int(request.duration or 0) + 300
        assert pod["restartPolicy"] == "Never"
