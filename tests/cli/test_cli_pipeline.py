"""`phoenix login` and `phoenix pipeline ...` against a real server process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from app.engine.collector import CONTRIB_VERSION
from app.otelcol.binary import BUNDLED_BINARY, is_executable
from tests.live_server import LiveServer


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    db = tmp_path_factory.mktemp("cli") / "cli.db"
    live = LiveServer(database_url=f"sqlite+aiosqlite:///{db}").start()
    yield live
    live.stop()


def _phoenix(args: list[str], home: Path, server: LiveServer) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHOENIX_")}
    env.update(XDG_CONFIG_HOME=str(home), PHOENIX_URL=server.url, PHOENIX_ENV="dev")
    return subprocess.run(
        [sys.executable, "-m", "app.cli.main", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_pipeline_commands(server: LiveServer, tmp_path: Path) -> None:
    unauthenticated = _phoenix(["pipeline", "list"], tmp_path, server)
    assert unauthenticated.returncode == 1 and "phoenix login" in unauthenticated.stderr

    wrong = _phoenix(["login", "--username", "admin", "--password", "nope"], tmp_path, server)
    assert wrong.returncode == 1 and "invalid username or password" in wrong.stderr
    logged_in = _phoenix(["login", "--username", "admin", "--password", server.admin_password], tmp_path, server)
    assert logged_in.returncode == 0, logged_in.stderr
    credentials = tmp_path / "phoenix" / "credentials.json"
    assert credentials.stat().st_mode & 0o777 == 0o600

    listing = _phoenix(["pipeline", "list", "-o", "json"], tmp_path, server)
    assert {t["name"] for t in json.loads(listing.stdout)} >= {"process-topk-v1", "process-baseline-v1"}
    shown = _phoenix(["pipeline", "show", "process-topk-v1"], tmp_path, server)
    assert "cpu_threshold" in shown.stdout

    rendered = _phoenix(["pipeline", "render", "process-topk-v1", "--set", "cpu_threshold=0.25"], tmp_path, server)
    assert rendered.returncode == 0 and "value_double >= 0.25" in rendered.stdout
    bad = _phoenix(["pipeline", "render", "process-topk-v1", "--set", "cpu_threshold=3"], tmp_path, server)
    assert bad.returncode == 1 and "cpu_threshold" in bad.stderr

    good_file = tmp_path / "good.yaml"
    good_file.write_text(rendered.stdout)
    assert _phoenix(["pipeline", "validate", str(good_file)], tmp_path, server).returncode == 0
    broken_file = tmp_path / "broken.yaml"
    broken_file.write_text(rendered.stdout.replace("process.memory.usage", "process.memory.physical"))
    for extra in ([], ["--offline"]):
        result = _phoenix(["pipeline", "validate", str(broken_file), *extra], tmp_path, server)
        assert result.returncode == 1
        line = next(row for row in result.stdout.splitlines() if "process.memory.physical" in row)
        location = line.split(": ")[0]
        number = int(location.rsplit(":", 1)[1])
        assert "process.memory.physical" in broken_file.read_text().splitlines()[number - 1]
        # A metric name the scraper never emits loads fine in the collector: Phoenix's finding.
        assert "error semantic.unknown_metric (Phoenix check)" in line
        assert "    hint: " in result.stdout
        summary = result.stdout.splitlines()[-1]
        assert summary.startswith(f"{broken_file}: invalid; tiers: parse, schema, graph, ottl")
        if is_executable(BUNDLED_BINARY):  # always in CI (tests/otelcol fails without it)
            assert summary.endswith(f"otelcol ({'otelcol-phoenix ' + CONTRIB_VERSION})")

    # A Phoenix policy (batch before a filter) is a warning; --strict makes it an error.
    policy_file = tmp_path / "policy.yaml"
    policy_file.write_text(_batch_first(rendered.stdout))
    for extra in ([], ["--offline"]):
        lenient = _phoenix(["pipeline", "validate", str(policy_file), *extra], tmp_path, server)
        assert lenient.returncode == 0, lenient.stdout
        assert "warning policy.batch_last (Phoenix policy)" in lenient.stdout
        strict = _phoenix(["pipeline", "validate", str(policy_file), "--strict", *extra], tmp_path, server)
        assert strict.returncode == 1 and "error policy.batch_last (Phoenix policy)" in strict.stdout


def _batch_first(config_yaml: str) -> str:
    """The config with batch moved to the front of every pipeline's processors."""
    config = yaml.safe_load(config_yaml)
    for pipeline in config["service"]["pipelines"].values():
        processors = pipeline.get("processors", [])
        pipeline["processors"] = ["batch", *[p for p in processors if p != "batch"]]
    return yaml.safe_dump(config, sort_keys=False)


def test_experiment_commands_and_preview(server: LiveServer, tmp_path: Path) -> None:
    assert (
        _phoenix(["login", "--username", "admin", "--password", server.admin_password], tmp_path, server).returncode
        == 0
    )
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(
        "name: cli-trial\nbaseline: {template: process-baseline-v1}\ncandidate: {template: process-topk-v1}\n"
        "duration: 30m\nwarmup: 1m\n"
    )
    created = _phoenix(["experiment", "create", "-f", str(scenario), "-o", "json"], tmp_path, server)
    assert created.returncode == 0, created.stderr
    experiment_id = json.loads(created.stdout)["id"]
    duplicate = _phoenix(["experiment", "create", "-f", str(scenario)], tmp_path, server)
    assert duplicate.returncode == 1 and "already exists" in duplicate.stderr

    listing = _phoenix(["experiment", "list"], tmp_path, server)
    assert "cli-trial" in listing.stdout and "pending" in listing.stdout
    stopped = _phoenix(["experiment", "stop", experiment_id, "--reason", "demo"], tmp_path, server)
    assert stopped.returncode == 0 and "cancelled" in stopped.stdout
    status = _phoenix(["experiment", "status", experiment_id, "--watch", "-o", "json"], tmp_path, server)
    assert json.loads(status.stdout)["phase"] == "cancelled"  # --watch returns at a terminal phase
    promote = _phoenix(["experiment", "promote", experiment_id], tmp_path, server)
    assert promote.returncode == 1 and "only completed experiments" in promote.stderr

    preview = _phoenix(
        ["pipeline", "preview", "process-topk-v1", "--profile", "high-cardinality", "--process-count", "1000"],
        tmp_path,
        server,
    )
    assert preview.returncode == 0, preview.stderr
    assert "reduction" in preview.stdout and "retention 100.0%" in preview.stdout
    assert "measured by: embedded engine" in preview.stdout
