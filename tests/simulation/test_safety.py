"""No orphans and no overload: a SIGKILLed Phoenix leaves no simulated process behind (even with its
watchdog killed first), stop/duration/shutdown leave none, and the host cap and bad parameters are
refused with clear errors before anything is spawned."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from app.core.errors import Conflict, Invalid
from app.simulation.capacity import HostLedger
from app.simulation.models import SimulationCreate
from app.simulation.service import SimulationManager
from app.simulation.settings import SimulationSettings

from .conftest import group_processes, survivors, wait_for, wait_until_gone

ROOT = Path(__file__).resolve().parents[2]


def _children() -> set[int]:
    return {p.pid for p in psutil.Process().children(recursive=True)}


@pytest.mark.parametrize("kill_watchdog_first", [False, True], ids=["phoenix", "watchdog-then-phoenix"])
def test_sigkilled_phoenix_leaves_no_simulated_process(tmp_path: Path, kill_watchdog_first: bool) -> None:
    phoenix = subprocess.Popen(
        [sys.executable, "-m", "tests.simulation.phoenix_like", str(tmp_path), "high-churn", "60", "25"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = phoenix.stdout.readline()  # type: ignore[union-attr]
        state = json.loads(line)
        assert state["status"] == "running" and len(state["pids"]) >= 60
        procs = group_processes(state["process_group"], include_watchdog=True)
        assert len(procs) >= 61
        if kill_watchdog_first:  # the second line of defence: every helper leaves when its pipe closes
            os.kill(phoenix.pid, signal.SIGSTOP)  # frozen: it cannot notice and clean up itself
            os.kill(state["process_group"], signal.SIGKILL)
            time.sleep(0.2)
            assert len(survivors(procs)) >= 60
        phoenix.kill()
        phoenix.wait()
        assert wait_until_gone(procs, 5.0) == []
        assert group_processes(state["process_group"], include_watchdog=True) == []
    finally:
        if phoenix.poll() is None:
            phoenix.kill()
            phoenix.wait()


def test_a_killed_watchdog_stops_the_simulation(manager: SimulationManager) -> None:
    info = manager.start(SimulationCreate(profile="realistic", process_count=50, churn_rate=0))
    info = wait_for(manager, info.id, "running")
    procs = group_processes(info.process_group, include_watchdog=True)
    os.kill(info.process_group, signal.SIGKILL)  # the group leader is the watchdog
    failed = wait_for(manager, info.id, "failed", timeout=5)
    assert "watchdog ended unexpectedly" in (failed.error or "") and failed.active_processes == 0
    assert survivors(procs) == []


def test_duration_end_leaves_no_process(manager: SimulationManager) -> None:
    info = manager.start(SimulationCreate(profile="high-churn", process_count=40, churn_rate=20, duration=2))
    info = wait_for(manager, info.id, "running")
    procs = group_processes(info.process_group, include_watchdog=True)
    done = wait_for(manager, info.id, "completed", timeout=10)
    assert done.stop_reason == "duration" and done.active_processes == 0 and done.started == done.exited
    assert survivors(procs) == []
    assert group_processes(info.process_group, include_watchdog=True) == []


def test_shutdown_ends_every_simulation(manager: SimulationManager) -> None:
    first = manager.start(SimulationCreate(profile="realistic", process_count=50, churn_rate=0))
    second = manager.start(SimulationCreate(profile="high-churn", process_count=40))
    procs = []
    for info in (wait_for(manager, first.id, "running"), wait_for(manager, second.id, "running")):
        procs += group_processes(info.process_group, include_watchdog=True)
    manager.shutdown()
    assert survivors(procs) == []
    assert {(s.status, s.stop_reason) for s in manager.list()} == {("stopped", "shutdown")}
    with pytest.raises(Conflict, match="shutting down"):
        manager.start(SimulationCreate(profile="realistic"))


def test_stop_during_start_and_twice_is_fine(manager: SimulationManager) -> None:
    info = manager.start(SimulationCreate(profile="high-cardinality", process_count=2000))
    stopped = manager.stop(info.id)
    assert stopped.status == "stopped" and stopped.active_processes == 0 and stopped.started == stopped.exited
    assert stopped.started < 2000 or stopped.running_at is not None
    assert manager.stop(info.id).status == "stopped"


@pytest.fixture
def small_cap(tmp_path: Path) -> SimulationManager:
    manager = SimulationManager(
        SimulationSettings(
            work_dir=tmp_path, max_processes=120, cpu_cores=0.1, memory_bytes=8 * 1024 * 1024, switch_owners=False
        )
    )
    yield manager
    manager.shutdown()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"profile": "realistic", "process_count": 150}, "more than the host cap of 120"),
        ({"profile": "high-churn", "process_count": 40, "churn_rate": 30}, "short-lived ones"),
        (
            {
                "profile": "custom",
                "custom": {
                    "process_count": 1,
                    "churn_rate": 200,
                    "groups": [
                        {"name": "x", "exe_path": "/x", "command": "x", "role": "pool"},
                        {"name": "y", "exe_path": "/y", "command": "y {uid}", "role": "churn", "lifetime_s": [1, 2]},
                    ],
                },
            },
            "short-lived ones",
        ),
        ({"profile": "nope"}, "unknown load profile 'nope'; known: realistic, high-cardinality, high-churn, custom"),
        ({"profile": "realistic", "process_count": 20}, "between 50 and 200"),
        ({"profile": "high-churn", "churn_rate": 5}, "between 20.0 and 30.0"),
        (
            {
                "profile": "custom",
                "custom": {
                    "process_count": 3,
                    "groups": [{"name": "far-too-long-a-name", "exe_path": "/x", "command": "x"}],
                },
            },
            "15 characters",
        ),
        (
            {
                "profile": "custom",
                "custom": {
                    "process_count": 1,
                    "duration_s": 604800,
                    "groups": [{"name": "r", "exe_path": "/r", "command": "r", "restarts_per_minute": 60}],
                },
            },
            "would restart 604800",
        ),
        (
            {
                "profile": "custom",
                "custom": {"process_count": 1, "groups": [{"name": "r", "exe_path": "/r", "command": "r " * 3000}]},
            },
            "longer than 4096 characters",
        ),
    ],
)
def test_refusals_are_clear_and_start_nothing(small_cap: SimulationManager, body: dict, message: str) -> None:
    before = _children()
    with pytest.raises(Invalid) as refused:
        small_cap.start(SimulationCreate(**body))
    assert message in refused.value.message
    assert small_cap.list() == [] and _children() == before
    assert small_cap.profiles().in_use == 0


def test_negative_counts_are_refused_by_the_request_model() -> None:
    with pytest.raises(ValueError, match="greater than or equal to 1"):
        SimulationCreate(profile="realistic", process_count=-5)
    with pytest.raises(ValueError, match="greater than or equal to 0"):
        SimulationCreate(profile="high-churn", churn_rate=-1)


def test_two_simulations_share_the_cap(small_cap: SimulationManager) -> None:
    first = small_cap.start(SimulationCreate(profile="realistic", process_count=60, churn_rate=0))
    assert first.reserved_processes <= 70
    with pytest.raises(Conflict, match="in use by other simulations") as refused:
        small_cap.start(SimulationCreate(profile="realistic", process_count=60, churn_rate=0))
    assert refused.value.details == {
        "requested": first.reserved_processes,
        "in_use": first.reserved_processes,
        "cap": 120,
    }
    assert len(small_cap.list()) == 1
    small_cap.stop(first.id)
    second = small_cap.start(SimulationCreate(profile="realistic", process_count=60, churn_rate=0))
    assert wait_for(small_cap, second.id, "running").active_processes == 60


def test_simulations_share_the_hosts_cpu_and_memory_budget(small_cap: SimulationManager) -> None:
    first = small_cap.start(SimulationCreate(profile="realistic", process_count=50, churn_rate=0))
    second = small_cap.start(SimulationCreate(profile="realistic", process_count=50, churn_rate=0))
    assert 0 < first.cpu_scale < 1 and 0 < first.memory_scale < 1  # the whole budget, shrunk to fit
    assert second.cpu_scale == 0 and second.memory_scale == 0  # nothing left: its processes idle
    assert any("PHOENIX_SIM_CPU_CORES" in note for note in second.notes)
    usage = HostLedger(small_cap.settings.base_dir() / "ledger", 120).usage()
    assert usage.cores == pytest.approx(0.1) and usage.memory == pytest.approx(8 * 1024 * 1024)
    small_cap.stop(first.id)
    third = small_cap.start(SimulationCreate(profile="realistic", process_count=50, churn_rate=0))
    assert third.cpu_scale == pytest.approx(first.cpu_scale, rel=0.5) and third.cpu_scale > 0


def test_the_cap_holds_across_processes_on_one_host(small_cap: SimulationManager, tmp_path: Path) -> None:
    small_cap.profiles()  # creates the ledger directory
    ledger_dir = small_cap.settings.base_dir() / "ledger"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from app.simulation.capacity import HostLedger; "
            "HostLedger(Path(sys.argv[1]), 120).reserve('elsewhere', 100); print('held', flush=True); time.sleep(60)",
            str(ledger_dir),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"  # type: ignore[union-attr]
        assert HostLedger(ledger_dir, 120).in_use() == 100
        with pytest.raises(Conflict, match="100 of the host cap of 120"):
            small_cap.start(SimulationCreate(profile="realistic", process_count=50, churn_rate=0))
        holder.kill()
        holder.wait()
        assert HostLedger(ledger_dir, 120).in_use() == 0  # a dead process's reservation no longer counts
        info = small_cap.start(SimulationCreate(profile="realistic", process_count=50, churn_rate=0))
        assert wait_for(small_cap, info.id, "running").active_processes == 50
    finally:
        with contextlib.suppress(ProcessLookupError):
            holder.kill()
        holder.wait()
