"""Every profile started for real and looked at with psutil, as any scraper would: the expected names,
counts and (for high-cardinality) unique command lines exist, the processes share one process group,
and stopping leaves none of them."""

from __future__ import annotations

import contextlib
from collections import Counter
from typing import Any

import psutil
import pytest

from app.simulation.models import SimulationCreate
from app.simulation.population import Population
from app.simulation.profiles import custom_profile, get_profile
from app.simulation.service import SimulationManager

from .conftest import group_processes, survivors, wait_for

CUSTOM = {
    "process_count": 12,
    "churn_rate": 4.0,
    "duration_s": 60,
    "groups": [
        {
            "name": "api-server",
            "exe_path": "/opt/api/bin/api-server",
            "command": "/opt/api/bin/api-server --port {port}",
            "count": 2,
            "cpu": {"kind": "steady", "cores": 0.02},
            "memory": {"rss_bytes": 4_000_000},
        },
        {
            "name": "worker",
            "exe_path": "/opt/api/bin/worker",
            "command": "worker --queue q{i} --token {uid}",
            "role": "pool",
        },
        {
            "name": "probe",
            "exe_path": "/usr/bin/probe",
            "command": "probe --id {uid}",
            "role": "churn",
            "lifetime_s": [0.3, 0.8],
        },
    ],
}

CASES: list[tuple[str, dict[str, Any]]] = [
    ("realistic", {"process_count": 50, "churn_rate": 0.0}),
    ("high-cardinality", {"process_count": 1000}),
    ("high-churn", {"process_count": 40, "churn_rate": 20.0}),
    ("custom", {"custom": CUSTOM}),
]


def quiet_seed(profile: str, overrides: dict[str, Any], quiet_s: float = 8.0) -> int:
    """A seed whose population has no restart in its first seconds, so long-lived counts are exact."""
    knobs = {k: v for k, v in overrides.items() if k in ("process_count", "churn_rate")}
    for seed in range(1, 200):
        if profile == "custom":
            built = custom_profile({**overrides["custom"], "seed": seed})
        else:
            built = get_profile(profile, seed=seed, duration_s=60, **knobs)
        if not any(p.group.role != "churn" for p in Population(built).starts_between(0.0, quiet_s)):
            return seed
    raise AssertionError("no quiet seed")


@pytest.mark.parametrize(("profile", "overrides"), CASES, ids=[c[0] for c in CASES])
def test_each_profile_runs_as_real_processes(
    manager: SimulationManager, profile: str, overrides: dict[str, Any]
) -> None:
    seed = quiet_seed(profile, overrides)
    started = manager.start(SimulationCreate(profile=profile, duration=60, seed=seed, **overrides))
    info = wait_for(manager, started.id, "running")
    run = manager.run(info.id)
    long_lived = [p for p in run.initial if p.group.role != "churn"]
    assert info.target_processes == len(long_lived) == run.profile.process_count
    assert info.process_group is not None

    found = group_processes(info.process_group)
    twins = run.live_processes()
    seen = {}
    for p in found:
        with contextlib.suppress(psutil.NoSuchProcess):  # a churn process may end while we read it
            if p.pid in twins:
                seen[p.pid] = (p.name(), p.cmdline())
    assert len(seen) >= len(found) - 5  # only churn processes born or ended during the scan may be missing
    for pid, (name, cmdline) in seen.items():
        twin = twins[pid]
        assert name == twin.executable_name and cmdline == twin.argv

    live_long = Counter(name for pid, (name, _) in seen.items() if twins[pid].group.role != "churn")
    assert live_long == Counter(p.executable_name for p in long_lived)
    if profile == "high-cardinality":
        pooled = [tuple(cmd) for pid, (_, cmd) in seen.items() if twins[pid].group.role == "pool"]
        assert len(pooled) > 900 and len(set(pooled)) == len(pooled)
    if run.profile.churn_rate > 0:
        churn_names = {g.name for g in run.profile.groups if g.role == "churn"}
        assert any(name in churn_names for name, _ in seen.values())

    stopped = manager.stop(info.id)
    assert stopped.status == "stopped" and stopped.active_processes == 0
    assert stopped.started == stopped.exited >= len(long_lived)
    assert survivors(found) == []
    assert group_processes(info.process_group, include_watchdog=True) == []
