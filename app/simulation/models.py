"""API shapes of the simulation domain: what a caller asks for and what it gets back.

Simulations are runtime state of one Phoenix process (real OS processes on this host), not database
rows: there is no table, and a restart of Phoenix ends every simulation it ran.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.core.durations import Seconds
from app.core.models import StrictModel
from app.simulation.profile_models import ProcessCount, Seed
from app.simulation.profiles import CUSTOM_PROFILE


class SimulationStatus(StrEnum):
    starting = "starting"  # spawning the initial population; `started` climbs to `target_processes`
    running = "running"
    stopping = "stopping"
    stopped = "stopped"  # by a stop request or Phoenix's shutdown
    completed = "completed"  # its duration ended
    failed = "failed"  # see `error`

    @property
    def finished(self) -> bool:
        return self in (SimulationStatus.stopped, SimulationStatus.completed, SimulationStatus.failed)


class SimulationCreate(StrictModel):
    """Body of `POST /api/v1/simulations`: a profile and optional overrides of its size knobs."""

    model_config = ConfigDict(allow_inf_nan=False)

    profile: str = Field(min_length=1, max_length=64, examples=["high-churn"])
    process_count: ProcessCount | None = Field(None, description="long-lived processes (default: the profile's)")
    churn_rate: float | None = Field(None, ge=0, description="short-lived processes started per second")
    duration: Seconds | None = Field(None, description="seconds, or '90s', '10m', '1h'; default: the profile's")
    seed: Seed | None = None
    custom: dict[str, Any] | None = Field(
        None,
        description="the `custom` profile's definition: groups (name, exe_path, command, role, count, "
        "weight, owner, cpu, memory, lifetime_s, ...) and sizes",
    )

    @model_validator(mode="after")
    def _custom_only_for_custom(self) -> SimulationCreate:
        if self.profile == CUSTOM_PROFILE and not self.custom:
            raise ValueError("the custom profile needs its definition in `custom` (at least `groups`)")
        if self.profile != CUSTOM_PROFILE and self.custom is not None:
            raise ValueError("`custom` is only read with profile 'custom'")
        if self.duration is not None and self.duration < 1:
            raise ValueError("duration must be at least 1 second")
        return self


class SimulationRead(BaseModel):
    """A simulation with live counts."""

    id: str
    profile: str
    status: SimulationStatus
    process_count: int
    churn_rate: float
    duration: float
    seed: int
    target_processes: int = Field(description="long-lived processes of the initial population")
    reserved_processes: int = Field(description="its share of the host cap: long-lived plus peak churn")
    progress: float = Field(description="0-1 while starting: started / target_processes")
    active_processes: int
    started: int
    exited: int
    spawn_failures: int
    churn_rate_achieved: float = Field(description="starts per second after the initial population, last 10 s")
    cpu_scale: float = Field(description="factor applied to CPU patterns to fit the simulation's CPU budget")
    memory_scale: float = Field(description="factor applied to memory patterns to fit the memory budget")
    process_group: int | None
    created_at: datetime
    running_at: datetime | None
    finished_at: datetime | None
    ends_at: datetime | None
    stop_reason: str | None
    error: str | None
    notes: list[str]


class ProfileGroupRead(BaseModel):
    name: str
    label: str
    role: str
    count: int | None
    weight: float | None
    owner: str
    command: str
    cpu: str
    memory: str


class ProfileRead(BaseModel):
    name: str
    description: str
    process_count: int | None
    process_count_range: tuple[int, int]
    churn_rate: float | None
    churn_rate_range: tuple[float, float]
    duration: float | None
    seed: int | None
    groups: list[ProfileGroupRead]


class ProfilesRead(BaseModel):
    profiles: list[ProfileRead]
    host_cap: int = Field(description="simulated processes allowed on this host at once, all simulations")
    in_use: int = Field(description="processes reserved by running simulations on this host")
