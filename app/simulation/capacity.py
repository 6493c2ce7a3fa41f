"""The per-host process cap and CPU/memory budgets, shared by every simulation of every Phoenix process
on the host.

A simulation reserves its peak process count before it spawns anything; above the cap it is
refused. It also asks for the CPU and memory its active processes would use and is granted what is
left of the host's budgets (possibly less, possibly nothing: its patterns are then scaled down). Reservations are small
files in one directory, checked and written under an exclusive `flock`, so the server, a
`phoenix simulate` run and the test suite on the same host cannot together exceed the cap. A
reservation whose process is gone (killed, even with SIGKILL) no longer counts: each file records
its owner's pid and start time, and a dead or reused pid is ignored and removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import resource
import uuid
from dataclasses import dataclass
from pathlib import Path

import psutil


class OverCapacity(Exception):
    """A reservation that would take the host above its cap."""

    def __init__(self, message: str, *, requested: int, in_use: int, cap: int) -> None:
        super().__init__(message)
        self.requested, self.in_use, self.cap = requested, in_use, cap


def _read_int(path: str) -> int | None:
    try:
        text = Path(path).read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def host_pid_limit() -> int:
    """The fewest processes the host allows this user: kernel pid_max, RLIMIT_NPROC, cgroup pids.max."""
    limits = [_read_int("/proc/sys/kernel/pid_max") or 32_768]
    soft, _ = resource.getrlimit(resource.RLIMIT_NPROC)
    if soft != resource.RLIM_INFINITY and os.geteuid() != 0:
        limits.append(soft)
    for path in ("/sys/fs/cgroup/pids.max", "/sys/fs/cgroup/pids/pids.max"):
        value = _read_int(path)
        if value is not None:
            limits.append(value)
    return min(limits)


def host_cap(configured: int) -> int:
    """The cap in force: the configured one, but never more than half of what the host allows."""
    return max(1, min(configured, host_pid_limit() // 2))


def _process_started(pid: int) -> float | None:
    try:
        return psutil.Process(pid).create_time()
    except psutil.Error:
        return None


@dataclass(frozen=True)
class Reservation:
    simulation: str
    processes: int
    cores: float  # granted CPU, in cores
    memory: float  # granted resident memory, in bytes
    path: Path

    def release(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


@dataclass(frozen=True)
class Usage:
    processes: int
    cores: float
    memory: float


class HostLedger:
    """Reservations of simulated processes, CPU and memory on this host, in `directory` (created 0700)."""

    def __init__(self, directory: Path, cap: int, *, cpu_cores: float = 0.0, memory_bytes: float = 0.0) -> None:
        self.directory, self.cap = directory, cap
        self.cpu_cores, self.memory_bytes = cpu_cores, memory_bytes
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if directory.is_symlink() or directory.stat().st_uid != os.geteuid():
            raise PermissionError(f"{directory} is not a directory owned by this user")

    @contextlib.contextmanager
    def _locked(self):  # type: ignore[no-untyped-def]
        fd = os.open(self.directory / ".lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def _live_entries(self) -> list[dict]:
        entries = []
        for path in self.directory.glob("*.json"):
            try:
                entry = json.loads(path.read_text())
                started = _process_started(int(entry["pid"]))
                alive = started is not None and abs(started - float(entry["pid_started"])) < 1.0
            except (OSError, ValueError, KeyError, TypeError):
                alive = False
            if alive:
                entries.append(entry)
            else:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
        return entries

    @staticmethod
    def _sum(entries: list[dict]) -> Usage:
        return Usage(
            processes=sum(int(e["processes"]) for e in entries),
            cores=sum(float(e.get("cores", 0.0)) for e in entries),
            memory=sum(float(e.get("memory", 0.0)) for e in entries),
        )

    def usage(self) -> Usage:
        """What live simulations on this host have reserved."""
        with self._locked():
            return self._sum(self._live_entries())

    def in_use(self) -> int:
        """Processes reserved by live simulations on this host."""
        return self.usage().processes

    def reserve(self, simulation: str, processes: int, *, cores: float = 0.0, memory: float = 0.0) -> Reservation:
        """Reserve `processes` (or raise OverCapacity naming what is in use) and grant what is left of the
        CPU and memory budgets, up to `cores` and `memory`."""
        with self._locked():
            used = self._sum(self._live_entries())
            if used.processes + processes > self.cap:
                raise OverCapacity(
                    f"this simulation needs up to {processes} processes at once; {used.processes} of the host cap "
                    f"of {self.cap} are in use by other simulations",
                    requested=processes,
                    in_use=used.processes,
                    cap=self.cap,
                )
            granted_cores = max(0.0, min(cores, self.cpu_cores - used.cores))
            granted_memory = max(0.0, min(memory, self.memory_bytes - used.memory))
            path = self.directory / f"{os.getpid()}-{simulation}-{uuid.uuid4().hex[:6]}.json"
            entry = {
                "simulation": simulation,
                "processes": processes,
                "cores": granted_cores,
                "memory": granted_memory,
                "pid": os.getpid(),
                "pid_started": _process_started(os.getpid()),
            }
            path.write_text(json.dumps(entry))
            return Reservation(
                simulation=simulation, processes=processes, cores=granted_cores, memory=granted_memory, path=path
            )
