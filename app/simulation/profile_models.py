"""The shapes of a load profile: CPU and memory patterns, process groups and the profile itself,
validated. `app.simulation.profiles` holds the built-in profiles and the public entry points."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from app.core.models import StrictModel

MiB = 1024 * 1024
GiB = 1024 * MiB
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+:@-]{0,14}$")

MAX_PROCESS_COUNT = 5_000
MAX_SEED = 2**63 - 1

# The size knobs a request may set, defined once: the simulations API and a preview's simulated
# snapshot take the same values (a profile may narrow `process_count` further: `process_count_range`).
ProcessCount = Annotated[int, Field(ge=1, le=MAX_PROCESS_COUNT)]
Seed = Annotated[int, Field(ge=0, le=MAX_SEED)]


class _Frozen(StrictModel):
    model_config = ConfigDict(frozen=True)


class CpuPattern(_Frozen):
    """CPU demand in cores (1.0 = one logical CPU): flat, a sine wave, or periodic spikes."""

    kind: Literal["idle", "steady", "sine", "spiky"] = "idle"
    cores: float = Field(0.001, ge=0, le=64)
    amplitude: float = Field(0.0, ge=0, le=64)  # sine swing, or extra cores during a spike
    period_s: float = Field(60.0, gt=0)
    spike_s: float = Field(5.0, gt=0)
    user_share: float = Field(0.7, ge=0, le=1)
    system_share: float = Field(0.25, ge=0, le=1)  # the rest is iowait

    @model_validator(mode="after")
    def _consistent(self) -> CpuPattern:
        if self.kind == "sine" and self.amplitude > self.cores:
            raise ValueError("a sine CPU pattern needs amplitude <= cores (CPU use cannot go negative)")
        if self.user_share + self.system_share > 1:
            raise ValueError("user_share + system_share must be at most 1")
        return self


class MemoryPattern(_Frozen):
    """Resident memory: flat, a ramp (leak) up to a cap, or a sawtooth (leak with periodic release)."""

    kind: Literal["steady", "ramp", "sawtooth"] = "steady"
    rss_bytes: int = Field(8 * MiB, ge=0)
    growth_bytes_per_s: float = Field(0.0, ge=0)
    cap_bytes: int | None = Field(None, ge=0)  # ramp ceiling; default 4 x rss_bytes
    period_s: float = Field(600.0, gt=0)  # sawtooth period
    virtual_factor: float = Field(4.0, ge=1)


class ProcessGroup(_Frozen):
    """Processes sharing one executable and behaviour. `command` may use {i} (instance), {n}
    (incarnation), {uid} (unique per incarnation), {port}; `parent` names another group's label."""

    name: str
    exe_path: str
    command: str
    label: str = ""
    owner: str = "root"
    role: Literal["fixed", "pool", "churn"] = "fixed"
    count: int = Field(1, ge=0, le=10_000)
    weight: float = Field(1.0, gt=0)
    cpu: CpuPattern = CpuPattern()
    memory: MemoryPattern = MemoryPattern()
    restarts_per_minute: float = Field(0.0, ge=0, le=60)
    lifetime_s: tuple[float, float] = (0.5, 3.0)  # churn only: uniform lifetime range
    parent: str | None = None
    io_bytes_per_s: tuple[float, float] = (0.0, 0.0)  # read, write
    threads: int = Field(1, ge=1)

    @field_validator("name")
    @classmethod
    def _real_name(cls, value: str) -> str:
        if not _NAME.match(value):
            raise ValueError(
                f"{value!r} is not a usable executable name: 1-15 characters, no spaces or '/' "
                "(Linux truncates process names to 15 characters)"
            )
        return value

    @model_validator(mode="after")
    def _defaults(self) -> ProcessGroup:
        if not self.label:
            object.__setattr__(self, "label", self.name)
        low, high = self.lifetime_s
        if not 0 < low <= high:
            raise ValueError("lifetime_s must be (low, high) with 0 < low <= high")
        try:
            self.command.format(i=0, n=0, uid="0", port=0)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(
                f"command template {self.command!r} of group {self.label!r}: only {{i}}, {{n}}, "
                f"{{uid}} and {{port}} can be used ({exc})"
            ) from None
        return self


class LoadProfile(_Frozen):
    """A named population: its groups and size. `process_count` counts long-lived processes
    (fixed + pool); churn processes come on top at `churn_rate` per second."""

    name: str
    description: str = ""
    groups: tuple[ProcessGroup, ...] = Field(min_length=1)
    process_count: ProcessCount
    churn_rate: float = Field(0.0, ge=0, le=200)
    duration_s: float = Field(600.0, gt=0, le=7 * 86_400)
    seed: int = 1
    host_cpus: int = Field(8, ge=1, le=1024)
    host_memory_bytes: int = Field(32 * GiB, gt=0)
    process_count_range: tuple[int, int] = (1, MAX_PROCESS_COUNT)
    churn_rate_range: tuple[float, float] = (0.0, 200.0)

    @model_validator(mode="after")
    def _sizes(self) -> LoadProfile:
        labels = [g.label for g in self.groups]
        if len(set(labels)) != len(labels):
            raise ValueError("group labels must be unique (set `label` when two groups share a name)")
        for g in self.groups:
            if g.parent is not None and g.parent not in labels:
                raise ValueError(f"group {g.label!r} names unknown parent group {g.parent!r}")
        lo, hi = self.process_count_range
        if not lo <= self.process_count <= hi:
            raise ValueError(f"process_count of profile {self.name!r} must be between {lo} and {hi}")
        lo_c, hi_c = self.churn_rate_range
        if not lo_c <= self.churn_rate <= hi_c:
            raise ValueError(f"churn_rate of profile {self.name!r} must be between {lo_c} and {hi_c} per second")
        if self.process_count < self.fixed_count():
            raise ValueError(f"process_count {self.process_count} is below the {self.fixed_count()} fixed processes")
        if self.process_count > self.fixed_count() and not any(g.role == "pool" for g in self.groups):
            raise ValueError("process_count above the fixed processes needs at least one pool group")
        if self.churn_rate > 0 and not any(g.role == "churn" for g in self.groups):
            raise ValueError("churn_rate > 0 needs at least one churn group")
        return self

    def fixed_count(self) -> int:
        return sum(g.count for g in self.groups if g.role == "fixed")

    def pool_counts(self) -> dict[str, int]:
        """Instances per pool group: the share of `process_count` left by fixed groups, by weight."""
        pools = [g for g in self.groups if g.role == "pool"]
        remaining = self.process_count - self.fixed_count()
        total = sum(g.weight for g in pools)
        counts = {g.label: int(remaining * g.weight / total) for g in pools}
        for g in pools[: remaining - sum(counts.values())]:  # hand out the rounding remainder
            counts[g.label] += 1
        return counts

    def with_overrides(
        self,
        *,
        process_count: int | None = None,
        churn_rate: float | None = None,
        duration_s: float | None = None,
        seed: int | None = None,
    ) -> LoadProfile:
        """The same profile with its size knobs changed (validated against the profile's ranges)."""
        changes = {
            k: v
            for k, v in {
                "process_count": process_count,
                "churn_rate": churn_rate,
                "duration_s": duration_s,
                "seed": seed,
            }.items()
            if v is not None
        }
        return LoadProfile.model_validate({**self.model_dump(), **changes})
