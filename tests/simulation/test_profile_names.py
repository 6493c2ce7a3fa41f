"""Profile names come from the profile data: the request models accept exactly the defined profiles."""

from __future__ import annotations

from typing import get_args

import pytest
from pydantic import ValidationError

from app.experiments.models import LoadProfile
from app.pipelines.preview import SimulatedSnapshot
from app.simulation.profiles import (
    BUILTIN_PROFILE_NAMES,
    CUSTOM_PROFILE,
    PROFILE_NAMES,
    PROFILES,
    BuiltinProfileName,
    ProfileName,
)


def test_names_are_those_of_the_profiles() -> None:
    assert BUILTIN_PROFILE_NAMES == tuple(PROFILES) == tuple(p.name for p in PROFILES.values())
    assert (*BUILTIN_PROFILE_NAMES, CUSTOM_PROFILE) == PROFILE_NAMES
    assert get_args(BuiltinProfileName) == BUILTIN_PROFILE_NAMES
    assert get_args(ProfileName) == PROFILE_NAMES


@pytest.mark.parametrize("name", PROFILE_NAMES)
def test_an_experiment_load_profile_accepts_every_profile(name: str) -> None:
    assert LoadProfile(profile=name).profile == name


@pytest.mark.parametrize("name", BUILTIN_PROFILE_NAMES)
def test_a_simulated_preview_accepts_every_builtin_profile(name: str) -> None:
    assert SimulatedSnapshot(kind="simulated", profile=name).profile == name


def test_unknown_names_are_refused() -> None:
    with pytest.raises(ValidationError):
        LoadProfile(profile="nope")
    with pytest.raises(ValidationError):
        SimulatedSnapshot(kind="simulated", profile=CUSTOM_PROFILE)  # a preview needs a built-in profile
