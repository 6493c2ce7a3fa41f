"""High churn for real: over 10 s on this (2-core) machine the simulator keeps starting and ending the
profile's 25 processes per second within 15 %, counted from the outside with psutil, and reports the
same on its metrics."""

from __future__ import annotations

import contextlib
import os
import time

import psutil
from prometheus_client import REGISTRY

from app.simulation.models import SimulationCreate
from app.simulation.service import SimulationManager

from .conftest import wait_for

RATE = 25.0
WINDOW_S = 10.0


def _group_members(pgid: int, names: set[str]) -> dict[int, str]:
    """pid -> name of the processes of `pgid` with one of `names` (children of this test process)."""
    found = {}
    for child in psutil.Process().children():
        with contextlib.suppress(psutil.Error, ProcessLookupError):
            if os.getpgid(child.pid) == pgid:
                name = child.name()
                if name in names:
                    found[child.pid] = name
    return found


def test_high_churn_sustains_its_rate_within_15_percent(manager: SimulationManager) -> None:
    info = manager.start(SimulationCreate(profile="high-churn", process_count=40, churn_rate=RATE, duration=60))
    info = wait_for(manager, info.id, "running")
    run = manager.run(info.id)
    churn_names = {g.name for g in run.profile.groups if g.role == "churn"}
    time.sleep(1.0)  # let the arrivals alive at time 0 turn over

    first = _group_members(info.process_group, churn_names)
    seen: set[int] = set(first)
    started_before = manager.get(info.id).started
    deadline = time.monotonic() + WINDOW_S
    while time.monotonic() < deadline:
        seen |= set(_group_members(info.process_group, churn_names))
        time.sleep(0.02)
    last = _group_members(info.process_group, churn_names)
    after = manager.get(info.id)

    born = len(seen - set(first))
    ended = len(seen - set(last))
    assert abs(born / WINDOW_S - RATE) <= 0.15 * RATE, born
    assert abs(ended / WINDOW_S - RATE) <= 0.15 * RATE, ended
    assert abs((after.started - started_before) / WINDOW_S - RATE) <= 0.15 * RATE
    assert abs(after.churn_rate_achieved - RATE) <= 0.15 * RATE
    assert after.spawn_failures == 0
    print(f"churn over {WINDOW_S:.0f} s: born {born}, ended {ended}, reported {after.churn_rate_achieved}/s")

    labels = {"simulation": info.id, "profile": "high-churn"}
    assert abs(REGISTRY.get_sample_value("phoenix_sim_churn_rate", labels) - RATE) <= 0.15 * RATE
    assert REGISTRY.get_sample_value("phoenix_sim_processes_started_total", labels) >= after.started
    active = REGISTRY.get_sample_value("phoenix_sim_processes_active", labels)
    assert 40 <= active <= 40 + RATE * 4 + 1
    manager.stop(info.id)
    exited = REGISTRY.get_sample_value("phoenix_sim_processes_exited_total", labels)
    assert exited == REGISTRY.get_sample_value("phoenix_sim_processes_started_total", labels)
    assert REGISTRY.get_sample_value("phoenix_sim_processes_active", labels) == 0
