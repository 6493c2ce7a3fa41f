"""`.env.example` lists every setting of `Settings` with its default, and nothing else.

Read the way Phoenix reads a `.env` file, the example must give exactly the default settings; a value
is left empty only where the default is "none" or computed (the repository's folders), since an
empty variable means "the default" (`env_ignore_empty`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.core.config import REPO_ROOT, Settings

EXAMPLE = REPO_ROOT / ".env.example"
PREFIX = "PHOENIX_"
# A value the example cannot spell out: the JWT secret has no default and must be secret.
SECRET = "example-test-secret-" + "x" * 32


def _entries() -> list[tuple[str, str]]:
    entries = []
    for raw in EXAMPLE.read_text().splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            key, sep, value = line.partition("=")
            assert sep, f".env.example: {raw!r} is not KEY=VALUE"
            entries.append((key.strip(), value.strip()))
    return entries


def _expected_keys() -> set[str]:
    return {PREFIX + name.upper() for name in Settings.model_fields}


def test_every_setting_is_listed_once_and_nothing_else() -> None:
    keys = [key for key, _ in _entries()]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    assert not duplicates, f"listed twice in .env.example: {duplicates}"
    missing = sorted(_expected_keys() - set(keys))
    extra = sorted(set(keys) - _expected_keys())
    assert not missing, f"settings missing from .env.example: {missing}"
    assert not extra, f".env.example lists what Settings does not have: {extra}"


def test_values_are_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in [k for k in os.environ if k.startswith(PREFIX)]:
        monkeypatch.delenv(key)  # only the file counts
    from_example = Settings(_env_file=EXAMPLE, jwt_secret=SECRET)
    defaults = Settings(_env_file=None, jwt_secret=SECRET)
    differing = {
        name: (getattr(from_example, name), getattr(defaults, name))
        for name in Settings.model_fields
        if getattr(from_example, name) != getattr(defaults, name)
    }
    assert not differing, f".env.example value != default (example, default): {differing}"


def test_empty_only_where_the_default_is_none_or_computed() -> None:
    for key, value in _entries():
        name = key.removeprefix(PREFIX).lower()
        default = Settings.model_fields[name].get_default(call_default_factory=True)
        computed = isinstance(default, Path) and default.is_relative_to(REPO_ROOT)
        if value == "":
            assert default in (None, [], "") or computed, f"{key}: write its default ({default!r}) in .env.example"
