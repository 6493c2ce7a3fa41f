"""The real collector for tests: the bundled `build/otelcol-phoenix` (`make collector`).

Tests that need it fail in CI when it is missing and skip locally, like every real component.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.otelcol.binary import BUNDLED_BINARY, is_executable
from tests.conftest import require_component
from tests.pipelines.conftest import dev_settings  # noqa: F401  (autouse: catalog settings, no binary override)


@pytest.fixture(scope="session")
def otelcol_bin() -> Path:
    if not is_executable(BUNDLED_BINARY):
        require_component("otelcol-phoenix", f"{BUNDLED_BINARY} is missing: run `make collector`")
    return BUNDLED_BINARY
