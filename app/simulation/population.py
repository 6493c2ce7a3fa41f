"""The seeded process population of a load profile: who is alive at time t, and what they use.

Deterministic in (profile, seed, t): the same call always yields the same pids, names, command
lines, owners and CPU/memory/disk values, so previews and tests are reproducible and the simulator
can spawn the very processes a synthetic snapshot shows. Time is in seconds since the simulation
started; long-lived processes were started before it (their uptime is drawn from the seed).

- long-lived (fixed and pool groups): one slot per instance; a slot's process is replaced by a new
  pid at restart times drawn as a Poisson process of the group's `restarts_per_minute`;
- churn: arrival i starts in [i/rate, (i+1)/rate) and lives a uniform lifetime of its group, so about
  `churn_rate` processes start and as many end every second;
- CPU seconds are the exact integral of the group's pattern (flat, sine, periodic spikes) scaled by
  a per-process factor; memory follows the pattern by process age.

`at(t)` answers "who is alive now" (synthetic snapshots); `starts_between(t0, t1)` answers "who is
born in this window" with each incarnation's `ends_at`, which is how the simulator
(`app.simulation.runner`) replays the very same population with real processes.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.simulation.profiles import CpuPattern, LoadProfile, ProcessGroup

_FIRST_RESTART_PID = 40_000
_FIRST_CHURN_PID = 200_000
_PID_SPAN = 3_000_000


@dataclass(frozen=True, slots=True)
class SimProcess:
    """One simulated process incarnation."""

    pid: int
    ppid: int
    name: str
    exe_path: str
    command_line: str
    owner: str
    started_at: float
    group: ProcessGroup
    cpu_scale: float
    memory_scale: float
    phase: float
    ends_at: float = math.inf  # when this incarnation ends (restart, churn lifetime); inf: never

    @property
    def argv(self) -> list[str]:
        return self.command_line.split()

    @property
    def executable_name(self) -> str:
        """The name a scraper reports for this process (see `reported_name`)."""
        argv = self.argv
        return reported_name(self.name, argv[0] if argv else "")

    def age(self, t: float) -> float:
        return max(0.0, t - self.started_at)

    def cpu_cores(self, t: float) -> float:
        """Instantaneous CPU demand in cores."""
        return self.cpu_scale * _cores(self.group.cpu, t + self.phase)

    def cpu_seconds(self, t: float) -> tuple[float, float, float]:
        """Cumulative (user, system, iowait) CPU seconds since the process started."""
        total = self.cpu_scale * (
            _integral(self.group.cpu, t + self.phase) - _integral(self.group.cpu, self.started_at + self.phase)
        )
        cpu = self.group.cpu
        wait_share = max(0.0, 1.0 - cpu.user_share - cpu.system_share)
        return total * cpu.user_share, total * cpu.system_share, total * wait_share

    def rss_bytes(self, t: float) -> int:
        memory, base = self.group.memory, self.group.memory.rss_bytes * self.memory_scale
        if memory.kind == "ramp":
            cap = memory.cap_bytes if memory.cap_bytes is not None else 4 * memory.rss_bytes
            return int(min(base + memory.growth_bytes_per_s * self.age(t), max(cap, base)))
        if memory.kind == "sawtooth":
            return int(base + memory.growth_bytes_per_s * (self.age(t) % memory.period_s))
        return int(base)

    def vms_bytes(self, t: float) -> int:
        return int(self.rss_bytes(t) * self.group.memory.virtual_factor) + 64 * 1024 * 1024

    def io_bytes(self, t: float) -> tuple[int, int]:
        read, write = self.group.io_bytes_per_s
        age = self.age(t)
        return int(read * self.cpu_scale * age), int(write * self.cpu_scale * age)


def reported_name(comm: str, argv0: str) -> str:
    """What psutil and gopsutil report as a process's name on Linux: `comm` (at most 15 characters), or,
    when `comm` is 15 characters long and the basename of argv[0] extends it, that basename.

    So `systemd-journal` with argv[0] `/usr/lib/systemd/systemd-journald` reads as `systemd-journald`.
    """
    if len(comm) >= 15:
        extended = argv0.rsplit("/", 1)[-1]
        if extended.startswith(comm):
            return extended
    return comm


def _cores(cpu: CpuPattern, x: float) -> float:
    if cpu.kind == "sine":
        return cpu.cores + cpu.amplitude * math.sin(2 * math.pi * x / cpu.period_s)
    if cpu.kind == "spiky":
        return cpu.cores + (cpu.amplitude if x % cpu.period_s < cpu.spike_s else 0.0)
    return cpu.cores


def _integral(cpu: CpuPattern, x: float) -> float:
    """An antiderivative of the pattern's cores at x (core-seconds)."""
    if cpu.kind == "sine":
        return cpu.cores * x - cpu.amplitude * cpu.period_s / (2 * math.pi) * math.cos(2 * math.pi * x / cpu.period_s)
    if cpu.kind == "spiky":
        spike = min(cpu.spike_s, cpu.period_s)
        spiking = math.floor(x / cpu.period_s) * spike + min(x % cpu.period_s, spike)
        return cpu.cores * x + cpu.amplitude * spiking
    return cpu.cores * x


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Population:
    """The processes of a profile at any instant (compile once, ask many times)."""

    def __init__(self, profile: LoadProfile) -> None:
        self.profile = profile
        self._seed = profile.seed
        self._groups = {g.label: g for g in profile.groups}
        pools = profile.pool_counts()
        self._slots: dict[str, list[list[tuple[float, int, int]]]] = {}  # label -> slot -> (start, pid, n)
        pid_rng, next_pid = random.Random(f"{self._seed}/pids"), 1
        for g in profile.groups:
            if g.role == "churn":
                continue
            count = g.count if g.role == "fixed" else pools.get(g.label, 0)
            slots = []
            for i in range(count):
                uptime_rng = random.Random(f"{self._seed}/uptime/{g.label}/{i}")
                longest = 20 * 86_400 if g.role == "fixed" else 2 * 86_400
                uptime = uptime_rng.uniform(300 if g.role == "fixed" else 30, longest)
                slots.append([(-uptime, next_pid, 0)])
                next_pid += 1 + pid_rng.randint(0, 30)
            self._slots[g.label] = slots
        self._add_restarts()
        self._starts = {label: [[s[0] for s in slot] for slot in slots] for label, slots in self._slots.items()}
        self._restarts = sorted(
            (inc[0], label, i, k)
            for label, slots in self._slots.items()
            for i, slot in enumerate(slots)
            for k, inc in enumerate(slot)
            if k > 0
        )
        self._restart_times = [r[0] for r in self._restarts]
        self._churn = [g for g in profile.groups if g.role == "churn"] if profile.churn_rate > 0 else []
        self._churn_weights = [g.weight for g in self._churn]
        self._max_lifetime = max((g.lifetime_s[1] for g in self._churn), default=0.0)
        self._cache: dict[tuple[str, int, int], SimProcess] = {}
        self._init_pid = next((slots[0][0][1] for slots in self._slots.values() if slots and slots[0][0][1] == 1), 0)

    def _add_restarts(self) -> None:
        events = []
        for g in self.profile.groups:
            slots = self._slots.get(g.label) or []
            if not slots or g.restarts_per_minute <= 0:
                continue
            rng, t = random.Random(f"{self._seed}/restarts/{g.label}"), 0.0
            while True:
                t += rng.expovariate(g.restarts_per_minute / 60.0)
                if t >= self.profile.duration_s:
                    break
                events.append((t, g.label, rng.randrange(len(slots))))
        for k, (t, label, slot) in enumerate(sorted(events)):
            incarnations = self._slots[label][slot]
            incarnations.append((t, _FIRST_RESTART_PID + k, len(incarnations)))

    def at(self, t: float) -> list[SimProcess]:
        """Every process alive at simulation time t (seconds), long-lived first, then churn by pid."""
        alive = []
        for label, slots in self._slots.items():
            for i, slot in enumerate(slots):
                alive.append(self._long_lived(label, i, slot[bisect_right(self._starts[label][i], t) - 1], t))
        alive.extend(self._churn_at(t))
        return alive

    def starts_between(self, t0: float, t1: float) -> list[SimProcess]:
        """Every incarnation born in (t0, t1] (restarts and churn arrivals), by start time.

        Each carries `ends_at`; a restart's predecessor ends exactly when the restart starts.
        """
        born = []
        lo, hi = bisect_right(self._restart_times, t0), bisect_right(self._restart_times, t1)
        for start, label, i, k in self._restarts[lo:hi]:
            born.append(self._long_lived(label, i, self._slots[label][i][k], start))
        if self._churn:
            rate = self.profile.churn_rate
            for i in range(math.floor(t0 * rate) - 1, math.floor(t1 * rate) + 1):
                start, lifetime, group, rng = self._arrival(i)
                if t0 < start <= t1:
                    born.append(self._churn_process(i, start, lifetime, group, rng, start))
        born.sort(key=lambda p: p.started_at)
        return born

    def _pid_of(self, label: str, t: float) -> int | None:
        slots = self._slots.get(label)
        if not slots:
            return None
        return slots[0][max(0, bisect_right(self._starts[label][0], t) - 1)][1]

    def _ppid(self, group: ProcessGroup, pid: int, t: float) -> int:
        if group.parent is not None:
            parent = self._pid_of(group.parent, t)
            if parent is not None and parent != pid:
                return parent
        return self._init_pid if pid != self._init_pid else 0

    def _long_lived(self, label: str, i: int, incarnation: tuple[float, int, int], t: float) -> SimProcess:
        start, pid, n = incarnation
        group = self._groups[label]
        key = (label, i, n)
        proc = self._cache.get(key)
        if proc is None:
            rng = random.Random(f"{self._seed}/proc/{label}/{i}/{n}")
            proc = replace(self._make(group, rng, pid, start, i, n), ends_at=self._ends_at(label, i, n))
            self._cache[key] = proc
        ppid = self._ppid(group, pid, t)
        return proc if proc.ppid == ppid else replace(proc, ppid=ppid)

    def _ends_at(self, label: str, i: int, n: int) -> float:
        slot = self._slots[label][i]
        return slot[n + 1][0] if n + 1 < len(slot) else math.inf

    def _arrival(self, i: int) -> tuple[float, float, ProcessGroup, random.Random]:
        """Churn arrival i: its start, lifetime, group and the generator that draws the rest of it."""
        rng = random.Random(f"{self._seed}/churn/{i}")
        start = (i + rng.random()) / self.profile.churn_rate
        group = rng.choices(self._churn, self._churn_weights)[0]
        return start, rng.uniform(*group.lifetime_s), group, rng

    def _churn_process(
        self, i: int, start: float, lifetime: float, group: ProcessGroup, rng: random.Random, t: float
    ) -> SimProcess:
        pid = _FIRST_CHURN_PID + i % _PID_SPAN
        proc = self._make(group, rng, pid, start, i, i)
        return replace(proc, ppid=self._ppid(group, pid, t), ends_at=start + lifetime)

    def _churn_at(self, t: float) -> list[SimProcess]:
        if not self._churn:
            return []
        rate, out = self.profile.churn_rate, []
        for i in range(math.floor((t - self._max_lifetime) * rate) - 1, math.floor(t * rate) + 1):
            start, lifetime, group, rng = self._arrival(i)
            if start <= t < start + lifetime:
                out.append(self._churn_process(i, start, lifetime, group, rng, t))
        return out

    def _make(self, group: ProcessGroup, rng: random.Random, pid: int, start: float, i: int, n: int) -> SimProcess:
        fields = _Fields(i=i, n=n, uid=f"{rng.getrandbits(32):08x}", port=8000 + i % 1000)
        return SimProcess(
            pid=pid,
            ppid=0,
            name=group.name,
            exe_path=group.exe_path,
            command_line=group.command.format_map(fields),
            owner=group.owner,
            started_at=start,
            group=group,
            cpu_scale=rng.uniform(0.6, 1.4),
            memory_scale=rng.uniform(0.8, 1.2),
            phase=rng.uniform(0, max(group.cpu.period_s, 1.0)),
        )
