"""`cumulativetodelta` processor config (contrib `processor/cumulativetodeltaprocessor/config.go`).

Converts monotonic cumulative sums (and histograms) to delta; non-monotonic sums such as
`process.memory.usage` are left alone. It keeps per-series state across batches.
`metric_types` are read case-insensitively: `sum`, `histogram`, `exponentialhistogram`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from app.engine.components.base import Introspectable, Path
from app.engine.components.common import GoDuration, Lowercase, RegexpCache, Strict
from app.engine.regexp import check as check_re2


class MatchMetrics(Strict):
    metrics: list[str] = Field(default_factory=list)
    match_type: Literal["strict", "regexp"] | None = None
    regexp: RegexpCache | None = None
    metric_types: list[Annotated[Literal["sum", "histogram", "exponentialhistogram"], Lowercase]] | None = None

    @model_validator(mode="after")
    def _pairs(self) -> MatchMetrics:
        if self.metrics and self.match_type is None:
            raise ValueError("match_type must be set if metrics are supplied")
        if self.match_type is not None and not self.metrics:
            raise ValueError("metrics must be supplied if match_type is set")
        if self.match_type == "regexp":
            for pattern in self.metrics:
                check_re2(pattern)
        return self


class CumulativeToDeltaConfig(Strict, Introspectable):
    max_staleness: GoDuration | None = None
    initial_value: Literal["auto", "keep", "drop"] | None = None
    include: MatchMetrics | None = None
    exclude: MatchMetrics | None = None

    def metric_references(self) -> list[tuple[Path, str]]:
        refs: list[tuple[Path, str]] = []
        for key in ("include", "exclude"):
            match = getattr(self, key)
            if match is not None and match.match_type == "strict":
                refs += [((key, "metrics", i), name) for i, name in enumerate(match.metrics)]
        return refs
