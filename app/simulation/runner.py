"""One running simulation: replays a profile's seeded population with real processes, in its own thread.

The population (`app.simulation.population`) is the one the synthetic snapshots read, so the live
run is its twin: first every process alive at simulation time 0 is spawned (status `starting`,
`started` climbing), then the clock starts (status `running`) and each tick spawns the incarnations
born since the last tick (restarts, churn arrivals), ends those whose `ends_at` has passed, reaps
what exited, and retunes the active processes' CPU duty cycles and memory to their patterns.

A thread, not an asyncio task: spawning is a blocking fork/exec, and a simulation must keep its
pace (25 starts per second) whatever the event loop is doing. All process operations happen on
this thread; `request_stop` only asks. When the thread ends -- stop, duration, failure, shutdown --
the spawner kills and reaps the whole process group and the host reservation is released.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import math
import os
import threading
import time
from collections import deque
from datetime import UTC, datetime, timedelta

from app.simulation import metrics
from app.simulation.activity import Scales, demand_of, is_active, target_message
from app.simulation.capacity import HostLedger
from app.simulation.models import SimulationRead, SimulationStatus
from app.simulation.population import Population, SimProcess
from app.simulation.profiles import LoadProfile
from app.simulation.settings import SimulationSettings
from app.simulation.spawner import ProcessSpawner, SpawnError, user_name

log = logging.getLogger(__name__)

_CONTROL_EVERY_S = 0.5
_CHURN_WINDOW_S = 10.0


def peak_processes(profile: LoadProfile) -> int:
    """Most simulated processes a profile can have alive at once (plus its watchdog).

    Churn arrival i falls in [i/rate, (i+1)/rate), so at most ceil(rate x longest lifetime) + 1
    short-lived processes overlap; a restart ends its predecessor before it starts.
    """
    long_lived = profile.process_count
    lifetimes = [g.lifetime_s[1] for g in profile.groups if g.role == "churn"]
    churn = math.ceil(profile.churn_rate * max(lifetimes)) + 1 if lifetimes and profile.churn_rate > 0 else 0
    return long_lived + churn + 1


class SimulationRun:
    """A simulation's state and its driver thread."""

    def __init__(
        self, simulation_id: str, profile: LoadProfile, settings: SimulationSettings, ledger: HostLedger
    ) -> None:
        """Plan the run and reserve its share of the host (raises OverCapacity; nothing is spawned yet)."""
        self.id, self.profile, self.settings = simulation_id, profile, settings
        self.population = Population(profile)
        self.initial = self.population.at(0.0)
        self.target = sum(1 for p in self.initial if p.group.role != "churn")
        self.notes: list[str] = []
        demand = demand_of(
            profile, (p for p in self.initial if p.group.role != "churn"), max_active=settings.max_active
        )
        self.reservation = ledger.reserve(
            simulation_id, peak_processes(profile), cores=demand.cores, memory=demand.memory
        )
        self.scales = Scales.fit(demand, cores=self.reservation.cores, memory=self.reservation.memory)
        if self.scales.cpu < 1.0:
            self.notes.append(
                f"CPU patterns run at {self.scales.cpu:.1%} of their size: this simulation got "
                f"{self.reservation.cores:.2f} of the {demand.cores:.2f} cores they need from the "
                f"host's simulation budget of {ledger.cpu_cores:g} (PHOENIX_SIM_CPU_CORES)"
            )
        if self.scales.memory < 1.0:
            self.notes.append(
                f"memory patterns run at {self.scales.memory:.1%} of their size: this simulation got "
                f"{self.reservation.memory / 2**20:.0f} of {demand.memory / 2**20:.0f} MiB from the "
                f"host's simulation budget (PHOENIX_SIM_MEMORY_BYTES)"
            )
        self.spawner = ProcessSpawner(ledger.directory.parent, simulation_id, switch_owners=settings.switch_owners)
        self.status = SimulationStatus.starting
        self.created_at = datetime.now(UTC)
        self.running_at: datetime | None = None
        self.finished_at: datetime | None = None
        self.stop_reason: str | None = None
        self.error: str | None = None
        self.started = self.exited = self.spawn_failures = 0
        self._live: dict[int, SimProcess] = {}
        self._active: dict[int, tuple[SimProcess, bytes]] = {}
        self._ends: list[tuple[float, int, int]] = []  # (ends_at, seq, pid)
        self._seq = itertools.count()
        self._starts: deque[float] = deque()  # monotonic times of starts after the initial population
        self._churn_value = 0.0
        self._noted_idle = False
        self._clock0: float | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._labels = (simulation_id, profile.name)
        self._thread = threading.Thread(target=self._run, name=f"phoenix-sim-{simulation_id}", daemon=True)

    # -- control from other threads --------------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def request_stop(self, reason: str) -> None:
        with self._lock:
            if not self.status.finished and self.stop_reason is None:
                self.stop_reason = reason
                self.status = SimulationStatus.stopping
        self._stop.set()

    def join(self, timeout: float | None = None) -> bool:
        self._thread.join(timeout)
        return not self._thread.is_alive()

    # -- the driver ------------------------------------------------------------------------------
    def _run(self) -> None:
        try:
            self.spawner.open()
            self._spawn_initial()
            if not self._stop.is_set():
                self._drive()
        except SpawnError as exc:
            self._fail(str(exc))
        except Exception as exc:  # a bug must still end in a clean teardown and a visible error
            log.exception("simulation %s failed", self.id)
            self._fail(f"internal error: {exc}")
        finally:
            try:
                for _ in self.spawner.close():
                    self._exited()
            finally:
                self.reservation.release()
                self._finish()

    def _finish(self) -> None:
        with self._lock:
            if self.error is not None:  # reported only now, once every process has been reaped
                self.status = SimulationStatus.failed
            else:
                completed = self.stop_reason == "duration"
                self.status = SimulationStatus.completed if completed else SimulationStatus.stopped
            self.finished_at = datetime.now(UTC)
            self._live.clear()
        self._active.clear()
        metrics.PROCESSES_ACTIVE.labels(*self._labels).set(0)
        metrics.CHURN_RATE.labels(*self._labels).set(0)

    def _fail(self, error: str) -> None:
        with self._lock:  # the status turns `failed` in `_finish`, after the teardown
            self.error = error
            self.stop_reason = self.stop_reason or "failed"
        log.warning("simulation %s failed: %s", self.id, error)

    def _spawn_initial(self) -> None:
        for proc in self.initial:
            if self._stop.is_set():
                return
            self._spawn(proc, 0.0, initial=True)
        self._explain_owners()
        with self._lock:
            if self.status is SimulationStatus.starting:
                self.status = SimulationStatus.running
            self.running_at = datetime.now(UTC)
        self._clock0 = time.monotonic()

    def _spawn(self, proc: SimProcess, t: float, *, initial: bool = False) -> None:
        active = is_active(proc.group) and len(self._active) < self.settings.max_active
        if is_active(proc.group) and not active and not self._noted_idle:
            self._noted_idle = True
            self.notes.append(
                f"more than {self.settings.max_active} processes have a CPU or memory pattern; "
                "the rest run idle (PHOENIX_SIM_MAX_ACTIVE)"
            )
        try:
            pid = self.spawner.spawn(proc, active=active)
        except SpawnError:
            self.spawn_failures += 1
            if initial or not self.spawner.watchdog_alive():
                raise
            return
        with self._lock:
            self._live[pid] = proc
            self.started += 1
        metrics.PROCESSES_STARTED.labels(*self._labels).inc()
        if not initial:
            self._starts.append(time.monotonic())
        if math.isfinite(proc.ends_at):
            heapq.heappush(self._ends, (proc.ends_at, next(self._seq), pid))
        if active:
            message = target_message(proc, t, self.scales)
            self.spawner.control(pid, message)
            self._active[pid] = (proc, message)

    def _drive(self) -> None:
        assert self._clock0 is not None
        rate = self.profile.churn_rate
        tick = min(0.05, max(0.005, 0.25 / rate)) if rate > 0 else 0.1
        cursor, next_control = 0.0, _CONTROL_EVERY_S
        while True:
            now = time.monotonic() - self._clock0
            if now >= self.profile.duration_s:
                self.request_stop("duration")
                return
            while self._ends and self._ends[0][0] <= now:
                self.spawner.end(heapq.heappop(self._ends)[2])
            for proc in self.population.starts_between(cursor, now):
                if proc.ends_at > now:
                    self._spawn(proc, now)
            cursor = now
            for pid in self.spawner.reap():
                self._forget(pid)
            if not self.spawner.watchdog_alive():
                raise SpawnError(
                    "the simulation's watchdog ended unexpectedly; stopped so that no process "
                    "could outlive Phoenix unwatched"
                )
            if now >= next_control:
                self._retune(now)
                next_control = now + _CONTROL_EVERY_S
            self._publish()
            if self._stop.wait(tick):
                return

    def _forget(self, pid: int) -> None:
        with self._lock:
            self._live.pop(pid, None)
        self._active.pop(pid, None)
        self._exited()

    def _exited(self) -> None:
        self.exited += 1
        metrics.PROCESSES_EXITED.labels(*self._labels).inc()

    def _retune(self, t: float) -> None:
        for pid, (proc, last) in list(self._active.items()):
            message = target_message(proc, t, self.scales)
            if message != last and self.spawner.control(pid, message):
                self._active[pid] = (proc, message)

    def _publish(self) -> None:
        """Update the gauges (driver thread only: it owns the start-time window)."""
        now = time.monotonic()
        while self._starts and self._starts[0] < now - _CHURN_WINDOW_S:
            self._starts.popleft()
        window = min(_CHURN_WINDOW_S, now - (self._clock0 or now))
        self._churn_value = len(self._starts) / window if window >= 1.0 else 0.0
        metrics.PROCESSES_ACTIVE.labels(*self._labels).set(len(self._live))
        metrics.CHURN_RATE.labels(*self._labels).set(self._churn_value)

    def _explain_owners(self) -> None:
        me = user_name(os.geteuid())
        if os.geteuid() != 0:
            self.notes.append(f"every process runs as {me}: profile owners apply only when Phoenix runs as root")
            return
        if not self.settings.switch_owners:
            self.notes.append(f"every process runs as {me}: PHOENIX_SIM_SWITCH_OWNERS is off")
            return
        owners = sorted({g.owner for g in self.profile.groups})
        missing = [o for o in owners if self.spawner.runs_as(o) != o]
        if missing:
            self.notes.append(f"owners without an account on this host run as {me}: {', '.join(missing)}")

    # -- reading ---------------------------------------------------------------------------------
    def read(self) -> SimulationRead:
        with self._lock:
            status = self.status
            ends_at = (
                self.running_at + timedelta(seconds=self.profile.duration_s) if self.running_at is not None else None
            )
            starting = status is SimulationStatus.starting
            progress = min(1.0, self.started / max(1, self.target)) if starting else 1.0
            return SimulationRead(
                id=self.id,
                profile=self.profile.name,
                status=status,
                process_count=self.profile.process_count,
                churn_rate=self.profile.churn_rate,
                duration=self.profile.duration_s,
                seed=self.profile.seed,
                target_processes=self.target,
                reserved_processes=self.reservation.processes,
                progress=round(progress, 4),
                active_processes=0 if status.finished else len(self._live),
                started=self.started,
                exited=self.exited,
                spawn_failures=self.spawn_failures,
                churn_rate_achieved=round(self._churn_value, 3) if not status.finished else 0.0,
                cpu_scale=round(self.scales.cpu, 6),
                memory_scale=round(self.scales.memory, 6),
                process_group=None if status.finished else self.spawner.pgid,
                created_at=self.created_at,
                running_at=self.running_at,
                finished_at=self.finished_at,
                ends_at=ends_at,
                stop_reason=self.stop_reason,
                error=self.error,
                notes=list(self.notes),
            )

    def live_processes(self) -> dict[int, SimProcess]:
        """Real pid -> the population's process, for tests and the twin comparison (a copy)."""
        with self._lock:
            return dict(self._live)

    def simulation_time(self) -> float | None:
        """Seconds on the simulation clock (None while starting)."""
        return None if self._clock0 is None else time.monotonic() - self._clock0
