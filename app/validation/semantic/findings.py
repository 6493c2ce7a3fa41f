"""The semantic tier's findings: its codes are in `app.validation.codes` (with their
meaning, fix and an example each; docs/validation.md lists them); this places one on its YAML line.

`semantic.*` findings are Phoenix's (`refused_by: phoenix`): the collector loads these configs and
then does the wrong thing with process metrics. `coverage.not_checked` says what could not be checked.
"""

from __future__ import annotations

from app.validation.codes import Code
from app.validation.codes import finding as coded_finding
from app.validation.issues import PathParts, Severity, ValidationIssue
from app.validation.source import YamlSource


def finding(
    source: YamlSource,
    path: PathParts,
    code: Code,
    message: str,
    hint: str = "",
    *,
    severity: Severity | None = None,
    column: int | None = None,
) -> ValidationIssue:
    """A semantic-tier finding of `code` at `path` (its YAML line), `column` inside the OTTL text when known;
    severity and hint are the registry's unless given."""
    return coded_finding(
        code,
        path,
        source.line_of(path),
        message,
        hint=hint or None,
        severity=severity,
        column=column,
        tier="semantic",
    )
