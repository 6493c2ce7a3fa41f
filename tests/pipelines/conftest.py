"""Fixtures for the pipeline catalog tests: settings that need no secret, and the rendered catalog."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.core.config import get_settings
from app.pipelines import catalog

TEMPLATE_NAMES = (
    "process-baseline-v1",
    "process-priority-filter-v1",
    "process-aggregated-v1",
    "process-topk-v1",
    "process-adaptive-v1",
    "process-aggressive-v1",
    "process-dynamic-v1",
)
REDUCING_TEMPLATES = tuple(n for n in TEMPLATE_NAMES if n != "process-baseline-v1")


@pytest.fixture(autouse=True)
def dev_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The catalog reads its directory from settings; dev mode needs no JWT secret."""
    monkeypatch.setenv("PHOENIX_ENV", "dev")
    monkeypatch.delenv("PHOENIX_TEMPLATES_DIR", raising=False)
    monkeypatch.delenv("PHOENIX_OTELCOL_BIN", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def metadata_of() -> object:
    return lambda name: catalog.get_template(name).metadata
