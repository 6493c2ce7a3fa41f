"""Cost and fidelity of the process load simulator on this host.

Prints: the time to start 2,000 real processes (high-cardinality; as Phoenix's user, and, when run
as root, as the profile owners), the memory of an idle simulated process (RSS and USS), the
simulator's own CPU while 2,000 processes run, and for the high-churn profile the achieved churn
against the configured rate, counted from the outside with psutil, and the simulator's own CPU at
that rate. Asserts nothing.

    .venv/bin/python bench/simulator.py [--processes 2000] [--churn-seconds 10]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.simulation.activity import is_active  # noqa: E402
from app.simulation.models import SimulationCreate  # noqa: E402
from app.simulation.service import SimulationManager  # noqa: E402
from app.simulation.settings import SimulationSettings  # noqa: E402


def _settings(work_dir: Path, switch_owners: bool) -> SimulationSettings:
    return SimulationSettings(
        work_dir=work_dir, switch_owners=switch_owners, cpu_cores=0.25, memory_bytes=64 * 1024 * 1024
    )


def _wait_running(manager: SimulationManager, simulation_id: str) -> None:
    while manager.get(simulation_id).status == "starting":
        time.sleep(0.005)


def start_population(work_dir: Path, processes: int, switch_owners: bool) -> None:
    manager = SimulationManager(_settings(work_dir, switch_owners))
    try:
        began = time.perf_counter()
        info = manager.start(SimulationCreate(profile="high-cardinality", process_count=processes, duration=600))
        _wait_running(manager, info.id)
        elapsed = time.perf_counter() - began
        mode = "as the profile owners" if switch_owners else "as Phoenix's user"
        print(f"start {processes} processes, {mode}: {elapsed:.2f} s ({elapsed / processes * 1000:.2f} ms each)")
        if switch_owners:
            return
        run = manager.run(info.id)
        idle = [pid for pid, twin in run.live_processes().items() if not is_active(twin.group)]
        rss, uss = [], []
        for pid in idle:
            with contextlib.suppress(psutil.Error):
                full = psutil.Process(pid).memory_full_info()
                rss.append(full.rss)
                uss.append(full.uss)
        print(
            f"idle simulated process ({len(idle)} measured): RSS median {statistics.median(rss) / 1024:.1f} KiB, "
            f"mean {statistics.mean(rss) / 1024:.1f} KiB; USS mean {statistics.mean(uss) / 1024:.1f} KiB"
        )
        me = psutil.Process()
        cpu0, wall0 = sum(me.cpu_times()[:2]), time.perf_counter()
        time.sleep(5)
        share = (sum(me.cpu_times()[:2]) - cpu0) / (time.perf_counter() - wall0)
        print(f"simulator's own CPU while {processes} processes run: {share * 100:.2f} % of one core")
    finally:
        manager.shutdown()


def _churn_pids(pgid: int, names: set[str]) -> set[int]:
    found = set()
    for child in psutil.Process().children():
        with contextlib.suppress(psutil.Error, ProcessLookupError):
            if os.getpgid(child.pid) == pgid and child.name() in names:
                found.add(child.pid)
    return found


def churn(work_dir: Path, rate: float, seconds: float) -> None:
    manager = SimulationManager(_settings(work_dir, switch_owners=False))
    try:
        info = manager.start(SimulationCreate(profile="high-churn", process_count=80, churn_rate=rate, duration=600))
        _wait_running(manager, info.id)
        info = manager.get(info.id)
        names = {g.name for g in manager.run(info.id).profile.groups if g.role == "churn"}
        time.sleep(1.0)
        first = _churn_pids(info.process_group, names)
        seen, started0 = set(first), manager.get(info.id).started
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            seen |= _churn_pids(info.process_group, names)
            time.sleep(0.02)
        after = manager.get(info.id)
        me = psutil.Process()
        cpu0 = sum(me.cpu_times()[:2])
        time.sleep(5)  # the simulator alone, without the sampling above
        cpu = (sum(me.cpu_times()[:2]) - cpu0) / 5
        observed = len(seen - first) / seconds
        counted = (after.started - started0) / seconds
        print(
            f"churn configured {rate:4.1f}/s: seen with psutil {observed:4.1f}/s ({observed / rate - 1:+.1%}), "
            f"simulator counted {counted:4.1f}/s, metric {after.churn_rate_achieved:4.1f}/s, "
            f"spawn failures {after.spawn_failures}, simulator CPU {cpu * 100:.1f} % of one core"
        )
    finally:
        manager.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=2000)
    parser.add_argument("--churn-seconds", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="phoenix-sim-bench-") as tmp:
        work_dir = Path(tmp)
        work_dir.chmod(0o711)
        print(
            f"host: {os.cpu_count()} CPUs, {psutil.virtual_memory().total / 2**30:.1f} GiB, "
            f"kernel {os.uname().release}, running as uid {os.geteuid()}"
        )
        start_population(work_dir, args.processes, switch_owners=False)
        if os.geteuid() == 0:
            start_population(work_dir, args.processes, switch_owners=True)
        for rate in (20.0, 25.0, 30.0):
            churn(work_dir, rate, args.churn_seconds)


if __name__ == "__main__":
    main()
