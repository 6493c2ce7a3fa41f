"""Fixtures for the simulator tests: a manager with small budgets in a private directory, and ways to
look at the real processes of a simulation the way any other program would (psutil, by process group).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from app.simulation.helper import WATCHDOG_NAME, helper_supported
from app.simulation.models import SimulationRead
from app.simulation.service import SimulationManager
from app.simulation.settings import SimulationSettings

PURE_MODULES = ("test_profiles", "test_population_schedule")  # no real processes: run on any host


@pytest.fixture(autouse=True)
def _needs_helper(request: pytest.FixtureRequest) -> None:
    reason = helper_supported()
    if reason and not request.module.__name__.endswith(PURE_MODULES):
        pytest.skip(reason)


@pytest.fixture
def sim_settings(tmp_path: Path) -> SimulationSettings:
    """Small budgets (a 2-core CI machine runs other tests too), a private ledger, no owner switching."""
    return SimulationSettings(
        work_dir=tmp_path, cpu_cores=0.2, memory_bytes=32 * 1024 * 1024, max_processes=3000, switch_owners=False
    )


@pytest.fixture
def manager(sim_settings: SimulationSettings) -> Iterator[SimulationManager]:
    manager = SimulationManager(sim_settings)
    yield manager
    manager.shutdown()


def wait_for(manager: SimulationManager, simulation_id: str, *statuses: str, timeout: float = 30) -> SimulationRead:
    deadline = time.monotonic() + timeout
    while True:
        info = manager.get(simulation_id)
        if info.status in statuses:
            return info
        if info.status.finished or time.monotonic() > deadline:
            raise AssertionError(f"simulation {simulation_id} is {info.status}, not {' or '.join(statuses)}: {info}")
        time.sleep(0.02)


def group_processes(pgid: int, *, include_watchdog: bool = False) -> list[psutil.Process]:
    """Live (non-zombie) processes in process group `pgid`, found by scanning every process on the host."""
    found = []
    for proc in psutil.process_iter(["name", "status"]):
        with contextlib.suppress(ProcessLookupError, psutil.Error):
            if os.getpgid(proc.pid) != pgid or proc.info["status"] == psutil.STATUS_ZOMBIE:
                continue
            if include_watchdog or proc.info["name"] != WATCHDOG_NAME:
                found.append(proc)
    return found


def survivors(procs: list[psutil.Process]) -> list[psutil.Process]:
    """Those of `procs` still running: not a zombie (it has ended; only its parent's bookkeeping is left)
    and not a reused pid (`is_running` compares the start time)."""
    alive = []
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
                alive.append(proc)
    return alive


def wait_until_gone(procs: list[psutil.Process], timeout: float) -> list[psutil.Process]:
    deadline = time.monotonic() + timeout
    while (left := survivors(procs)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left
