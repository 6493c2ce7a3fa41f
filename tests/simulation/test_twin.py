"""A live run and its synthetic twin agree: the processes a scraper reads on this host (through the
engine's own psutil reader) and the synthetic snapshot of the same profile and seed show the same
names, command lines, owners and counts; active processes follow the twin's CPU and memory values."""

from __future__ import annotations

import contextlib
import getpass
import os
import pwd
import time
from collections import Counter
from pathlib import Path

import psutil
import pytest

from app.engine.scraper.psutil_reader import ProcessReader, Skipped, Vanished
from app.engine.scraper.settings import ScraperSettings
from app.simulation.models import SimulationCreate
from app.simulation.population import reported_name
from app.simulation.service import SimulationManager
from app.simulation.settings import SimulationSettings
from app.simulation.snapshots import synthesize_snapshot

from .conftest import group_processes, wait_for
from .test_live_profiles import quiet_seed

MiB = 1024 * 1024


def _account(owner: str) -> str:
    """Who a profile owner runs as here: the owner when the account exists (Phoenix is root), else us."""
    with contextlib.suppress(KeyError):
        return pwd.getpwnam(owner).pw_name
    return getpass.getuser()


def test_live_run_and_synthetic_snapshot_show_the_same_processes(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("owners can only be switched when the tests run as root")
    settings = SimulationSettings(work_dir=tmp_path, cpu_cores=0.2, memory_bytes=32 * MiB, switch_owners=True)
    manager = SimulationManager(settings)
    overrides = {"process_count": 80, "churn_rate": 0.0}
    seed = quiet_seed("realistic", overrides)
    try:
        info = manager.start(SimulationCreate(profile="realistic", duration=60, seed=seed, **overrides))
        info = wait_for(manager, info.id, "running")
        run = manager.run(info.id)
        reader = ProcessReader(ScraperSettings.for_snapshot())
        live = []
        for proc in group_processes(info.process_group):
            with contextlib.suppress(Vanished, Skipped):
                live.append(reader.read(proc))
        t = run.simulation_time()
    finally:
        manager.shutdown()
    assert t is not None and t < 8.0  # the seed keeps the population unchanged this long

    twin = synthesize_snapshot(run.profile, at_s=t, interval_s=1.0)
    resources = [rm.resource.attributes for rm in twin.batch.resource_metrics]
    assert len(live) == len(resources) == 80

    def shape(name: str, command_line: str, owner: str) -> tuple[str, str, str]:
        return name, command_line, owner

    live_shapes = Counter(shape(s.name, " ".join(s.command_line or []), s.owner or "") for s in live)
    # The synthetic snapshot reports `comm` as it is; psutil/gopsutil extend a 15-character comm from
    # argv[0] (systemd-journal -> systemd-journald), which `reported_name` applies.
    twin_shapes = Counter(
        shape(
            reported_name(a["process.executable.name"], a["process.command_line"].split()[0]),
            a["process.command_line"],
            _account(a["process.owner"]),
        )
        for a in resources
    )
    assert live_shapes == twin_shapes
    assert {"postgres", "nginx", "java", "kubelet"} <= {s.name for s in live}
    assert {s.owner for s in live} >= {"root", "postgres", "www-data"}


def test_active_processes_follow_their_twins_cpu_and_memory(tmp_path: Path) -> None:
    settings = SimulationSettings(work_dir=tmp_path, cpu_cores=1.0, memory_bytes=128 * MiB, switch_owners=False)
    manager = SimulationManager(settings)
    custom = {
        "process_count": 2,
        "duration_s": 60,
        "seed": 4,
        "groups": [
            {
                "name": "burner",
                "exe_path": "/usr/bin/burner",
                "command": "burner",
                "cpu": {"kind": "steady", "cores": 0.2},
                "memory": {"rss_bytes": 6 * MiB},
            },
            {
                "name": "leaker",
                "exe_path": "/usr/bin/leaker",
                "command": "leaker",
                "memory": {"kind": "sawtooth", "rss_bytes": 8 * MiB, "growth_bytes_per_s": 2 * MiB, "period_s": 20},
            },
        ],
    }
    try:
        info = manager.start(SimulationCreate(profile="custom", custom=custom))
        info = wait_for(manager, info.id, "running")
        assert info.cpu_scale == 1.0 and info.memory_scale == 1.0
        run = manager.run(info.id)
        by_name = {twin.name: (psutil.Process(pid), twin) for pid, twin in run.live_processes().items()}
        burner, burner_twin = by_name["burner"]
        leaker, leaker_twin = by_name["leaker"]
        time.sleep(0.2)
        cpu0, t0 = sum(burner.cpu_times()[:2]), time.monotonic()
        # A sawtooth leak: the helper is retuned every 0.5 s, so it is at most ~1 MiB behind its twin.
        readings = []
        for pause in (1.5, 0.0):
            t = run.simulation_time() or 0.0
            readings.append((leaker.memory_info().rss, leaker_twin.rss_bytes(t)))
            time.sleep(pause)
        used = (sum(burner.cpu_times()[:2]) - cpu0) / (time.monotonic() - t0)
        expected = burner_twin.cpu_cores(run.simulation_time() or 0.0)
        assert 0.6 * expected <= used <= 1.3 * expected  # a busy CI host may preempt the spinner a little
        assert abs(burner.memory_info().rss - burner_twin.rss_bytes(0.0)) < 1 * MiB
        for live, twin in readings:
            assert abs(live - twin) < 1.5 * MiB
        assert readings[0][1] != readings[1][1]  # the pattern moved, and the live process with it
    finally:
        manager.shutdown()
