"""The dynamic-threshold and adaptive-profile loops: the control law, and the closed loop through the
local runtime (real re-rendered configs run by the engine, ticks driven by a test clock) on a
simulated high-churn host, so every run sees the same population; the adaptive switch reads this host."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI

from app.control.thresholds import (
    MIN_CPU_THRESHOLD,
    MIN_MEMORY_THRESHOLD,
    Bracket,
    Thresholds,
    retune,
    switch_profile,
)
from app.deployments.models import Deployment
from app.deployments.service import as_variant, get
from app.engine.snapshot import Snapshot
from app.runtimes.local import LocalRuntime
from app.simulation.profiles import get_profile
from app.simulation.snapshots import SimulatedHost
from tests.clock import Clock

MEMORY_BUDGET = 5 << 20
"""The memory threshold whose output the loop is asked to hold (it must lie between floor and ceiling)."""

sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def test_retune_law() -> None:
    base = {"target_series_per_host": 200, "cpu_threshold": 0.05, "memory_threshold_bytes": 256 << 20}
    assert retune(base, 205)[0] is None  # inside the dead band
    assert retune(base, 230)[0] is None  # outside, but one sample is not enough
    assert retune(base, 230, Bracket(200, at=Thresholds.of(base), samples=[240]))[0] is not None
    up, reason = retune(base, 400)
    assert up["cpu_threshold"] == pytest.approx(0.1) and up["memory_threshold_bytes"] == 512 << 20 and "x2.00" in reason
    down, _ = retune(base, 50)
    assert down["cpu_threshold"] < 0.05
    extreme, _ = retune(base, 200_000)
    assert extreme["cpu_threshold"] == pytest.approx(0.4)  # one step is at most x8
    from_zero, _ = retune({**base, "cpu_threshold": 0.0, "memory_threshold_bytes": 0}, 400)
    assert from_zero == {"cpu_threshold": MIN_CPU_THRESHOLD, "memory_threshold_bytes": MIN_MEMORY_THRESHOLD}


def _staircase(memory: int) -> int:
    """A plant like a real host: 40 processes at 64 MiB cross the threshold together, then a
    spread of 30 processes between 100 MiB and 1 GiB; 10 series each, 100 for criticals and `other`."""
    heavy = (40 if memory <= 64 << 20 else 0) + sum(memory <= (100 << 20) + i * (31 << 20) for i in range(30))
    return 100 + 10 * heavy


def _run_law(target: int, ticks: int = 20) -> list[int]:
    parameters = {"target_series_per_host": target, "cpu_threshold": 0.0, "memory_threshold_bytes": 0}
    bracket, outputs = Bracket(target), []
    for _ in range(ticks):
        output = _staircase(int(parameters["memory_threshold_bytes"]))
        outputs.append(output)
        change, _ = retune(parameters, output, bracket)
        parameters.update(change or {})
    return outputs


def test_retune_reaches_a_reachable_target() -> None:
    # 250 is reachable (15 processes of the spread); steps overshoot it both ways on the way in,
    # the bracket closes in and stays.
    outputs = _run_law(250)
    assert all(abs(o - 250) / 250 <= 0.10 for o in outputs[-8:]), outputs


def test_retune_settles_under_the_budget_inside_a_step() -> None:
    # 450 lies inside the cliff (800 series at 64 MiB, 400 just above it): no threshold gives it.
    # Bisection narrows the bracket to the cliff's edge, then the law holds at the high side,
    # under the budget, instead of oscillating.
    outputs = _run_law(450, ticks=30)
    assert outputs[-10:] == [400] * 10, outputs


def test_bracket_forgets_an_end_the_population_contradicts() -> None:
    bracket = Bracket(200)
    low, high = Thresholds(0.01, 10 << 20), Thresholds(0.04, 40 << 20)
    bracket.learn(low, over=True)
    bracket.learn(high, over=False)
    assert (bracket.too_low, bracket.too_high) == (low, high)
    bracket.learn(Thresholds(0.08, 80 << 20), over=True)  # more processes now: even 80 MiB is too low
    assert bracket.too_high is None and bracket.too_low == Thresholds(0.08, 80 << 20)


def test_switch_law() -> None:
    params = {"profile": "conservative", "switch_up_process_count": 400, "switch_down_process_count": 250}
    assert switch_profile(params, 300)[0] is None
    assert switch_profile(params, 401)[0] == {"profile": "aggressive"}
    aggressive = {**params, "profile": "aggressive"}
    assert switch_profile(aggressive, 300)[0] is None  # hysteresis: between the watermarks nothing flips
    assert switch_profile(aggressive, 200)[0] == {"profile": "conservative"}


async def _deploy(app: FastAPI, client: httpx.AsyncClient, headers: dict, template: str, **parameters: object) -> dict:
    response = await client.post(
        "/api/v1/deployments",
        headers=headers,
        json={"name": "dyn", "pipeline": {"template": template, "parameters": parameters}},
    )
    assert response.status_code == 201, response.text
    await app.state.reconciler.tick()
    return response.json()


class ChurningHost(SimulatedHost):
    """The high-churn profile's host, scraped every 10 s of simulated time: ~25 short-lived processes
    start and end per second, so every scrape sees a different population. It remembers every pid it
    showed, to prove the churn really flowed through the loop."""

    def __init__(self) -> None:
        super().__init__(get_profile("high-churn", seed=5), step_s=10.0)
        self.seen: set[int] = set()

    def snapshot(self) -> Snapshot:
        snapshot = super().snapshot()
        self.seen |= {int(rm.resource.attributes["process.pid"]) for rm in snapshot.batch.resource_metrics}
        return snapshot


@sqlite_only
async def test_dynamic_loop_holds_the_budget_under_high_churn(
    app: FastAPI, client: httpx.AsyncClient, admin_headers: dict
) -> None:
    clock = Clock()
    app.state.reconciler.ctx.now = clock
    host = ChurningHost()
    # The loop reads a simulated host, not this one: what is tested is the control law closing the
    # loop through real re-rendered configs, on a population that churns the same way every run.
    runtime = LocalRuntime(snapshots=host.snapshot)
    app.state.runtime = app.state.reconciler.ctx.runtime = runtime
    # Every process kept whole (thresholds 0) gives the ceiling; nothing but criticals and the
    # `other` roll-up (thresholds at their maximum) gives the floor. Aim in between.
    # min_heavy_age: the short-lived processes (under 4 s) are always rolled up, never kept whole,
    # so the loop steers the steady population while the churn flows through `other`.
    probe = await _deploy(
        app,
        client,
        admin_headers,
        "process-dynamic-v1",
        cpu_threshold=0.0,
        memory_threshold_bytes=0,
        min_heavy_age="5s",
    )
    key = "dyn/deployment"

    async def output_series() -> int:
        return (await runtime.sample([as_variant(await _load(app, probe["id"]))]))[key].output_series

    async def update(**parameters: object) -> None:
        response = await client.post(
            "/api/v1/control/signals",
            headers=admin_headers,
            json={"kind": "config_update", "deployment_id": probe["id"], "parameters": parameters},
        )
        assert response.status_code == 201, response.text
        await app.state.reconciler.tick()

    async def mean_output(samples: int = 4) -> int:
        return round(sum([await output_series() for _ in range(samples)]) / samples)

    await output_series()  # a priming scrape: from the next one on, every process has a CPU utilization
    ceiling = await mean_output()
    await update(cpu_threshold=1.0, memory_threshold_bytes=1 << 40)
    floor = await mean_output()

    # The budget is what a memory threshold of MEMORY_BUDGET gives on this host (a level some
    # threshold reaches). The loop moves only the memory threshold (tune=memory) and keeps CPU at
    # 20% of the host. It starts far from the budget, at memory threshold 0 (every process whole).
    await update(cpu_threshold=0.2, memory_threshold_bytes=MEMORY_BUDGET, tune="memory")
    target = await mean_output()
    assert ceiling - target >= 20 and target >= floor + 20, (floor, target, ceiling)
    await update(memory_threshold_bytes=0, target_series_per_host=target)

    outputs, changes, history = [], 0, []
    for _ in range(16):
        clock.now += timedelta(minutes=6)  # past the 5 min hold time: every tick may retune
        decisions = await app.state.dynamic.tick()
        changes += sum(d.action == "retune" for d in decisions)
        history.append([d.reason for d in decisions])
        await app.state.reconciler.tick()  # applies the re-rendered config
        outputs.append(await output_series())
    # After settling, every sample holds the budget within 20%.
    deviations = [abs(o - target) / target for o in outputs[-6:]]
    assert max(deviations) <= 0.2, (floor, target, ceiling, outputs, history[-6:])
    assert changes >= 1

    # The hold time: ticks closer together than retune_interval never change anything.
    await client.post(
        "/api/v1/control/signals",
        headers=admin_headers,
        json={
            "kind": "config_update",
            "deployment_id": probe["id"],
            "parameters": {"target_series_per_host": target * 3},
        },
    )
    await app.state.reconciler.tick()
    clock.now += timedelta(minutes=6)
    assert [d.action for d in await app.state.dynamic.tick()] == ["retune"]
    for _ in range(3):
        clock.now += timedelta(seconds=30)
        decisions = await app.state.dynamic.tick()
        assert [d.action for d in decisions] == ["hold"] and "held" in decisions[0].reason
    alive = len(host.population.at(host.t))
    assert len(host.seen) - alive >= 500, (len(host.seen), alive)  # short-lived processes came and went


async def _load(app: FastAPI, deployment_id: str) -> Deployment:
    async with app.state.sessionmaker() as session:
        return await get(session, deployment_id=deployment_id)


@sqlite_only
async def test_adaptive_switches_profile(app: FastAPI, client: httpx.AsyncClient, admin_headers: dict) -> None:
    clock = Clock()
    app.state.reconciler.ctx.now = clock
    deployment = await _deploy(
        app, client, admin_headers, "process-adaptive-v1", switch_up_process_count=2, switch_down_process_count=1
    )
    decisions = await app.state.dynamic.tick()  # this host runs more than 2 processes
    assert [d.action for d in decisions] == ["switch"]
    detail = (await client.get(f"/api/v1/deployments/{deployment['id']}", headers=admin_headers)).json()
    assert detail["source"]["parameters"]["profile"] == "aggressive"
    signals = (await client.get("/api/v1/control/signals", headers=admin_headers)).json()
    assert signals[0]["created_by"] == "control:dynamic" and signals[0]["status"] == "completed"
