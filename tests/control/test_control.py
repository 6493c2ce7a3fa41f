"""Control signals, drift detection and the control status, with the local runtime, on SQLite and
PostgreSQL. The reconciler, sampler and drift detector are driven tick by tick."""

from __future__ import annotations

import copy
from datetime import UTC, timedelta

import httpx
import pytest
from fastapi import FastAPI

from app.control import signals
from app.control.models import ControlSignal, SignalKind, SignalStatus
from app.deployments.service import DEPLOYMENT_LABEL
from app.experiments.models import Experiment
from app.runtimes.base import VariantDeployment
from tests.clock import Clock
from tests.experiment_bodies import experiment_body

SIGNALS = "/api/v1/control/signals"


async def _running_experiment(app: FastAPI, client: httpx.AsyncClient, headers: dict, **overrides: object) -> dict:
    clock = Clock()
    app.state.reconciler.ctx.now = clock
    experiment = (await client.post("/api/v1/experiments", json=experiment_body(**overrides), headers=headers)).json()
    await client.post(f"/api/v1/experiments/{experiment['id']}/start", headers=headers)
    await app.state.reconciler.tick()
    return {**experiment, "clock": clock}


async def test_pause_resume_and_config_update(app: FastAPI, client: httpx.AsyncClient, role_headers: dict) -> None:
    operator = role_headers["operator"]
    experiment = await _running_experiment(app, client, operator, duration="60s", warmup="0s")
    clock: Clock = experiment["clock"]
    url = f"/api/v1/experiments/{experiment['id']}"

    viewer_try = await client.post(
        SIGNALS, json={"kind": "pause", "experiment_id": experiment["id"]}, headers=role_headers["viewer"]
    )
    assert viewer_try.status_code == 403
    paused = await client.post(
        SIGNALS,
        json={"kind": "pause", "experiment_id": experiment["id"], "reason": "noisy neighbour"},
        headers=operator,
    )
    assert paused.status_code == 201 and paused.json()["status"] == "completed"
    clock.advance(10)
    assert await app.state.sampler.tick() == 0  # no samples while paused
    clock.advance(100)  # well past the duration, but the clock of the run is stopped
    await app.state.reconciler.tick()
    assert (await client.get(url, headers=operator)).json()["phase"] == "running"
    again = await client.post(SIGNALS, json={"kind": "pause", "experiment_id": experiment["id"]}, headers=operator)
    assert again.status_code == 409 and again.json()["error"]["details"]["signal_id"]

    # Resume uses wall-clock time for the pause; the test's clock only drives the reconciler.
    resumed = await client.post(SIGNALS, json={"kind": "resume", "experiment_id": experiment["id"]}, headers=operator)
    assert resumed.status_code == 201 and resumed.json()["result"]["paused_seconds"] >= 0
    assert await app.state.sampler.tick() == 2

    bad = await client.post(
        SIGNALS,
        json={
            "kind": "config_update",
            "experiment_id": experiment["id"],
            "variant": "candidate",
            "parameters": {"cpu_threshold": 9},
        },
        headers=operator,
    )
    assert bad.status_code == 422
    failed = (await client.get(f"{SIGNALS}/{bad.json()['error']['details']['signal_id']}", headers=operator)).json()
    assert failed["status"] == "failed" and "cpu_threshold" in failed["error"]

    runtime = app.state.runtime
    before = runtime.running_config_hash("topk-trial/candidate")
    update = await client.post(
        SIGNALS,
        json={
            "kind": "config_update",
            "experiment_id": experiment["id"],
            "variant": "candidate",
            "parameters": {"cpu_threshold": 0.3},
        },
        headers=operator,
    )
    assert update.status_code == 201, update.text
    await app.state.reconciler.tick()
    after = runtime.running_config_hash("topk-trial/candidate")
    assert after != before
    detail = (await client.get(url, headers=operator)).json()
    assert detail["candidate"]["parameters"] == {"cpu_threshold": 0.3}
    events = [e["kind"] for e in (await client.get(f"{url}/events", headers=operator)).json()]
    assert {"paused", "resumed", "config_updated", "variants_reapplied"} <= set(events)

    stop = await client.post(SIGNALS, json={"kind": "stop", "experiment_id": experiment["id"]}, headers=operator)
    assert stop.json()["result"] == {"phase": "cancelled"}
    listed = (await client.get(SIGNALS, params={"experiment_id": experiment["id"]}, headers=operator)).json()
    assert [s["kind"] for s in listed][:2] == ["stop", "config_update"]


