"""`starts_between` replays exactly the population `at(t)` describes: spawning the processes alive at 0,
then every incarnation born in each window and ending each at `ends_at`, is alive-set for alive-set
what the synthetic snapshots read. This is what makes a live run the twin of a synthetic one."""

from __future__ import annotations

import pytest

from app.simulation.population import Population, reported_name
from app.simulation.profiles import PROFILES, get_profile


def _replay(population: Population, until: float, step: float) -> dict[float, set[int]]:
    alive = {p.pid: p for p in population.at(0.0)}
    seen, t = {}, 0.0
    while t < until:
        t_next = round(t + step, 6)
        for p in population.starts_between(t, t_next):
            alive[p.pid] = p
        alive = {pid: p for pid, p in alive.items() if p.ends_at > t_next}
        seen[t_next] = set(alive)
        t = t_next
    return seen


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_replaying_starts_and_ends_gives_the_population_at_every_instant(name: str) -> None:
    profile = get_profile(name, duration_s=600)
    population = Population(profile)
    for t, pids in _replay(population, until=30.0, step=0.25).items():
        assert pids == {p.pid for p in population.at(t)}, t


def test_restarts_replace_their_predecessor_at_the_same_instant() -> None:
    population = Population(get_profile("realistic", duration_s=600))
    restarts = [p for p in population.starts_between(0.0, 600.0) if p.group.role != "churn"]
    assert restarts
    for r in restarts[:5]:
        old = [p for p in population.at(r.started_at - 1e-6) if p.group.label == r.group.label]
        new = [p for p in population.at(r.started_at) if p.group.label == r.group.label]
        assert len(old) == len(new) and r.pid in {p.pid for p in new}
        ended = [p for p in old if p.pid not in {q.pid for q in new}]
        assert len(ended) == 1 and ended[0].ends_at == r.started_at


def test_churn_arrivals_carry_their_lifetime() -> None:
    population = Population(get_profile("high-churn"))
    born = population.starts_between(10.0, 20.0)
    assert 200 <= len(born) <= 300  # 25 per second
    for p in born:
        low, high = p.group.lifetime_s
        assert low <= p.ends_at - p.started_at <= high


def test_reported_name_follows_the_scrapers_rule_for_15_character_names() -> None:
    assert reported_name("systemd-journal", "/usr/lib/systemd/systemd-journald") == "systemd-journald"
    assert reported_name("unattended-upgr", "/usr/bin/python3") == "unattended-upgr"
    assert reported_name("postgres", "postgres:") == "postgres"
