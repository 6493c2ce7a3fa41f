"""An experiment end to end with the local runtime, on SQLite and PostgreSQL: create -> start ->
deploying -> running (samples of both variants on the same live snapshot of this host) ->
analyzing -> completed with results and a verdict -> promote -> a deployment runs and the loser is
gone. And the same run stopped midway: both variants removed, the prior deployment restored.

The reconciler and sampler are driven tick by tick with a clock the test moves, so the run takes
seconds, not its nominal duration.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fastapi import FastAPI
from rich.console import Console

from app.cli.experiment_view import Snapshot, render
from app.core.variants import VARIANT_LABELS
from app.experiments.models import ExperimentRead, ExperimentResults
from app.runtimes.base import OnThisHost, VariantDeployment, VariantSample, VariantStatus
from tests.clock import Clock
from tests.experiment_bodies import experiment_body
from tests.instant_runtime import InstantRuntime

API = "/api/v1/experiments"


def _drive(app: FastAPI) -> Clock:
    clock = Clock()
    app.state.reconciler.ctx.now = clock
    return clock


async def _phase(client: httpx.AsyncClient, headers: dict, experiment_id: str) -> str:
    return (await client.get(f"{API}/{experiment_id}", headers=headers)).json()["phase"]


async def test_full_run_then_promote(app: FastAPI, client: httpx.AsyncClient, admin_headers: dict) -> None:
    clock = _drive(app)
    body = experiment_body(
        duration="60s",
        warmup="12s",
        success_criteria={"min_cardinality_reduction": 0.05, "max_memory_overhead": 1.0},
        pricing={"usd_per_gb_ingested": 0, "usd_per_million_data_points": 2.5},  # a data-point priced backend
    )
    experiment = (await client.post(API, json=body, headers=admin_headers)).json()
    await client.post(f"{API}/{experiment['id']}/start", headers=admin_headers)

    await app.state.reconciler.tick()  # renders, applies both variants, both ready -> running
    assert await _phase(client, admin_headers, experiment["id"]) == "running"
    runtime = app.state.runtime
    assert runtime.running_keys() == {"topk-trial/baseline", "topk-trial/candidate"}

    for _ in range(8):  # 2 warm-up samples + 6 counted ones per variant
        clock.advance(5)
        assert await app.state.sampler.tick() == 2
    series = (await client.get(f"{API}/{experiment['id']}/timeseries", headers=admin_headers)).json()
    assert len(series["baseline"]) == len(series["candidate"]) == 8
    assert sum(s["warmup"] for s in series["candidate"]) == 2
    for base, cand in zip(series["baseline"], series["candidate"], strict=True):
        assert base["input_series"] == cand["input_series"]  # same snapshot for both
        assert cand["output_series"] < base["output_series"]
        assert cand["critical_retention"] == 1.0

    provisional = (await client.get(f"{API}/{experiment['id']}/results", headers=admin_headers)).json()
    assert provisional["final"] is False

    clock.advance(30)
    await app.state.reconciler.tick()  # duration over -> analyzing
    assert await _phase(client, admin_headers, experiment["id"]) == "analyzing"
    await app.state.reconciler.tick()  # analysis -> completed
    done = (await client.get(f"{API}/{experiment['id']}", headers=admin_headers)).json()
    results = (await client.get(f"{API}/{experiment['id']}/results", headers=admin_headers)).json()
    assert done["phase"] == "completed" and done["verdict"] in {"adopt_candidate", "inconclusive"}, results["reasons"]
    results = (await client.get(f"{API}/{experiment['id']}/results", headers=admin_headers)).json()
    assert results["final"] is True and results["variants"]["candidate"]["samples"] == 6
    assert 0 < results["comparison"]["cardinality_reduction"] < 1
    assert results["cost_assumptions"]["hours_per_month"] == 730
    # The run's own prices, not the server's: all of the cost is data points at 2.5 USD per million.
    assert results["cost_assumptions"]["usd_per_million_data_points"] == 2.5
    baseline_cost = results["variants"]["baseline"]["cost"]
    assert baseline_cost["ingest_hourly_usd"] == 0
    assert baseline_cost["hourly_usd"] == pytest.approx(baseline_cost["million_data_points_per_hour"] * 2.5)

    await app.state.reconciler.tick()  # cleanup: both variants removed
    assert runtime.running_keys() == set()

    promoted = await client.post(
        f"{API}/{experiment['id']}/promote", json={"variant": "candidate"}, headers=admin_headers
    )
    assert promoted.status_code == 200, promoted.text
    assert promoted.json()["promoted_variant"] == "candidate"
    again = await client.post(f"{API}/{experiment['id']}/promote", json={"variant": "baseline"}, headers=admin_headers)
    assert again.status_code == 409

    await app.state.reconciler.tick()
    deployments = (await client.get("/api/v1/deployments", headers=admin_headers)).json()
    assert [(d["name"], d["status"], d["source_experiment_id"]) for d in deployments] == [
        ("topk-trial", "active", experiment["id"])
    ]
    assert deployments[0]["source"] == {"template": "process-topk-v1", "parameters": {}}
    assert runtime.running_keys() == {"topk-trial/deployment"}
    # The candidate's template and parameters, rendered for the deployment (on Kubernetes that is
    # also its own ports): it says `deployment` where the experiment's config said `candidate`.
    detail = (await client.get(f"/api/v1/deployments/{deployments[0]['id']}", headers=admin_headers)).json()
    frozen = (await client.get(f"{API}/{experiment['id']}/variants", headers=admin_headers)).json()
    assert "value: 'candidate'" in frozen["candidate"]["config_yaml"]
    assert "value: 'deployment'" in detail["config_yaml"] and "value: 'candidate'" not in detail["config_yaml"]
    assert "process-topk-v1@" in detail["config_yaml"]

    history = (await client.get(f"{API}/{experiment['id']}/transitions", headers=admin_headers)).json()
    assert [t["to_phase"] for t in history] == ["pending", "deploying", "running", "analyzing", "completed"]
    assert all(t["trigger"] == "reconciler" for t in history[2:])


async def test_racing_promotes_one_wins(app: FastAPI, client: httpx.AsyncClient, admin_headers: dict) -> None:
    clock = _drive(app)
    body = experiment_body(duration="10s", warmup="0s")
    experiment = (await client.post(API, json=body, headers=admin_headers)).json()
    await client.post(f"{API}/{experiment['id']}/start", headers=admin_headers)
    await app.state.reconciler.tick()
    clock.advance(11)
    await app.state.reconciler.tick()
    await app.state.reconciler.tick()
    assert await _phase(client, admin_headers, experiment["id"]) == "completed"
    url = f"{API}/{experiment['id']}/promote"
    responses = await asyncio.gather(
        client.post(url, json={"variant": "candidate"}, headers=admin_headers),
        client.post(url, json={"variant": "baseline"}, headers=admin_headers),
    )
    assert sorted(r.status_code for r in responses) == [200, 409]
    active = (await client.get("/api/v1/deployments", headers=admin_headers)).json()
    assert len(active) == 1


async def test_stop_midway_restores_the_prior_deployment(
    app: FastAPI, client: httpx.AsyncClient, admin_headers: dict
) -> None:
    clock = _drive(app)
    prior = await client.post(
        "/api/v1/deployments",
        headers=admin_headers,
        json={"name": "current", "pipeline": {"template": "process-priority-filter-v1"}},
    )
    assert prior.status_code == 201, prior.text
    await app.state.reconciler.tick()
    runtime = app.state.runtime
    assert runtime.running_keys() == {"current/deployment"}

    experiment = (await client.post(API, json=experiment_body(), headers=admin_headers)).json()
    await client.post(f"{API}/{experiment['id']}/start", headers=admin_headers)
    await app.state.reconciler.tick()
    assert runtime.running_keys() == {"topk-trial/baseline", "topk-trial/candidate"}
    suspended = (await client.get("/api/v1/deployments", headers=admin_headers)).json()
    assert [d["status"] for d in suspended] == ["suspended"]

    clock.advance(5)
    await app.state.sampler.tick()
    stopped = await client.post(f"{API}/{experiment['id']}/stop", json={"reason": "pager"}, headers=admin_headers)
    assert stopped.json()["phase"] == "cancelled"
    await app.state.reconciler.tick()
    assert runtime.running_keys() == {"current/deployment"}
    restored = (await client.get("/api/v1/deployments", headers=admin_headers)).json()
    assert [(d["name"], d["status"]) for d in restored] == [("current", "active")]
    events = (await client.get(f"{API}/{experiment['id']}/events", headers=admin_headers)).json()
    cleaned = next(e for e in events if e["kind"] == "cleaned_up")
    assert cleaned["data"]["restored_deployments"] == [prior.json()["id"]]


async def test_deploy_failure_and_timeout(app: FastAPI, client: httpx.AsyncClient, admin_headers: dict) -> None:
    clock = _drive(app)
    experiment = (await client.post(API, json=experiment_body(), headers=admin_headers)).json()
    await client.post(f"{API}/{experiment['id']}/start", headers=admin_headers)

    class NeverReady(OnThisHost):
        """A runtime whose variants never become ready (pods that cannot be scheduled)."""

        name = "stuck"

        async def apply(self, variant: VariantDeployment) -> None:
            return None

        async def status(self, variant: VariantDeployment) -> VariantStatus:
            return VariantStatus(state="pending", message="pods not scheduled", desired_nodes=3)

        async def remove(self, variant: VariantDeployment) -> None:
            return None

    app.state.reconciler.ctx.runtime = NeverReady()
    await app.state.reconciler.tick()
    assert await _phase(client, admin_headers, experiment["id"]) == "deploying"
    clock.advance(app.state.settings.deploy_timeout + 1)
    await app.state.reconciler.tick()
    history = (await client.get(f"{API}/{experiment['id']}/transitions", headers=admin_headers)).json()
    assert history[-1]["to_phase"] == "failed" and "deploy timed out" in history[-1]["reason"]
    assert "topk-trial/candidate=pending(0/3)" in history[-1]["reason"]


async def test_load_profile_runs_a_simulation_for_the_experiment(
    app: FastAPI, client: httpx.AsyncClient, admin_headers: dict
) -> None:
    """baseline vs top-k with a high-cardinality simulation (scaled down for CI): real simulated
    processes on this host for the run, the candidate's reduction measured on them, and no simulated
    process left once the experiment ends."""
    clock = _drive(app)
    body = experiment_body(
        duration="30s",
        warmup="0s",
        load_profile={"profile": "high-cardinality", "process_count": 1000, "seed": 11},
        success_criteria={"min_cardinality_reduction": 0.5, "max_memory_overhead": 1.0},
    )
    experiment = (await client.post(API, json=body, headers=admin_headers)).json()
    await client.post(f"{API}/{experiment['id']}/start", headers=admin_headers)
    await app.state.reconciler.tick()
    detail = (await client.get(f"{API}/{experiment['id']}", headers=admin_headers)).json()
    events = (await client.get(f"{API}/{experiment['id']}/events", headers=admin_headers)).json()
    simulation_id = detail["simulation_id"]
    assert simulation_id, [e["message"] for e in events]
    manager = app.state.simulations
    for _ in range(200):  # the population starts in the background
        if manager.get(simulation_id).active_processes >= 1000:
            break
        await asyncio.sleep(0.05)
    for _ in range(6):
        clock.advance(5)
        await app.state.sampler.tick()
    series = (await client.get(f"{API}/{experiment['id']}/timeseries", headers=admin_headers)).json()
    assert min(s["input_processes"] for s in series["baseline"][-3:]) >= 1000
    clock.advance(30)
    await app.state.reconciler.tick()
    await app.state.reconciler.tick()
    results = (await client.get(f"{API}/{experiment['id']}/results", headers=admin_headers)).json()
    assert results["comparison"]["cardinality_reduction"] >= 0.8
    assert results["comparison"]["candidate_min_critical_retention"] == 1.0
    await app.state.reconciler.tick()  # cleanup stops the simulation and removes both variants
    final = manager.get(simulation_id)
    assert final.status.finished and final.active_processes == 0
    promoted = await client.post(
        f"{API}/{experiment['id']}/promote", json={"variant": "candidate"}, headers=admin_headers
    )
    assert promoted.status_code == 200, promoted.text
    await app.state.reconciler.tick()
    assert app.state.runtime.running_keys() == {"topk-trial/deployment"}  # the winner runs, the loser is gone


class MeasuredRuntime(InstantRuntime):
    """A runtime whose variants are ready at once and whose samples name what measured them
    (`measured_by`, which the test changes midway); the KPIs are fixed: the candidate keeps a fifth."""

    name = "measured"

    def __init__(self, measured_by: str) -> None:
        super().__init__()
        self.measured_by = measured_by

    async def sample(self, variants: list[VariantDeployment]) -> dict[str, VariantSample]:
        return {v.key: self._sample(v.label) for v in variants if v.key in self.applied}

    def _sample(self, label: str) -> VariantSample:
        output = 1000 if label == "baseline" else 200
        return VariantSample(
            label=label,
            input_series=1000,
            output_series=output,
            output_data_points_per_minute=output * 6.0,
            estimated_bytes_per_minute=output * 600.0,
            critical_processes_on_host=2,
            critical_processes_in_output=2,
            critical_retention=1.0,
            cpu_fidelity_error=0.0,
            memory_fidelity_error=0.0,
            collector_cpu_cores=0.01,
            collector_peak_memory_bytes=50_000_000,
            input_processes=100,
            measured_by=self.measured_by,
        )


async def test_samples_and_results_say_what_measured_them(
    app: FastAPI, client: httpx.AsyncClient, admin_headers: dict
) -> None:
    """Each stored sample keeps the runtime's `measured_by`; the results list every measurer per variant
    and overall, so a run whose measurer changed midway says so; the CLI shows them."""
    clock = _drive(app)
    runtime = MeasuredRuntime("otelcol-test 1.0")
    app.state.reconciler.ctx.runtime = runtime  # the sampler shares the reconciler's context
    body = experiment_body(duration="30s", warmup="0s", success_criteria={"min_cardinality_reduction": 0.5})
    experiment = (await client.post(API, json=body, headers=admin_headers)).json()
    await client.post(f"{API}/{experiment['id']}/start", headers=admin_headers)
    await app.state.reconciler.tick()
    assert await _phase(client, admin_headers, experiment["id"]) == "running"

    for measured_by in ["otelcol-test 1.0"] * 3 + ["embedded engine"] * 2:
        runtime.measured_by = measured_by
        clock.advance(5)
        assert await app.state.sampler.tick() == 2
    series = (await client.get(f"{API}/{experiment['id']}/timeseries", headers=admin_headers)).json()
    for label in VARIANT_LABELS:
        assert [s["measured_by"] for s in series[label]] == ["otelcol-test 1.0"] * 3 + ["embedded engine"] * 2

    provisional = (await client.get(f"{API}/{experiment['id']}/results", headers=admin_headers)).json()
    assert provisional["final"] is False
    assert provisional["measured_by"] == ["embedded engine", "otelcol-test 1.0"]
    assert provisional["variants"]["candidate"]["measured_by"] == ["embedded engine", "otelcol-test 1.0"]

    clock.advance(10)
    await app.state.reconciler.tick()  # duration over -> analyzing
    await app.state.reconciler.tick()  # analysis -> completed
    detail = (await client.get(f"{API}/{experiment['id']}", headers=admin_headers)).json()
    results = (await client.get(f"{API}/{experiment['id']}/results", headers=admin_headers)).json()
    assert detail["phase"] == "completed" and results["final"] is True
    assert results["measured_by"] == ["embedded engine", "otelcol-test 1.0"]
    for label in VARIANT_LABELS:
        assert results["variants"][label]["samples"] == 5
        assert results["variants"][label]["measured_by"] == ["embedded engine", "otelcol-test 1.0"]

    # `phoenix experiment status` shows, per variant, what measured it.
    console = Console(record=True, width=200)
    console.print(render(Snapshot(ExperimentRead.model_validate(detail), ExperimentResults.model_validate(results))))
    rows = [
        line for line in console.export_text().splitlines() if line.strip().startswith(("│ baseline", "│ candidate"))
    ]
    assert len(rows) == 2 and all("embedded engine, otelcol-test 1.0" in row for row in rows), rows
