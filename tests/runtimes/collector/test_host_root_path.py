"""In a container with the host's process view (docker-compose.yml), local collectors read the host
through the mount PHOENIX_HOST_ROOT_PATH names: the runtime puts it in every variant's config as
the receiver's `root_path`; on the host itself it adds nothing."""

from __future__ import annotations

from pathlib import Path

import yaml

from app.pipelines.render import render_template
from app.runtimes.collector.runtime import CollectorRuntime
from app.runtimes.factory import local_runtime
from tests.conftest import make_settings


def _receiver(parameters: dict) -> dict:
    config = yaml.safe_load(render_template("process-topk-v1", parameters).config_yaml)
    return config["receivers"]["host_metrics"]


def test_a_container_reads_the_host_through_its_mount(otelcol_bin: Path, tmp_path: Path) -> None:
    settings = make_settings(
        f"sqlite+aiosqlite:///{tmp_path}/x.db",
        local_measurement="collector",
        otelcol_bin=str(otelcol_bin),
        host_root_path="/hostfs",
    )
    runtime = local_runtime(settings)
    assert isinstance(runtime, CollectorRuntime)
    parameters = runtime.run_parameters(owner="trial", label="candidate")
    assert parameters == {"host_root_path": "/hostfs"}
    assert _receiver(parameters)["root_path"] == "/hostfs"


def test_on_the_host_itself_nothing_is_added(otelcol_bin: Path, tmp_path: Path) -> None:
    settings = make_settings(f"sqlite+aiosqlite:///{tmp_path}/x.db", otelcol_bin=str(otelcol_bin))
    runtime = local_runtime(settings)
    assert runtime.run_parameters(owner="trial", label="candidate") == {}
    assert "root_path" not in _receiver({})
