"""Validate a collector config in tiers: parse -> schema -> graph -> ottl -> semantic -> otelcol.

Each issue names its tier, a YAML path (`processors.filter/drop.metrics.datapoint[0]`), a
1-based line and a stable code (`codes`, listed in docs/validation.md). A parse failure stops
early (nothing else can be located); the other tiers all run, so one pass reports everything.
`check_port_conflicts` compares the configs of variants that share a node.
"""

from __future__ import annotations

from app.validation.codes import Code, enforce, finding
from app.validation.coverage import check_coverage
from app.validation.graph import check_graph
from app.validation.issues import TIERS, Tier, ValidationIssue, ValidationResult, format_path
from app.validation.otelcol import check_otelcol
from app.validation.ottl import check_ottl
from app.validation.ports import check_port_conflicts
from app.validation.schema import check_schema
from app.validation.semantic import check_selections, check_semantic
from app.validation.source import SourceError, load

__all__ = [
    "TIERS",
    "ValidationIssue",
    "ValidationResult",
    "check_port_conflicts",
    "format_path",
    "validate_config",
]


def validate_config(
    config_yaml: str,
    *,
    critical_processes: list[str] | None = None,
    run_otelcol: bool = True,
    strict: bool = False,
) -> ValidationResult:
    """Every problem Phoenix can find in `config_yaml`; `valid` is False when any is an error.

    `critical_processes`: the experiment's patterns, if it has its own; filters are checked not to
    drop them (the default critical list otherwise). `strict`: Phoenix's policies (`policy.*`
    findings, warnings otherwise) are errors too.
    """
    try:
        source = load(config_yaml)
    except SourceError as exc:
        return ValidationResult.of([finding(exc.code, exc.path, exc.line, exc.message)], ["parse"])
    if not isinstance(source.data, dict):
        message = f"config must be a YAML mapping, not a {type(source.data).__name__}"
        return ValidationResult.of([finding(Code.PARSE_NOT_MAPPING, "", source.line_of(()), message)], ["parse"])
    schema = check_schema(source)
    issues = schema.issues + check_graph(source, schema)
    # The semantic tier's checks of what processors select need only the typed config: they run (and are
    # listed) before the OTTL tier's findings; the rest of the tier runs after it.
    issues += check_selections(source, schema, critical_processes) + check_ottl(source, schema)
    issues += check_coverage(source, schema)
    issues += check_semantic(
        source,
        schema,
        config_yaml,
        critical_processes=critical_processes,
        run_behaviour=not any(i.severity == "error" for i in issues),
    )
    tiers_run: list[Tier] = ["parse", "schema", "graph", "ottl", "semantic"]
    collector = None
    if run_otelcol:
        check = check_otelcol(source, config_yaml)
        issues += check.issues
        collector = check.collector
        if collector:
            tiers_run.append("otelcol")
    return ValidationResult.of(enforce(issues, strict=strict), tiers_run, collector)
