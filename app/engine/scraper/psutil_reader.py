"""Reads one live process with psutil the way the pinned scraper reads it with gopsutil.

Order and error handling follow `process_scraper.go`: executable path (error: empty path), name
(error: the process is skipped), include/exclude on the name, command line (error: no command
attributes), owner (uid looked up in the user database; error: no `process.owner`), create time
(error: now), parent pid (error: -1), then one read per enabled metric group whose error only
drops that group. A process that disappears while being read is skipped (`Vanished`).
Linux-only extras psutil does not expose (page faults, pending signals, cgroup) come from /proc.
"""

from __future__ import annotations

import os
import pwd
import time

import psutil

from app.engine.scraper.samples import CpuTimes, DiskCounters, ProcessSample
from app.engine.scraper.settings import ScraperSettings


class Vanished(Exception):
    """The process ended (or became a zombie) while it was being read."""


class Skipped(Exception):
    """The scraper does not emit this process (name unreadable, filtered out, too young)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_GONE = (psutil.NoSuchProcess, psutil.ZombieProcess)
_DENIED = (psutil.AccessDenied, PermissionError)


class ProcessReader:
    """Reads processes for one scrape; collects partial errors the way `scrapererror` does."""

    def __init__(self, settings: ScraperSettings, procfs: str = "/proc") -> None:
        self.settings, self.procfs = settings, procfs
        self.errors: list[str] = []
        self.access_denied = 0
        self._owners: dict[int, str | None] = {}

    def _error(self, kind: str | None, message: str, exc: BaseException) -> None:
        if isinstance(exc, _DENIED):
            self.access_denied += 1
        if not self.settings.mute_all and (kind is None or not self.settings.muted(kind)):
            self.errors.append(f"{message}: {exc}")

    def _read(self, what: str, fn, name: str, pid: int, kind: str | None = None):  # type: ignore[no-untyped-def]
        try:
            return fn()
        except _GONE as exc:
            raise Vanished(pid) from exc
        except (psutil.Error, OSError, ValueError) as exc:
            self._error(kind, f"error reading {what} for process {name!r} (pid {pid})", exc)
            return None

    def read(self, proc: psutil.Process) -> ProcessSample:
        pid, wanted = proc.pid, self.settings.metrics
        with proc.oneshot():
            exe = self._read("process executable", lambda: _executable_path(pid), "", pid, "exe") or ""
            try:
                name = proc.name()
            except _GONE as exc:
                raise Vanished(pid) from exc
            except (psutil.Error, OSError) as exc:
                self._error("name", f"error reading process name for pid {pid}", exc)
                raise Skipped("name") from exc
            if not self.settings.wants(name):
                raise Skipped("filtered")
            cmdline = self._read("command", lambda: self._command_line(proc), name, pid)
            owner = self._owner(proc, name)
            create = self._read("create time", proc.create_time, name, pid)
            create_ms = int(create * 1000) if create is not None else int(time.time() * 1000)
            delay_ms = self.settings.scrape_process_delay_s * 1000
            if delay_ms and delay_ms > time.time() * 1000 - create_ms:
                raise Skipped("delay")
            ppid = self._read("parent pid", proc.ppid, name, pid)
            sample = ProcessSample(
                pid=pid,
                name=name,
                time_unix_nano=time.time_ns(),
                create_time_ms=create_ms,
                parent_pid=-1 if ppid is None else ppid,
                executable_path=exe,
                command_line=list(cmdline) if cmdline is not None else None,
                owner=owner,
            )
            if "process.cgroup" in self.settings.resource_attributes:
                sample.cgroup = self._read(
                    "cgroup", lambda: self._proc_text(pid, "cgroup").strip(), name, pid, "cgroup"
                )
            self._metrics(proc, sample, wanted)
        return sample

    def _owner(self, proc: psutil.Process, name: str) -> str | None:
        uids = self._read("username", proc.uids, name, proc.pid, "user")
        if uids is None:
            return None
        if uids.real not in self._owners:
            try:
                self._owners[uids.real] = pwd.getpwuid(uids.real).pw_name
            except KeyError as exc:
                self._owners[uids.real] = None
                self._error("user", f"error reading username for process {name!r} (pid {proc.pid})", exc)
        return self._owners[uids.real]

    def _metrics(self, proc: psutil.Process, s: ProcessSample, wanted: frozenset[str]) -> None:
        pid, name = s.pid, s.name
        if wanted & {"process.cpu.time", "process.cpu.utilization"}:
            times = self._read("cpu times", proc.cpu_times, name, pid)
            if times is not None:
                s.cpu = CpuTimes(times.user, times.system, getattr(times, "iowait", 0.0))
        if wanted & {"process.memory.usage", "process.memory.virtual"}:
            memory = self._read("memory info", proc.memory_info, name, pid)
            if memory is not None:
                s.rss, s.vms = memory.rss, memory.vms
        if "process.memory.utilization" in wanted:
            s.memory_percent = self._read("memory utilization", proc.memory_percent, name, pid)
        if wanted & {"process.disk.io", "process.disk.operations"}:
            io = self._read("disk usage", proc.io_counters, name, pid, "io")
            if io is not None:
                s.disk = DiskCounters(io.read_bytes, io.write_bytes, io.read_count, io.write_count)
        if "process.paging.faults" in wanted:
            s.page_faults = self._read("memory paging info", lambda: self._page_faults(pid), name, pid)
        if "process.threads" in wanted:
            s.threads = self._read("thread info", proc.num_threads, name, pid)
        if "process.context_switches" in wanted:
            switches = self._read("context switch counts", lambda: _all_threads_ctx_switches(pid), name, pid)
            if switches is not None:
                s.context_switches = switches
        if "process.open_file_descriptors" in wanted:
            s.open_fds = self._read("open file descriptor count", proc.num_fds, name, pid)
        if "process.signals_pending" in wanted:
            s.signals_pending = self._read("pending signals", lambda: self._signals_pending(pid), name, pid)

    def _command_line(self, proc: psutil.Process) -> list[str]:
        """The arguments as gopsutil splits /proc/<pid>/cmdline: trailing NULs dropped, then split on
        NUL, nothing else. psutil guesses instead (a title rewritten with spaces, as postgres and
        chromium do, comes back split on spaces), which the collector never does."""
        if not psutil.LINUX:
            return proc.cmdline()
        try:
            with open(os.path.join(self.procfs, str(proc.pid), "cmdline"), "rb") as handle:
                raw = handle.read()
        except FileNotFoundError as exc:
            raise psutil.NoSuchProcess(proc.pid) from exc
        if not raw:
            return []
        return [part.decode(errors="replace") for part in raw.rstrip(b"\x00").split(b"\x00")]

    def _proc_text(self, pid: int, leaf: str) -> str:
        try:
            with open(os.path.join(self.procfs, str(pid), leaf)) as handle:
                return handle.read()
        except FileNotFoundError as exc:
            raise psutil.NoSuchProcess(pid) from exc

    def _page_faults(self, pid: int) -> tuple[int, int]:
        stat = self._proc_text(pid, "stat")
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "; fields[0] is the state
        return int(fields[9]), int(fields[7])  # majflt (field 12), minflt (field 10)

    def _signals_pending(self, pid: int) -> int:
        for line in self._proc_text(pid, "status").splitlines():
            if line.startswith("SigQ:"):
                return int(line.split()[1].split("/")[0])
        raise ValueError("no SigQ line in status")


def _executable_path(pid: int) -> str:
    """`/proc/<pid>/exe` as the collector reads it: the link as is, so a binary deleted since the
    process started keeps the kernel's ` (deleted)` suffix (psutil's `exe()` strips it). Kernel
    threads have no link: "" (found by the scraper fidelity comparison with otelcol 0.159.0)."""
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except FileNotFoundError:
        if psutil.pid_exists(pid):
            return ""
        raise psutil.NoSuchProcess(pid) from None


def _all_threads_ctx_switches(pid: int) -> tuple[int, int]:
    """(involuntary, voluntary) context switches summed over every thread of the process, as the
    process scraper counts them since 0.146 (#36804); psutil reads the lead thread only."""
    involuntary = voluntary = 0
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        raise psutil.NoSuchProcess(pid) from None
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/status") as status:
                for line in status:
                    if line.startswith("voluntary_ctxt_switches:"):
                        voluntary += int(line.split()[1])
                    elif line.startswith("nonvoluntary_ctxt_switches:"):
                        involuntary += int(line.split()[1])
        except FileNotFoundError:
            continue  # a thread that ended while we read
    return involuntary, voluntary
