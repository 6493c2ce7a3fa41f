"""The synthetic host the behavioural check runs a config on: two scrapes, 10 s apart.

About 200 processes: the `realistic` load profile (servers, pools, shells, cron jobs with their
CPU and memory spread), plus two processes (one idle, one busy) for every sample name of the
critical patterns, plus one process for every name or pattern the config itself tests process
identity against (a keep-list for `myapp` must find a `myapp` to keep). The scrapes go through the
engine's own metrics builder with every process metric and resource attribute on; each receiver
then narrows them to what its config emits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from app.engine.collector import PROCESS_METRICS, PROCESS_RESOURCE_ATTRIBUTES
from app.engine.pdata import MetricsBatch
from app.engine.scraper.builder import ProcessMetricsBuilder
from app.engine.scraper.samples import CpuTimes, DiskCounters, ProcessSample
from app.engine.scraper.settings import ScraperSettings
from app.simulation.population import Population
from app.simulation.profiles import DEFAULT_PROFILE, get_profile
from app.simulation.snapshots import SYNTHETIC_EPOCH_S, sample_of

ORDINARY_PROCESSES = 150
INTERVAL_S = 10.0
START_S = 600.0
MAX_EXTRA_NAMES = 120
_FIRST_EXTRA_PID = 900_000
_MIB = 1024 * 1024
_LOADS = ((0.0005, 6 * _MIB), (1.6, 900 * _MIB))  # (cores, RSS): idle and busy


@dataclass
class SyntheticHost:
    scrapes: list[MetricsBatch]  # consecutive payloads; the check reads the last one
    critical: dict[int, str] = field(default_factory=dict)  # pid -> executable name
    process_count: int = 0


@dataclass(frozen=True)
class _Extra:
    pid: int
    name: str
    cores: float
    rss: int


def _sample(extra: _Extra, t: float, host_memory: int) -> ProcessSample:
    started = -3600.0
    age = t - started
    total = extra.cores * age
    path = extra.name if extra.name.startswith("/") else f"/usr/bin/{extra.name}"
    return ProcessSample(
        pid=extra.pid,
        name=extra.name,
        time_unix_nano=int((SYNTHETIC_EPOCH_S + t) * 1e9),
        create_time_ms=int((SYNTHETIC_EPOCH_S + started) * 1000),
        parent_pid=1,
        executable_path=path,
        command_line=[path, "--serve"],
        owner="root",
        cgroup=f"/system.slice/{extra.name}.service",
        cpu=CpuTimes(total * 0.7, total * 0.25, total * 0.05),
        rss=extra.rss,
        vms=4 * extra.rss + 64 * _MIB,
        memory_percent=100.0 * extra.rss / host_memory,
        disk=DiskCounters(int(2000 * age * extra.cores), int(500 * age * extra.cores), int(age), int(age) // 4),
        threads=4,
        open_fds=16,
        context_switches=(int(age * 2), int(age * 40)),
        page_faults=(int(age * 0.001), int(age * 3)),
        signals_pending=0,
    )


def synthetic_host(
    critical_names: Iterable[str], other_names: Iterable[str], is_critical: Callable[[str], bool], *, seed: int = 11
) -> SyntheticHost:
    """Two scrapes of a host running the realistic profile plus the given critical and other names.

    `is_critical(name)` decides which processes (of all of them) count as critical.
    """
    profile = get_profile(DEFAULT_PROFILE, process_count=ORDINARY_PROCESSES, seed=seed)
    population = Population(profile)
    extras: list[_Extra] = []
    pid = _FIRST_EXTRA_PID
    for name in list(dict.fromkeys(critical_names))[:MAX_EXTRA_NAMES]:
        for cores, rss in _LOADS:
            extras.append(_Extra(pid, name, cores, rss))
            pid += 1
    for i, name in enumerate(list(dict.fromkeys(other_names))[:MAX_EXTRA_NAMES]):
        cores, rss = _LOADS[i % 2]
        extras.append(_Extra(pid, name, cores, rss))
        pid += 1
    settings = replace(
        ScraperSettings.for_snapshot([m for m in PROCESS_METRICS if m != "process.handles"]),
        resource_attributes=frozenset(PROCESS_RESOURCE_ATTRIBUTES),
    )
    builder = ProcessMetricsBuilder(settings, profile.host_cpus)
    host = SyntheticHost(scrapes=[])
    for k in range(2):
        t = START_S + k * INTERVAL_S
        samples = [sample_of(p, t, profile.host_memory_bytes) for p in population.at(t)]
        samples += [_sample(e, t, profile.host_memory_bytes) for e in extras]
        host.scrapes.append(builder.build(samples))
        if k == 1:
            host.process_count = len(samples)
            host.critical = {s.pid: s.name for s in samples if is_critical(s.name)}
    return host
