"""`memory_limiter` processor config (core `internal/memorylimiter/config.go`, processor README).

Must be the first processor of a pipeline; `check_interval` and one of `limit_mib` /
`limit_percentage` are required. Since 0.156 forced GCs back off up to
`max_gc_interval_when_soft_limited` / `_hard_limited` (both default 30s, 0 disables), which must
not be below the matching `min_gc_interval_when_*` (soft default 10s, hard 0).
"""

from __future__ import annotations

from pydantic import Field, model_validator

from app.engine.components.base import Introspectable
from app.engine.components.common import GoDuration, Strict, go_duration_seconds


class MemoryLimiterConfig(Strict, Introspectable):
    check_interval: GoDuration | None = None
    limit_mib: int | None = Field(default=None, ge=0, le=2**32 - 1)
    spike_limit_mib: int | None = Field(default=None, ge=0, le=2**32 - 1)
    limit_percentage: int | None = Field(default=None, ge=0)
    spike_limit_percentage: int | None = Field(default=None, ge=0)
    min_gc_interval_when_soft_limited: GoDuration | None = None
    min_gc_interval_when_hard_limited: GoDuration | None = None
    max_gc_interval_when_soft_limited: GoDuration | None = None
    max_gc_interval_when_hard_limited: GoDuration | None = None

    @model_validator(mode="after")
    def _limits(self) -> MemoryLimiterConfig:
        if self.check_interval is None or go_duration_seconds(self.check_interval) <= 0:
            raise ValueError("'check_interval' must be greater than zero")
        soft = go_duration_seconds(self.min_gc_interval_when_soft_limited or "10s")
        hard = go_duration_seconds(self.min_gc_interval_when_hard_limited or "0s")
        if soft < hard:
            raise ValueError(
                "'min_gc_interval_when_soft_limited' should be larger than 'min_gc_interval_when_hard_limited'"
            )
        max_soft = go_duration_seconds(self.max_gc_interval_when_soft_limited or "30s")
        max_hard = go_duration_seconds(self.max_gc_interval_when_hard_limited or "30s")
        for name, value in (("soft", max_soft), ("hard", max_hard)):
            if value < 0:
                raise ValueError(f"'max_gc_interval_when_{name}_limited' must be non-negative")
        for name, low, high in (("soft", soft, max_soft), ("hard", hard, max_hard)):
            if 0 < high < low:
                raise ValueError(
                    f"'max_gc_interval_when_{name}_limited' must be greater than or equal to "
                    f"'min_gc_interval_when_{name}_limited' (or 0 to disable)"
                )
        if max_soft > 0 and max_hard > 0 and max_soft < max_hard:
            raise ValueError(
                "'max_gc_interval_when_soft_limited' should be larger than or equal to "
                "'max_gc_interval_when_hard_limited' (when both are set)"
            )
        limit, spike = self.limit_mib or 0, self.spike_limit_mib or 0
        pct, spike_pct = self.limit_percentage or 0, self.spike_limit_percentage or 0
        if limit == 0 and pct == 0:
            raise ValueError("'limit_mib' or 'limit_percentage' must be greater than zero")
        if pct > 100 or spike_pct > 100:
            raise ValueError(
                "'limit_percentage' and 'spike_limit_percentage' must be greater than zero and less than "
                "or equal to hundred"
            )
        if limit > 0 and limit <= spike:
            raise ValueError("'spike_limit_mib' must be smaller than 'limit_mib'")
        if pct > 0 and pct <= spike_pct:
            raise ValueError("'spike_limit_percentage' must be smaller than 'limit_percentage'")
        return self
