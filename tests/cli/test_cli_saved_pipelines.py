"""`phoenix pipeline create|show|versions|diff|update|delete|manifests|export|to-graph|from-graph|
components` against a real server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.cli.phoenix_cli import Phoenix
from tests.live_server import LiveServer


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    db = tmp_path_factory.mktemp("saved") / "saved.db"
    live = LiveServer(database_url=f"sqlite+aiosqlite:///{db}", extra_env={"PHOENIX_JOBS_ENABLED": "false"}).start()
    yield live
    live.stop()


@pytest.fixture
def phoenix(server: LiveServer, tmp_path: Path) -> Phoenix:
    cli = Phoenix(tmp_path, url=server.url)
    cli.ok("login", "-u", "admin", "--password", server.admin_password)
    return cli


def test_saved_pipeline_versions_and_diff(phoenix: Phoenix, tmp_path: Path) -> None:
    config = tmp_path / "topk.yaml"
    config.write_text(phoenix.ok("pipeline", "render", "process-topk-v1", "--set", "cpu_threshold=0.1").stdout)
    created = phoenix.json("pipeline", "create", "my-topk", "-f", str(config), "--description", "first")
    assert (created["name"], created["version"], created["validation"]["valid"]) == ("my-topk", 1, True)
    pipeline_id = created["id"]
    only_one = phoenix("pipeline", "diff", pipeline_id)
    assert only_one.returncode == 1 and "has only version 1" in only_one.stderr

    config.write_text(config.read_text().replace("value_double >= 0.1", "value_double >= 0.2"))
    assert phoenix.json("pipeline", "update", pipeline_id, "-f", str(config))["version"] == 2
    versions = phoenix.json("pipeline", "versions", pipeline_id)
    assert [v["version"] for v in versions] == [1, 2]  # type: ignore[union-attr]
    diff = phoenix.ok("pipeline", "diff", pipeline_id).stdout
    assert "--- my-topk v1" in diff and "+++ my-topk v2" in diff
    assert any(line.startswith("-") and "0.1" in line for line in diff.splitlines())
    assert any(line.startswith("+") and "0.2" in line for line in diff.splitlines())

    shown = phoenix.ok("pipeline", "show", pipeline_id, "--version", "1").stdout
    assert "ID" in shown and "my-topk" in shown and "value_double >= 0.1" in shown
    saved = phoenix.json("pipeline", "list", "--saved")
    assert [p["name"] for p in saved] == ["my-topk"]  # type: ignore[union-attr]

    manifests = phoenix.ok("pipeline", "manifests", "-e", "trial", "-t", "process-topk-v1", "-n", "obs").stdout
    kinds = [doc["kind"] for doc in yaml.safe_load_all(manifests) if doc]
    assert "DaemonSet" in kinds and "ConfigMap" in kinds
    as_json = phoenix.json("pipeline", "manifests", "-e", "trial", "-t", "process-topk-v1", "-n", "obs")
    assert {o["metadata"]["namespace"] for o in as_json["objects"]} == {"obs"}  # type: ignore[index]
    neither = phoenix("pipeline", "manifests", "-e", "trial")
    assert neither.returncode == 2 and "exactly one of --template, --pipeline or --file" in neither.stderr
    export = phoenix("pipeline", "export", "-e", "trial", "-t", "process-topk-v1")
    assert export.returncode == 1
    assert export.stderr.splitlines()[0] == (
        "error: GitOps export is not configured: set PHOENIX_GITOPS_REPO_PATH (HTTP 409, conflict)"
    )

    assert phoenix.ok("pipeline", "delete", pipeline_id).stdout == f"deleted pipeline {pipeline_id}\n"
    assert "(HTTP 404, not_found)" in phoenix("pipeline", "versions", pipeline_id).stderr


def test_graph_round_trip_and_components(phoenix: Phoenix, tmp_path: Path) -> None:
    config = tmp_path / "baseline.yaml"
    config.write_text(phoenix.ok("pipeline", "render", "process-baseline-v1").stdout)
    graph = tmp_path / "graph.json"
    graph.write_text(phoenix.ok("pipeline", "to-graph", str(config)).stdout)
    back = phoenix.ok("pipeline", "from-graph", str(graph)).stdout
    assert yaml.safe_load(back)["service"]["pipelines"]
    palette = phoenix.json("pipeline", "components")
    assert {"filter", "batch"} <= {c["type"] for c in palette["components"]}  # type: ignore[index]
    table = phoenix.ok("pipeline", "components").stdout
    assert "KIND" in table and "TYPE" in table and "filter" in table
