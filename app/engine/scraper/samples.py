"""One reading of one process: what the live scraper reads from /proc and the simulator synthesises.

Both sources produce `ProcessSample`s and hand them to the same metrics builder, so a synthetic
snapshot goes through exactly the code path (metric names, types, attributes, cpu.utilization
state) that a scrape of this host does. A field left as None means "could not be read"; the
builder then omits the metric or attribute, as the collector does after a read error.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class CpuTimes:
    """Cumulative CPU seconds per state, as gopsutil's TimesStat (wait = Linux iowait)."""

    user: float
    system: float
    wait: float


@dataclass(slots=True)
class DiskCounters:
    read_bytes: int
    write_bytes: int
    read_count: int
    write_count: int


@dataclass(slots=True)
class ProcessSample:
    """Everything the process scraper can emit for one process at one instant."""

    pid: int
    name: str
    time_unix_nano: int
    create_time_ms: int
    parent_pid: int = 0
    executable_path: str = ""
    command_line: list[str] | None = None
    owner: str | None = None
    cgroup: str | None = None
    cpu: CpuTimes | None = None
    rss: int | None = None
    vms: int | None = None
    memory_percent: float | None = None
    disk: DiskCounters | None = None
    threads: int | None = None
    context_switches: tuple[int, int] | None = None  # (involuntary, voluntary)
    open_fds: int | None = None
    page_faults: tuple[int, int] | None = None  # (major, minor)
    signals_pending: int | None = None

    @property
    def command(self) -> str | None:
        """`process.command`: argv[0], "" for an empty command line, None if it could not be read."""
        if self.command_line is None:
            return None
        return self.command_line[0] if self.command_line else ""