async def test_deployment_signals_and_rollback(app: FastAPI, client: httpx.AsyncClient, admin_headers: dict) -> None:
    first = (
        await client.post(
            "/api/v1/deployments",
            headers=admin_headers,
            json={"name": "first", "pipeline": {"template": "process-priority-filter-v1"}},
        )
    ).json()
    second = (
        await client.post(
            "/api/v1/deployments",
            headers=admin_headers,
            json={"name": "second", "pipeline": {"template": "process-topk-v1"}},
        )
    ).json()
    await app.state.reconciler.tick()
    runtime = app.state.runtime
    assert runtime.running_keys() == {"second/deployment"}

    paused = await client.post(SIGNALS, json={"kind": "pause", "deployment_id": second["id"]}, headers=admin_headers)
    assert paused.json()["result"] == {"status": "suspended"}
    await app.state.reconciler.tick()
    assert runtime.running_keys() == set()
    await client.post(SIGNALS, json={"kind": "resume", "deployment_id": second["id"]}, headers=admin_headers)
    await app.state.reconciler.tick()
    assert runtime.running_keys() == {"second/deployment"}

    rolled = await client.post(SIGNALS, json={"kind": "rollback", "deployment_id": second["id"]}, headers=admin_headers)
    assert rolled.status_code == 201 and rolled.json()["result"]["restored_deployment"] == first["id"]
    await app.state.reconciler.tick()
    assert runtime.running_keys() == {"first/deployment"}
    nothing = await client.post(SIGNALS, json={"kind": "rollback", "deployment_id": first["id"]}, headers=admin_headers)
    assert nothing.status_code == 409

    wrong = await client.post(
        SIGNALS, json={"kind": "promote", "deployment_id": first["id"], "variant": "candidate"}, headers=admin_headers
    )
    assert wrong.status_code == 422


async def test_config_drift_reported_then_remediated(
    app: FastAPI, client: httpx.AsyncClient, admin_headers: dict
) -> None:
    deployment = (
        await client.post(
            "/api/v1/deployments",
            headers=admin_headers,
            json={"name": "prod", "pipeline": {"template": "process-topk-v1"}},
        )
    ).json()
    await app.state.reconciler.tick()
    runtime = app.state.runtime
    desired = runtime.running_config_hash(f"prod/{DEPLOYMENT_LABEL}")

    # Behind Phoenix's back: the runtime is made to run another config under the same name.
    other = (
        await client.post("/api/v1/pipelines/render", json={"template": "process-baseline-v1"}, headers=admin_headers)
    ).json()["config_yaml"]
    intruder = VariantDeployment(
        owner="prod",
        owner_id=deployment["id"],
        label=DEPLOYMENT_LABEL,
        config_yaml=other,
        template="process-baseline-v1",
        parameters={},
    )
    await runtime.apply(intruder)
    await app.state.reconciler.tick()  # the reconciler does not paper over drift
    assert runtime.running_config_hash(f"prod/{DEPLOYMENT_LABEL}") != desired

    found = await app.state.drift.tick()
    assert [(r.kind, r.subject, r.recommended_action) for r in found] == [
        ("config", f"prod/{DEPLOYMENT_LABEL}", "reapply")
    ]
    assert await app.state.drift.tick() == []  # still open, not reported twice
    reports = (await client.get("/api/v1/control/drift", params={"open_only": True}, headers=admin_headers)).json()
    assert len(reports) == 1 and reports[0]["metrics"]["desired_hash"] == desired

    app.state.settings.drift_auto_remediate = True
    await app.state.drift.tick()
    assert runtime.running_config_hash(f"prod/{DEPLOYMENT_LABEL}") == desired  # restored
    await app.state.drift.tick()
    reports = (await client.get("/api/v1/control/drift", headers=admin_headers)).json()
    assert reports[0]["remediated"] is True and reports[0]["resolved_at"] is not None


