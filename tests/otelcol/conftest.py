"""The real collector for tests: the bundled `build/otelcol-phoenix` (`make collector`).

Tests that need it fail in CI when it is missing and skip locally, like every real component.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.config import get_settings
from app.otelcol.binary import BUNDLED_BINARY, is_executable
from tests.conftest import require_component


@pytest.fixture(scope="session")
def otelcol_bin() -> Path:
    if not is_executable(BUNDLED_BINARY):
        require_component("otelcol-phoenix", f"{BUNDLED_BINARY} is missing: run `make collector`")
    return BUNDLED_BINARY


@pytest.fixture(autouse=True)
def dev_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The catalog reads its directory from settings; dev mode needs no JWT secret."""
    monkeypatch.setenv("PHOENIX_ENV", "dev")
    monkeypatch.delenv("PHOENIX_OTELCOL_BIN", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
