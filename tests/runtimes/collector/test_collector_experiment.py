"""A local experiment end to end on real collectors, through the API: both variants run as
`otelcol-phoenix` processes, every sample and the results say so, the promoted variant becomes a
supervised collector (drift in its config reported and remediated, a crash restarted), and nothing
is left running afterwards.

Phases are driven tick by tick with a clock the test moves; the samples themselves come from real
scrapes, so the test waits (bounded) for them.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import psutil
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from app.main import create_app
from app.otelcol.binary import binary_version
from app.runtimes.collector.runtime import CollectorRuntime
from tests.clock import Clock
from tests.conftest import ADMIN_PASSWORD, client_for, login, make_settings
from tests.experiment_bodies import experiment_body
from tests.runtimes.collector.test_collector_runtime import CRITICAL, alive

API = "/api/v1/experiments"


@pytest.fixture
async def app(otelcol_bin: Path, tmp_path: Path) -> AsyncIterator[FastAPI]:
    settings = make_settings(
        f"sqlite+aiosqlite:///{tmp_path / 'phoenix.db'}", local_measurement="collector", otelcol_bin=str(otelcol_bin)
    )
    application = create_app(settings)
    async with LifespanManager(application, startup_timeout=60, shutdown_timeout=60):
        yield application


async def test_an_experiment_on_real_collectors(app: FastAPI, otelcol_bin: Path) -> None:
    runtime = app.state.runtime
    assert isinstance(runtime, CollectorRuntime)
    clock = Clock()
    app.state.reconciler.ctx.now = clock
    parameters = {"collection_interval": "2s", "critical_processes": list(CRITICAL)}
    body = experiment_body(
        duration="60s",
        warmup="5s",
        critical_processes=list(CRITICAL),
        baseline={"template": "process-baseline-v1", "parameters": parameters},
        candidate={"template": "process-topk-v1", "parameters": parameters},
        success_criteria={"min_cardinality_reduction": 0.05, "min_critical_retention": 1.0},
    )
    async with client_for(app) as client:
        headers = await login(client, "admin", ADMIN_PASSWORD)
        created = await client.post(API, json=body, headers=headers)
        assert created.status_code == 201, created.text
        experiment_id = created.json()["id"]
        await client.post(f"{API}/{experiment_id}/start", headers=headers)
        await app.state.reconciler.tick()
        assert (await client.get(f"{API}/{experiment_id}", headers=headers)).json()["phase"] == "running"
        pids = {key: runtime.collector_pid(key) for key in ("topk-trial/baseline", "topk-trial/candidate")}
        assert all(alive(pid) for pid in pids.values())

        # Samples arrive as real scrapes complete; the moved clock puts the first ones in the warm-up.
        deadline = time.monotonic() + 120
        counts = {"baseline": 0, "candidate": 0}
        while min(counts.values()) < 6:
            assert time.monotonic() < deadline, f"samples after 120s: {counts}"
            await app.state.sampler.tick()
            series = (await client.get(f"{API}/{experiment_id}/timeseries", headers=headers)).json()
            counts = {label: len(series[label]) for label in counts}
            clock.now += timedelta(seconds=2)
            await asyncio.sleep(0.5)
        measurer = binary_version(otelcol_bin)
        for label in counts:
            assert {s["measured_by"] for s in series[label]} == {measurer}
            # A sample's CPU is the collector's use since the previous sample: a window that happened to
            # hold no scrape reads 0 (clock ticks are 10 ms), so the run as a whole must show use.
            assert sum(s["collector_cpu_cores"] for s in series[label]) > 0

        clock.now += timedelta(seconds=120)
        await app.state.reconciler.tick()  # -> analyzing
        await app.state.reconciler.tick()  # -> completed
        results = (await client.get(f"{API}/{experiment_id}/results", headers=headers)).json()
        assert results["final"] is True, results
        assert results["measured_by"] == [measurer]
        assert results["variants"]["candidate"]["measured_by"] == [measurer]
        assert results["comparison"]["cardinality_reduction"] > 0.05
        assert results["comparison"]["candidate_min_critical_retention"] == 1.0
        assert results["variants"]["baseline"]["kpis"]["collector_peak_memory_bytes"]["mean"] > 10 * 2**20

        await app.state.reconciler.tick()  # cleanup: both collectors stopped
        assert not any(alive(pid) for pid in pids.values())
        promoted = await client.post(f"{API}/{experiment_id}/promote", json={"variant": "candidate"}, headers=headers)
        assert promoted.status_code == 200, promoted.text
        await app.state.reconciler.tick()  # the deployment starts as a collector process
        deployment_pid = runtime.collector_pid("topk-trial/deployment")
        assert alive(deployment_pid)

        # Its config file edited by hand: the drift detector reports it, and remediation restores it.
        config_path = runtime._collectors["topk-trial/deployment"].process.config_path
        config_path.write_text(config_path.read_text().replace("127.0.0.1", "0.0.0.0"))
        found = await app.state.drift.tick()
        assert [(r.kind, r.subject, r.recommended_action) for r in found] == [
            ("config", "topk-trial/deployment", "reapply")
        ]
        app.state.settings.drift_auto_remediate = True
        await app.state.drift.tick()
        assert not alive(deployment_pid)
        deployment_pid = runtime.collector_pid("topk-trial/deployment")
        assert alive(deployment_pid)
        await app.state.drift.tick()
        reports = (await client.get("/api/v1/control/drift", headers=headers)).json()
        assert reports[0]["remediated"] is True and reports[0]["resolved_at"] is not None

    # The deployment is supervised: killed, it comes back.
    os.kill(deployment_pid, signal.SIGKILL)
    deadline = time.monotonic() + 60
    while not alive(runtime.collector_pid("topk-trial/deployment")) or runtime.collector_pid(
        "topk-trial/deployment"
    ) in (None, deployment_pid):
        assert time.monotonic() < deadline, "the deployment's collector was not restarted"
        await asyncio.sleep(0.1)
    restarted = runtime.collector_pid("topk-trial/deployment")
    await app.state.runtime.close()  # what the lifespan does on shutdown
    assert not alive(restarted)
    leftovers = [p for p in psutil.Process().children(recursive=True) if p.name() == "otelcol-phoenix"]
    assert leftovers == []
