"""Validate a collector config in tiers: parse -> schema -> graph -> ottl -> otelcol.

Each issue names its tier, a YAML path (`processors.filter/drop.metrics.datapoint[0]`) and a
1-based line. A parse failure stops early (nothing else can be located); the other tiers all run,
so one pass reports everything. `check_port_conflicts` compares the configs of variants that
share a node.
"""

from __future__ import annotations

from app.pipelines.validation.graph import check_graph
from app.pipelines.validation.issues import TIERS, Tier, ValidationIssue, ValidationResult, format_path
from app.pipelines.validation.otelcol import check_otelcol
from app.pipelines.validation.ottl import check_ottl
from app.pipelines.validation.ports import check_port_conflicts
from app.pipelines.validation.schema import check_schema
from app.pipelines.validation.semantics import check_semantics
from app.pipelines.validation.source import SourceError, load

__all__ = [
    "TIERS",
    "ValidationIssue",
    "ValidationResult",
    "check_port_conflicts",
    "format_path",
    "validate_config",
]


def validate_config(
    config_yaml: str, *, critical_processes: list[str] | None = None, run_otelcol: bool = True
) -> ValidationResult:
    """Every problem Phoenix can find in `config_yaml`; `valid` is False when any is an error.

    `critical_processes`: the experiment's patterns, if it has its own; filters are checked not to
    drop them (the default critical list otherwise).
    """
    try:
        source = load(config_yaml)
    except SourceError as exc:
        path = format_path(exc.path)
        return ValidationResult.of([ValidationIssue("parse", path, exc.line, exc.message)], ["parse"])
    if not isinstance(source.data, dict):
        return ValidationResult.of(
            [
                ValidationIssue(
                    "parse",
                    "",
                    source.line_of(()),
                    f"config must be a YAML mapping, not a {type(source.data).__name__}",
                )
            ],
            ["parse"],
        )
    schema = check_schema(source)
    issues = schema.issues + check_graph(source, schema)
    issues += check_semantics(source, schema, critical_processes) + check_ottl(source, schema)
    tiers_run: list[Tier] = ["parse", "schema", "graph", "ottl"]
    collector = None
    if run_otelcol:
        check = check_otelcol(source, config_yaml)
        issues += check.issues
        collector = check.collector
        if collector:
            tiers_run.append("otelcol")
    return ValidationResult.of(issues, tiers_run, collector)
