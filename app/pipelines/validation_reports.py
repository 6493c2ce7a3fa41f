"""Validation as the pipelines API shows it: the tiered report of a config, run in the compute pool
(`app.core.workers`) so it never holds the event loop, and the check a config must pass to be saved
(errors name the builder node at fault)."""

from __future__ import annotations

from app.core import workers
from app.core.errors import Invalid
from app.pipelines.graph import SECTIONS
from app.pipelines.models import (
    ValidationRead,
)
from app.validation import ValidationResult, validate_config


def validation_read(result: ValidationResult) -> ValidationRead:
    return ValidationRead.model_validate(result.to_dict())


def validate(
    config_yaml: str, critical_processes: list[str] | None = None, *, run_otelcol: bool = True, strict: bool = False
) -> ValidationRead:
    """Every problem in a config, tier by tier; bad configs are a 200 with `valid: false`.

    `strict`: Phoenix's policies are errors too. CPU-bound (the engine replays the config) and runs
    the real collector's `validate` in a subprocess when one is available: from the event loop, call
    `validate_in_worker`.
    """
    result = validate_config(config_yaml, critical_processes=critical_processes, run_otelcol=run_otelcol, strict=strict)
    return validation_read(result)


async def validate_in_worker(
    config_yaml: str, critical_processes: list[str] | None = None, *, run_otelcol: bool = True, strict: bool = False
) -> ValidationRead:
    """`validate` in the compute pool (`app.core.workers`), so it never holds the event loop."""
    return await workers.run(
        validate, config_yaml, critical_processes and list(critical_processes), run_otelcol=run_otelcol, strict=strict
    )


def _node_of(issue_path: str) -> str | None:
    """`processors.filter/drop.metrics[0]` -> `filter/drop`: lets the builder mark the node."""
    section, _, rest = issue_path.partition(".")
    if section in SECTIONS.values() and rest:
        return rest.split(".")[0].split("[")[0]
    return None


def require_valid(config_yaml: str, *, path: str) -> ValidationRead:
    """The validation report of a config that must be valid to be saved; 422 listing every error otherwise.

    Errors block (what the collector refuses, and what would not do what it says); Phoenix's
    policies stay warnings in the report and never block a save.
    """
    report = validate(config_yaml)
    if not report.valid:
        details = [
            {
                "path": f"{path}:{e.path}" if e.path else path,
                "line": e.line,
                "message": e.message,
                "tier": e.tier,
                "code": e.code,
                "node": _node_of(e.path),
            }
            for e in report.errors
        ]
        raise Invalid(f"pipeline config is invalid: {report.errors[0].message}", details)
    return report
