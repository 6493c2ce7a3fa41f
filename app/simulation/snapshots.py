"""Synthetic snapshots: what the process scraper would emit on a host running a load profile.

The seeded population (`app.simulation.population`) is read like live processes into
`ProcessSample`s and built into pdata by the scraper's own metrics builder, so names, types,
attributes and the cpu.utilization rule (previous reading of the same pid, normalised by the
host's logical CPUs, none on a process's first scrape) are those of a real scrape. A single
snapshot is preceded by a priming scrape one `interval_s` earlier; a sequence is consecutive
scrapes through one builder, so processes born between scrapes show up without utilization first.
Synthetic time 0 is `SYNTHETIC_EPOCH_S`, a fixed instant, so equal seeds give identical snapshots.
"""

from __future__ import annotations

from app.engine.scraper.builder import ProcessMetricsBuilder
from app.engine.scraper.samples import CpuTimes, DiskCounters, ProcessSample
from app.engine.scraper.settings import ScraperSettings
from app.engine.snapshot import Snapshot
from app.simulation.population import Population, SimProcess
from app.simulation.profiles import LoadProfile

SYNTHETIC_EPOCH_S = 1_750_000_000  # 2025-06-15T15:06:40Z
DEFAULT_AT_S = 60.0


def sample_of(proc: SimProcess, t: float, host_memory_bytes: int = 32 * 1024**3) -> ProcessSample:
    """One simulated process read as the scraper reads a live one, at simulation time t."""
    user, system, wait = proc.cpu_seconds(t)
    rss, age = proc.rss_bytes(t), proc.age(t)
    read, write = proc.io_bytes(t)
    cores = proc.group.cpu.cores
    return ProcessSample(
        pid=proc.pid,
        name=proc.executable_name,
        time_unix_nano=int((SYNTHETIC_EPOCH_S + t) * 1e9),
        create_time_ms=int((SYNTHETIC_EPOCH_S + proc.started_at) * 1000),
        parent_pid=proc.ppid,
        executable_path=proc.exe_path,
        command_line=proc.argv,
        owner=proc.owner,
        cpu=CpuTimes(user, system, wait),
        rss=rss,
        vms=proc.vms_bytes(t),
        memory_percent=100.0 * rss / host_memory_bytes,
        disk=DiskCounters(read, write, read // 16_384, write // 16_384),
        threads=proc.group.threads,
        open_fds=8 + 2 * proc.group.threads,
        context_switches=(int(age * cores * 20), int(age * (0.5 + cores * 200))),
        page_faults=(int(age * 0.001), int(age * 2 + rss // 4096)),
        signals_pending=0,
    )


def host_name(profile: LoadProfile) -> str:
    return f"sim-{profile.name}-{profile.seed}"


class SimulatedHost:
    """A profile's host scraped on demand: each `snapshot()` is the population `step_s` of simulated
    time after the previous one, built by one scraper builder (so cpu.utilization compares with the
    previous scrape, as a live scraper's does). The local runtime takes `snapshot` in place of its
    live scrape where the live host is not what a test is about."""

    def __init__(
        self,
        profile: LoadProfile,
        *,
        start_s: float = DEFAULT_AT_S,
        step_s: float = 10.0,
        settings: ScraperSettings | None = None,
        population: Population | None = None,
    ) -> None:
        if step_s <= 0:
            raise ValueError("a simulated host needs step_s > 0")
        self.profile, self.step_s = profile, step_s
        self.population = population or Population(profile)
        self.builder = ProcessMetricsBuilder(settings or ScraperSettings.for_snapshot(), profile.host_cpus)
        self.t = start_s - step_s  # the first snapshot is at start_s

    def snapshot(self) -> Snapshot:
        self.t += self.step_s
        samples = [sample_of(p, self.t, self.profile.host_memory_bytes) for p in self.population.at(self.t)]
        batch = self.builder.build(s for s in samples if self.builder.settings.wants(s.name))
        profile = self.profile
        return Snapshot(
            batch=batch,
            host=host_name(profile),
            taken_at=SYNTHETIC_EPOCH_S + self.t,
            source="synthetic",
            metadata={
                "profile": profile.name,
                "seed": profile.seed,
                "sim_time_s": self.t,
                "interval_s": self.step_s,
                "logical_cpus": profile.host_cpus,
                "process_count": profile.process_count,
                "churn_rate": profile.churn_rate,
            },
        )


def synthesize_sequence(
    profile: LoadProfile,
    *,
    start_s: float = DEFAULT_AT_S,
    count: int = 2,
    interval_s: float = 10.0,
    settings: ScraperSettings | None = None,
    population: Population | None = None,
) -> list[Snapshot]:
    """`count` consecutive scrapes of the profile's host, `interval_s` apart, starting at `start_s`."""
    if count < 1 or interval_s <= 0:
        raise ValueError("a sequence needs count >= 1 and interval_s > 0")
    host = SimulatedHost(profile, start_s=start_s, step_s=interval_s, settings=settings, population=population)
    return [host.snapshot() for _ in range(count)]


def synthesize_snapshot(
    profile: LoadProfile,
    *,
    at_s: float = DEFAULT_AT_S,
    interval_s: float = 10.0,
    settings: ScraperSettings | None = None,
) -> Snapshot:
    """The profile's host scraped at `at_s`, after a priming scrape `interval_s` earlier."""
    return synthesize_sequence(profile, start_s=at_s - interval_s, count=2, interval_s=interval_s, settings=settings)[
        -1
    ]
