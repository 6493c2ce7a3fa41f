"""Simulations of this Phoenix process: start (validated, within the host cap), stop, read, shut down.

`SimulationManager` is runtime state: the app keeps one on `app.state.simulations` and shuts it down
with the app; `phoenix simulate` makes its own. It checks everything before anything is spawned --
known profile, overrides within the profile's ranges, the peak process count within the host cap
(alone: 422; together with the simulations already running on the host: 409) -- so a refused
request starts nothing. Each accepted simulation runs in a `SimulationRun` thread.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable

from pydantic import ValidationError

from app.core.errors import Conflict, Invalid, NotFound, validation_details
from app.simulation import metrics
from app.simulation.capacity import HostLedger, OverCapacity, host_cap
from app.simulation.helper import helper_supported
from app.simulation.models import (
    ProfileGroupRead,
    ProfileRead,
    ProfilesRead,
    SimulationCreate,
    SimulationRead,
)
from app.simulation.profiles import CUSTOM_PROFILE, PROFILE_NAMES, PROFILES, LoadProfile, custom_profile, get_profile
from app.simulation.runner import SimulationRun, peak_processes
from app.simulation.settings import SimulationSettings
from app.simulation.spawner import SpawnError, prepare_base_dir

log = logging.getLogger(__name__)


MAX_RESTARTS = 200_000  # restart events one simulation may schedule (each is precomputed)
MAX_COMMAND_CHARS = 4096  # a command line longer than this is no realistic process (and exec caps argv)


def _check_sizes(profile: LoadProfile) -> LoadProfile:
    """Refuse profiles whose schedule or command lines are too big to be a process population."""
    restarts = sum(g.restarts_per_minute for g in profile.groups if g.role != "churn") / 60 * profile.duration_s
    if restarts > MAX_RESTARTS:
        raise Invalid(
            f"this profile would restart {restarts:.0f} processes over its duration; at most "
            f"{MAX_RESTARTS} (lower restarts_per_minute or the duration)"
        )
    for g in profile.groups:
        if len(g.command) > MAX_COMMAND_CHARS:
            raise Invalid(f"the command of group {g.label!r} is longer than {MAX_COMMAND_CHARS} characters")
    return profile


def resolve_profile(request: SimulationCreate) -> LoadProfile:
    """The profile a request asks for, overrides applied; Invalid (422) says what is wrong."""
    overrides = {
        "process_count": request.process_count,
        "churn_rate": request.churn_rate,
        "duration_s": request.duration,
        "seed": request.seed,
    }
    try:
        if request.profile == CUSTOM_PROFILE:
            data = {**(request.custom or {}), **{k: v for k, v in overrides.items() if v is not None}}
            return _check_sizes(custom_profile(data))
        return _check_sizes(get_profile(request.profile, **overrides))  # type: ignore[arg-type]
    except KeyError:
        known = ", ".join(PROFILE_NAMES)
        raise Invalid(
            f"unknown load profile {request.profile!r}; known: {known}",
            [{"path": "profile", "message": f"one of {known}", "type": "value_error"}],
        ) from None
    except ValidationError as exc:
        details = validation_details(list(exc.errors()))
        first = details[0] if details else {"path": "", "message": "invalid profile"}
        where = f"{first['path']}: " if first["path"] else ""
        raise Invalid(f"invalid {request.profile} simulation: {where}{first['message']}", details) from None


def _describe(profile: LoadProfile) -> ProfileRead:
    return ProfileRead(
        name=profile.name,
        description=profile.description,
        process_count=profile.process_count,
        process_count_range=profile.process_count_range,
        churn_rate=profile.churn_rate,
        churn_rate_range=profile.churn_rate_range,
        duration=profile.duration_s,
        seed=profile.seed,
        groups=[
            ProfileGroupRead(
                name=g.name,
                label=g.label,
                role=g.role,
                count=g.count if g.role == "fixed" else None,
                weight=g.weight if g.role != "fixed" else None,
                owner=g.owner,
                command=g.command,
                cpu=g.cpu.kind,
                memory=g.memory.kind,
            )
            for g in profile.groups
        ],
    )


_CUSTOM = ProfileRead(
    name=CUSTOM_PROFILE,
    description="Your own process groups, given in `custom`: name (at most 15 characters), "
    "exe_path, command ({i}, {n}, {uid}, {port}), role fixed/pool/churn, count or weight, owner, cpu and memory "
    "patterns, lifetime_s; plus process_count and churn_rate.",
    process_count=None,
    process_count_range=(1, 5000),
    churn_rate=None,
    churn_rate_range=(0.0, 200.0),
    duration=None,
    seed=None,
    groups=[],
)


class SimulationManager:
    """The simulations of this process; thread-safe, callable from routes, the CLI and tests."""

    def __init__(
        self, settings: SimulationSettings | None = None, on_change: Callable[[str, str], None] | None = None
    ) -> None:
        """`on_change(simulation_id, action)` hears each start ("created") and stop ("updated"),
        from whatever thread made it."""
        self.settings = settings or SimulationSettings()
        self._on_change = on_change or (lambda _id, _action: None)
        self.cap = host_cap(self.settings.max_processes)
        self._runs: dict[str, SimulationRun] = {}
        self._lock = threading.Lock()
        self._closed = False
        self._ledger: HostLedger | None = None

    def _host_ledger(self) -> HostLedger:
        if self._ledger is None:
            try:
                base = prepare_base_dir(self.settings.base_dir())
                self._ledger = HostLedger(
                    base / "ledger",
                    self.cap,
                    cpu_cores=self.settings.effective_cpu_cores(),
                    memory_bytes=self.settings.memory_bytes,
                )
            except (SpawnError, OSError) as exc:
                raise Conflict(f"this host cannot run simulated processes: {exc}") from None
        return self._ledger

    def profiles(self) -> ProfilesRead:
        """The built-in profiles, the custom one's shape, and the host's cap and current use."""
        in_use = self._host_ledger().in_use()
        return ProfilesRead(profiles=[*map(_describe, PROFILES.values()), _CUSTOM], host_cap=self.cap, in_use=in_use)

    def start(self, request: SimulationCreate) -> SimulationRead:
        """Validate, reserve the peak process count on the host, and start spawning (returns at once)."""
        profile = resolve_profile(request)
        peak = peak_processes(profile)
        if peak > self.cap:
            churn = peak - profile.process_count - 1
            why = (
                f"{profile.process_count} long-lived processes plus up to {churn} short-lived ones "
                f"(churn_rate {profile.churn_rate}/s)"
                if churn
                else f"{profile.process_count} processes"
            )
            raise Invalid(
                f"this simulation needs {why} at once, more than the host cap of {self.cap} "
                "(PHOENIX_SIM_MAX_PROCESSES)",
                {"requested": peak, "cap": self.cap},
            )
        unsupported = helper_supported()
        if unsupported:
            raise Conflict(f"this host cannot run simulated processes: {unsupported}")
        simulation_id = uuid.uuid4().hex[:12]
        with self._lock:
            if self._closed:
                raise Conflict("Phoenix is shutting down; no new simulations")
            try:
                run = SimulationRun(simulation_id, profile, self.settings, self._host_ledger())
            except OverCapacity as exc:
                raise Conflict(str(exc), {"requested": exc.requested, "in_use": exc.in_use, "cap": exc.cap}) from None
            except OSError as exc:
                raise Conflict(f"this host cannot run simulated processes: {exc}") from None
            self._runs[simulation_id] = run
            self._forget_old()
        run.start()
        log.info(
            "simulation %s started: profile=%s processes=%d churn=%.1f/s duration=%ss",
            simulation_id,
            profile.name,
            profile.process_count,
            profile.churn_rate,
            profile.duration_s,
        )
        self._on_change(simulation_id, "created")
        return run.read()

    def _run(self, simulation_id: str) -> SimulationRun:
        run = self._runs.get(simulation_id)
        if run is None:
            raise NotFound(f"no simulation {simulation_id!r}")
        return run

    def get(self, simulation_id: str) -> SimulationRead:
        return self._run(simulation_id).read()

    def run(self, simulation_id: str) -> SimulationRun:
        """The running simulation itself (its live processes), for tests and the standalone runner."""
        return self._run(simulation_id)

    def list(self) -> list[SimulationRead]:
        """Every simulation in memory, newest first."""
        with self._lock:
            runs = list(self._runs.values())
        return [r.read() for r in reversed(runs)]

    def stop(self, simulation_id: str, *, wait: float = 10.0) -> SimulationRead:
        """Stop a simulation and wait (up to `wait` s) until its processes are gone; stopping twice is fine."""
        run = self._run(simulation_id)
        run.request_stop("stopped")
        run.join(wait)
        self._on_change(simulation_id, "updated")
        return run.read()

    def shutdown(self, timeout: float = 10.0) -> None:
        """End every simulation (Phoenix is exiting): no process of any of them survives this call."""
        with self._lock:
            self._closed = True
            runs = list(self._runs.values())
        for run in runs:
            run.request_stop("shutdown")
        for run in runs:
            if not run.join(timeout):
                log.error("simulation %s did not stop within %.0f s", run.id, timeout)

    def _forget_old(self) -> None:
        finished = [r for r in self._runs.values() if r.read().status.finished]
        for run in finished[: max(0, len(finished) - self.settings.retain_finished)]:
            del self._runs[run.id]
            metrics.forget(run.id, run.profile.name)
