"""`debug` exporter config (core `exporter/debugexporter/config.go`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from app.engine.components.base import Introspectable
from app.engine.components.common import Strict


class DebugConfig(Strict, Introspectable):
    verbosity: Literal["basic", "normal", "detailed"] | None = None
    sampling_initial: int | None = Field(default=None, ge=0)
    sampling_thereafter: int | None = Field(default=None, ge=0)
    use_internal_logger: bool | None = None
