"""Every `semantic.drops_critical` finding: a critical process the config drops, found two ways.

- On the syntax tree, before the OTTL tier (`check_critical_filters`): a filter condition that is
  certainly true for a critical executable name (`critical_guard`) drops that process. Filters are
  checked against the default critical patterns, or the experiment's own list when it has one.
- On a synthetic host (`lost_criticals`, from the behavioural check): no output series keeps a
  critical process's `process.pid`; the finding names the receiver or processor the replay found.
"""

from __future__ import annotations

from app.engine import regexp
from app.engine.registry import split_id
from app.validation.codes import Code
from app.validation.issues import PathParts, ValidationIssue
from app.validation.schema import SchemaResult
from app.validation.semantic.config_view import ottl_package
from app.validation.semantic.critical_guard import dropped_critical_names, sample_names
from app.validation.semantic.findings import finding
from app.validation.semantic.replay import fix_hint, responsible
from app.validation.source import YamlSource


def check_critical_filters(
    source: YamlSource, result: SchemaResult, critical_processes: list[str] | None = None
) -> list[ValidationIssue]:
    """Filter conditions that drop a critical process (the default patterns, or `critical_processes`)."""
    names = sample_names(critical_processes)
    ottl = ottl_package()
    if ottl is None or not names:
        return []  # a missing or broken OTTL package: the OTTL tier reports it once
    issues = []
    for (section, component_id), model in result.components.items():
        if section != "processors" or split_id(component_id)[0] != "filter":
            continue
        for expr in model.ottl_expressions():  # type: ignore[attr-defined]
            try:
                condition = ottl.parse_condition(expr.text, expr.context)
            except ValueError:
                continue  # reported by the OTTL tier
            dropped = dropped_critical_names(condition.expr, regexp.compile, names)
            if dropped:
                shown = ", ".join(repr(n) for n in dropped[:5]) + (" ..." if len(dropped) > 5 else "")
                issues.append(
                    finding(
                        source,
                        (section, component_id, *expr.path),
                        Code.SEMANTIC_DROPS_CRITICAL,
                        f"this filter condition drops critical processes ({shown}): the filter processor DROPS "
                        "what matches, so a keep-list must be written as not (...)",
                    )
                )
    return issues


def lost_criticals(
    source: YamlSource, lost: dict[int, str], lost_at: dict[int, PathParts], total: int
) -> list[ValidationIssue]:
    """One finding per component that removed critical processes (`lost`: pid -> name) on the synthetic
    host of `total` criticals; `lost_at` is the replay's answer (pid -> who)."""
    by_culprit: dict[PathParts, list[str]] = {}
    for pid, name in sorted(lost.items()):
        by_culprit.setdefault(lost_at.get(pid, ("service", "pipelines")), []).append(name)
    issues = []
    for path, names in by_culprit.items():
        shown = sorted(set(names))
        listed = ", ".join(shown[:8]) + (f" and {len(shown) - 8} more" if len(shown) > 8 else "")
        issues.append(
            finding(
                source,
                path,
                Code.SEMANTIC_DROPS_CRITICAL,
                f"{responsible(path)} drops or merges critical processes on a synthetic host: {listed} "
                f"({len(names)} of {total} critical processes; no output series keeps their process.pid)",
                fix_hint(path),
            )
        )
    return issues
