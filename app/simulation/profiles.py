"""Load profiles: the process populations Phoenix simulates, defined once, as data.

A profile is a list of process groups (executable name, path, command-line template, owner, CPU
and memory pattern, role) plus its size knobs (`process_count`, `churn_rate`, `duration`,
`seed`). The same definitions feed the synthetic snapshots of the engine (previews, tests) and the
simulator that spawns real processes, so names are real executable names of at most 15 characters
(Linux truncates `comm`, which `process.executable.name` reads, to 15).

Roles: `fixed` groups run `count` long-lived instances; `pool` groups share what is left of
`process_count` by weight; `churn` groups share `churn_rate` short-lived arrivals per second.
Every built-in profile mixes processes matching the default critical patterns (postgres, nginx,
java, kubelet, ...) with many that do not. `app.simulation.population` turns a profile and a seed into
the processes alive at any instant.
"""

from __future__ import annotations

from typing import Literal

from app.simulation.builtin_profiles import high_cardinality, high_churn, realistic
from app.simulation.profile_models import CpuPattern, GiB, LoadProfile, MemoryPattern, MiB, ProcessGroup

__all__ = [
    "BUILTIN_PROFILE_NAMES",
    "CUSTOM_PROFILE",
    "DEFAULT_PROFILE",
    "PROFILES",
    "PROFILE_NAMES",
    "BuiltinProfileName",
    "CpuPattern",
    "GiB",
    "LoadProfile",
    "MemoryPattern",
    "MiB",
    "ProcessGroup",
    "ProfileName",
    "custom_profile",
    "get_profile",
]

PROFILES: dict[str, LoadProfile] = {p.name: p for p in (realistic(), high_cardinality(), high_churn())}
"""The built-in profiles by name."""

CUSTOM_PROFILE = "custom"
"""The name of the profile a request defines itself (`custom_profile`)."""

DEFAULT_PROFILE = realistic().name
"""The profile a simulated snapshot uses when none is named (previews, the validator's replay)."""

BUILTIN_PROFILE_NAMES: tuple[str, ...] = tuple(PROFILES)
"""The built-in profiles' names, in `PROFILES` order."""
PROFILE_NAMES: tuple[str, ...] = (*BUILTIN_PROFILE_NAMES, CUSTOM_PROFILE)
"""Every name a request may ask for: the built-in ones, then `custom`."""

# Literal types made from the data, for request models (a new built-in profile needs no edit there).
BuiltinProfileName = Literal[BUILTIN_PROFILE_NAMES]  # type: ignore[valid-type]
ProfileName = Literal[PROFILE_NAMES]  # type: ignore[valid-type]


def get_profile(
    name: str,
    *,
    process_count: int | None = None,
    churn_rate: float | None = None,
    duration_s: float | None = None,
    seed: int | None = None,
) -> LoadProfile:
    """A built-in profile with optional overrides; KeyError names the known profiles."""
    if name not in PROFILES:
        raise KeyError(f"unknown load profile {name!r}; known: {', '.join(PROFILES)}")
    return PROFILES[name].with_overrides(
        process_count=process_count, churn_rate=churn_rate, duration_s=duration_s, seed=seed
    )


def custom_profile(data: dict) -> LoadProfile:
    """A `custom` profile from plain data (name templates, counts, patterns, lifetimes), validated.

    Ranges are those of the model (1-5000 processes, 0-200 arrivals/s) unless the data narrows them.
    """
    return LoadProfile.model_validate({"name": CUSTOM_PROFILE, **data})
