"""The load profiles as the spec defines them: sizes, churn, restarts, unique command lines, real
process names, criticals mixed with non-criticals, overrides and custom profiles, determinism."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.engine.critical_patterns import DEFAULT_CRITICAL_PROCESSES, is_critical
from app.simulation.population import Population
from app.simulation.profiles import PROFILES, CpuPattern, custom_profile, get_profile


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_profiles_mix_critical_and_ordinary_processes_with_real_names(name: str) -> None:
    alive = Population(PROFILES[name]).at(60.0)
    names = [p.name for p in alive]
    assert all(1 <= len(n) <= 15 and " " not in n and "/" not in n for n in names)
    critical = [n for n in names if is_critical(n, DEFAULT_CRITICAL_PROCESSES)]
    assert {"postgres", "nginx", "java", "kubelet"} <= set(critical)
    assert len(critical) < len(names) / 2  # many more that are not critical
    pids = [p.pid for p in alive]
    assert len(set(pids)) == len(pids)


@pytest.mark.parametrize(("name", "low", "high"), [("realistic", 50, 200), ("high-cardinality", 1000, 2000)])
def test_long_lived_process_counts_follow_process_count(name: str, low: int, high: int) -> None:
    assert low <= PROFILES[name].process_count <= high
    for count in (low, high):
        profile = get_profile(name, process_count=count)
        long_lived = [p for p in Population(profile).at(30.0) if p.group.role != "churn"]
        assert len(long_lived) == count


def test_high_cardinality_processes_have_unique_command_lines_and_are_mostly_idle() -> None:
    profile = get_profile("high-cardinality")
    alive = Population(profile).at(60.0)
    pooled = [p for p in alive if p.group.role == "pool"]
    assert len({p.command_line for p in pooled}) == len(pooled)
    idle = [p for p in alive if p.cpu_cores(60.0) < 0.01]
    assert len(idle) / len(alive) > 0.9


def test_high_churn_starts_and_ends_20_to_30_processes_per_second() -> None:
    profile = get_profile("high-churn")
    population = Population(profile)
    window = [{p.pid for p in population.at(60.0 + t / 10) if p.group.role == "churn"} for t in range(0, 101)]
    started = set().union(*window) - window[0]
    ended = window[0] - window[-1]
    assert 20 * 10 * 0.8 <= len(started) <= 30 * 10 * 1.2  # ~rate x 10 s, sampled every 0.1 s
    assert len(ended) == len(window[0])  # lifetimes are a few seconds: all of them ended
    with pytest.raises(ValidationError):
        get_profile("high-churn", churn_rate=5)


def test_realistic_restarts_a_few_processes_per_minute() -> None:
    profile = get_profile("realistic", duration_s=600)
    population = Population(profile)
    before = {p.pid for p in population.at(0.0) if p.group.role != "churn"}
    after = {p.pid for p in population.at(600.0) if p.group.role != "churn"}
    restarted = len(after - before)
    assert 10 <= restarted <= 60  # ~3.5 restarts per minute over 10 minutes
    assert len(after) == len(before)  # a restart replaces a process, it does not add one


def test_same_seed_same_population_other_seed_other_population() -> None:
    def fingerprint(seed: int) -> list[tuple]:
        alive = Population(get_profile("realistic", seed=seed)).at(120.0)
        return [(p.pid, p.ppid, p.command_line, round(p.cpu_seconds(120.0)[0], 6), p.rss_bytes(120.0)) for p in alive]

    assert fingerprint(7) == fingerprint(7)
    assert fingerprint(7) != fingerprint(8)


def test_cpu_seconds_integrate_the_pattern() -> None:
    population = Population(get_profile("realistic"))
    java = next(p for p in population.at(0.0) if p.name == "java")
    a, b = 100.0, 160.0
    steps = 6000
    numeric = sum(java.cpu_cores(a + (i + 0.5) * (b - a) / steps) for i in range(steps)) * (b - a) / steps
    exact = sum(java.cpu_seconds(b)) - sum(java.cpu_seconds(a))
    assert exact == pytest.approx(numeric, rel=1e-4)


def test_workers_have_their_master_as_parent() -> None:
    alive = Population(get_profile("realistic")).at(60.0)
    master = next(p for p in alive if p.group.label == "nginx-master")
    workers = [p for p in alive if p.group.label == "nginx-worker"]
    assert workers and all(w.ppid == master.pid for w in workers)
    assert next(p for p in alive if p.name == "systemd").pid == 1


def test_custom_profile_from_plain_data() -> None:
    profile = custom_profile(
        {
            "process_count": 12,
            "churn_rate": 2.0,
            "seed": 5,
            "groups": [
                {"name": "postgres", "exe_path": "/usr/bin/postgres", "command": "postgres -p {port}", "count": 2},
                {
                    "name": "worker",
                    "exe_path": "/opt/worker",
                    "command": "worker --id {uid}",
                    "role": "pool",
                    "cpu": {"kind": "sine", "cores": 0.2, "amplitude": 0.1, "period_s": 30},
                    "memory": {"kind": "ramp", "rss_bytes": 1000000, "growth_bytes_per_s": 10},
                },
                {
                    "name": "curl",
                    "exe_path": "/usr/bin/curl",
                    "command": "curl -s {uid}",
                    "role": "churn",
                    "lifetime_s": [0.5, 1.0],
                },
            ],
        }
    )
    alive = Population(profile).at(10.0)
    assert sum(1 for p in alive if p.name == "worker") == 10 and profile.name == "custom"


@pytest.mark.parametrize(
    "bad",
    [
        {"name": "a-very-long-process-name"},
        {"name": "has space"},
        {"command": "x {unknown}"},
        {"cpu": CpuPattern(kind="idle").model_dump() | {"kind": "sine", "cores": 0.1, "amplitude": 0.5}},
    ],
)
def test_invalid_groups_are_refused(bad: dict) -> None:
    group = {"name": "ok", "exe_path": "/bin/ok", "command": "ok", **bad}
    with pytest.raises(ValidationError):
        custom_profile({"process_count": 1, "groups": [group]})


def test_overrides_stay_within_the_profile_ranges() -> None:
    with pytest.raises(ValidationError, match="between 50 and 200"):
        get_profile("realistic", process_count=500)
    with pytest.raises(KeyError, match="known"):
        get_profile("nope")
