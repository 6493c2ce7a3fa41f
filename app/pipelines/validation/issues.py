"""What validation reports: issues with tier, YAML path, 1-based line, message and severity."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Tier = Literal["parse", "schema", "graph", "ottl", "otelcol"]
Severity = Literal["error", "warning"]
TIERS: tuple[Tier, ...] = ("parse", "schema", "graph", "ottl", "otelcol")
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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ValidationResult:
    valid: bool
    errors: list[ValidationIssue] = field(default_factory=list)
    warnings: list[ValidationIssue] = field(default_factory=list)

    @classmethod
    def of(cls, issues: list[ValidationIssue]) -> ValidationResult:
        errors = [i for i in issues if i.severity == "error"]
        warnings = [i for i in issues if i.severity == "warning"]
        return cls(valid=not errors, errors=errors, warnings=warnings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "errors": [i.to_dict() for i in self.errors],
            "warnings": [i.to_dict() for i in self.warnings],
        }
