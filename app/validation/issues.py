"""What validation reports: issues with tier, YAML path, 1-based line, message and severity."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Tier = Literal["parse", "schema", "graph", "ottl", "semantic", "otelcol"]
Severity = Literal["error", "warning"]
# Who refuses what a finding reports: the pinned collector (it would not load the config; confirmed
# by its own `validate` where a binary runs), or Phoenix alone (the collector loads the config, but it
# breaks a Phoenix policy or would not do what a process pipeline should).
RefusedBy = Literal["collector", "phoenix"]
TIERS: tuple[Tier, ...] = ("parse", "schema", "graph", "ottl", "semantic", "otelcol")
PathParts = tuple[str | int, ...]


def format_path(parts: PathParts) -> str:
    """`("processors", "filter/x", "metrics", "datapoint", 0)` -> `processors.filter/x.metrics.datapoint[0]`."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass(frozen=True)
class ValidationIssue:
    tier: Tier
    path: str
    line: int | None
    message: str
    severity: Severity = "error"
    refused_by: RefusedBy = "collector"
    # A stable, documented identifier (docs/validation.md), e.g. `schema.unknown_key`, `policy.batch_last`.
    code: str = ""
    # How to fix it, in one sentence (empty when the message already says it).
    hint: str = ""
    # 1-based column inside an OTTL statement or condition, when the finding points into one.
    column: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ValidationResult:
    valid: bool
    errors: list[ValidationIssue] = field(default_factory=list)
    warnings: list[ValidationIssue] = field(default_factory=list)
    # The tiers that ran, in order; `otelcol` only when a collector binary was available.
    tiers_run: list[Tier] = field(default_factory=list)
    # The collector that ran the last tier, as it names itself (`otelcol-phoenix 0.159.0`).
    collector: str | None = None

    @classmethod
    def of(
        cls, issues: list[ValidationIssue], tiers_run: list[Tier] | None = None, collector: str | None = None
    ) -> ValidationResult:
        errors = [i for i in issues if i.severity == "error"]
        warnings = [i for i in issues if i.severity == "warning"]
        return cls(not errors, errors, warnings, list(tiers_run or []), collector)

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "errors": [i.to_dict() for i in self.errors],
            "warnings": [i.to_dict() for i in self.warnings],
            "tiers_run": list(self.tiers_run),
            "collector": self.collector,
        }