async def test_kpi_drift_of_a_promoted_deployment(app: FastAPI, client: httpx.AsyncClient, admin_headers: dict) -> None:
    experiment = await _running_experiment(app, client, admin_headers, duration="10s", warmup="0s")
    clock: Clock = experiment["clock"]
    for _ in range(5):
        clock.advance(2)
        await app.state.sampler.tick()
    clock.advance(10)
    await app.state.reconciler.tick()
    await app.state.reconciler.tick()
    await client.post(
        f"/api/v1/experiments/{experiment['id']}/promote", json={"variant": "candidate"}, headers=admin_headers
    )
    await app.state.reconciler.tick()
    live_url = "/api/v1/control/deployments/live"
    assert (await client.get(live_url, headers=admin_headers)).json() == []  # not sampled yet
    # This host's busy processes come and go; a wide threshold keeps the check about the mechanism.
    app.state.settings.drift_kpi_threshold = 1.0
    assert await app.state.drift.tick() == []  # live output matches what the experiment measured

    # The pass sampled the deployment: its live KPIs, taken at the loop's time.
    deployment = (await client.get("/api/v1/deployments", headers=admin_headers)).json()[0]
    [live] = (await client.get(live_url, headers=admin_headers)).json()
    assert (live["deployment_id"], live["deployment_name"]) == (deployment["id"], deployment["name"])
    assert live["output_series"] > 0 and live["input_processes"] > 0 and live["measured_by"]
    assert live["taken_at"] == clock().astimezone(UTC).isoformat().replace("+00:00", "Z")

    async with app.state.sessionmaker() as session:  # pretend the measurement said 10x fewer series
        row = await session.get(Experiment, experiment["id"])
        results = copy.deepcopy(row.results)
        results["variants"]["candidate"]["kpis"]["output_series"]["mean"] /= 10
        row.results = results
        await session.commit()
    found = await app.state.drift.tick()
    assert [(r.kind, r.recommended_action) for r in found] == [("kpi", "rerun_experiment")]
    assert found[0].metrics["deviation"] > 1


async def test_control_status(app: FastAPI, client: httpx.AsyncClient, role_headers: dict) -> None:
    await app.state.reconciler.tick()
    status = (await client.get("/api/v1/control/status", headers=role_headers["viewer"])).json()
    assert status["runtime"] == "local" and status["leader"]["is_leader"] is True
    assert status["last_reconcile"]["leader"] is True and status["open_drift_reports"] == 0
    assert status["scheduler"]["running"] is True


async def test_a_signal_that_crashes_is_failed_not_left_executing(
    app: FastAPI, client: httpx.AsyncClient, role_headers: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fault no real component produces on demand (an executor that raises an unexpected error) is
    injected by replacing the pause executor: the signal is stored as failed, with why."""
    operator = role_headers["operator"]
    experiment = await _running_experiment(app, client, operator)

    async def crash(*_: object) -> dict:
        raise RuntimeError("runtime lost mid-signal")

    monkeypatch.setitem(signals.EXPERIMENT_SIGNALS, SignalKind.pause, crash)
    response = await client.post(SIGNALS, json={"kind": "pause", "experiment_id": experiment["id"]}, headers=operator)
    assert response.status_code == 500 and response.json()["error"]["code"] == "internal_error"
    stored = (await client.get(SIGNALS, params={"experiment_id": experiment["id"]}, headers=operator)).json()
    assert [(s["status"], s["error"]) for s in stored] == [("failed", "RuntimeError: runtime lost mid-signal")]


async def test_signals_left_executing_are_failed_by_the_control_loop(app: FastAPI) -> None:
    clock = Clock()
    app.state.dynamic.ctx.now = clock
    async with app.state.sessionmaker() as session:
        for minutes in (11, 1):
            started = clock() - timedelta(minutes=minutes)
            session.add(
                ControlSignal(
                    id=f"cut-off-{minutes}",
                    kind="pause",
                    status=SignalStatus.executing,
                    created_by="user:admin",
                    created_at=started,
                    started_at=started,
                )
            )
        await session.commit()
    await app.state.dynamic.tick()
    async with app.state.sessionmaker() as session:
        old, recent = [await session.get(ControlSignal, f"cut-off-{m}") for m in (11, 1)]
    assert (old.status, old.error) == (SignalStatus.failed, signals.INTERRUPTED)
    assert recent.status == SignalStatus.executing  # may still be running in some request
