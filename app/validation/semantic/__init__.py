"""Tier 5, semantic: configs the collector loads that do the wrong thing with process metrics.

What processors select (`check_selections`), run right after the graph tier because it needs only
the typed config:
- metric names (`metric_names.py`): a `process.*` name the pinned scraper does not have, and a
  process metric the pipeline's scraper does not emit (off by default);
- critical processes (`critical_drops.py`): a filter condition that drops a critical name, decided
  on the OTTL syntax tree (`critical_guard.py`).
Then, after the OTTL tier (`check_semantic`), static checks of process-only pipelines:
- attribute dataflow (`dataflow.py`): a read of an attribute nothing upstream produces, e.g.
  process identity read from datapoint attributes (the scraper puts it on the resource);
- units (`units.py`): thresholds that do not fit the metric's unit (percent vs 0-1 fraction,
  bytes vs MiB) or its point type;
- metric names (`metric_names.py`): names a process-only pipeline never carries (other receivers').
And, only when no tier so far found an error, the behavioural check (`behaviour.py`): the config
runs in the engine on a synthetic host; lost critical processes (`critical_drops.py`, the culprit
found by `replay.py`), an empty output, a reducing pipeline that reduces nothing and
merged-but-unsummed processes are reported.

Every finding has a `semantic.*` code (`app.validation.codes`; or `coverage.not_checked`), a hint,
the YAML path and line, and the column inside the OTTL text where it points into one; its tier is
`semantic` whichever pass found it.
"""

from __future__ import annotations

import logging

from app.validation.codes import Code
from app.validation.issues import ValidationIssue
from app.validation.schema import SchemaResult
from app.validation.semantic.behaviour import check_behaviour
from app.validation.semantic.config_view import ParsedConfig, metrics_pipelines
from app.validation.semantic.critical_drops import check_critical_filters
from app.validation.semantic.dataflow import check_dataflow
from app.validation.semantic.findings import finding
from app.validation.semantic.metric_names import check_metric_names, check_scraper_metrics
from app.validation.semantic.units import check_units
from app.validation.source import YamlSource

__all__ = ["check_selections", "check_semantic"]

logger = logging.getLogger(__name__)


def _unique(issues: list[ValidationIssue]) -> list[ValidationIssue]:
    """One finding per (code, path, column, message): a processor shared by pipelines is checked once per pipeline."""
    seen: set[tuple] = set()
    out = []
    for issue in issues:
        key = (issue.code, issue.path, issue.column, issue.message)
        if key not in seen:
            seen.add(key)
            out.append(issue)
    return out


def check_selections(
    source: YamlSource, result: SchemaResult, critical_processes: list[str] | None = None
) -> list[ValidationIssue]:
    """What processors select: metric names the pinned scraper has and emits, and filter conditions that
    drop a critical process (the default patterns, or `critical_processes` when an experiment chose its own)."""
    return check_scraper_metrics(source, result) + check_critical_filters(source, result, critical_processes)


def check_semantic(
    source: YamlSource,
    result: SchemaResult,
    config_yaml: str,
    *,
    critical_processes: list[str] | None = None,
    run_behaviour: bool = True,
) -> list[ValidationIssue]:
    """The semantic tier. `run_behaviour=False` (an earlier tier found an error) skips the engine run;
    the behavioural check also skips itself when these static checks find an error."""
    parsed = ParsedConfig(result)
    views = list(metrics_pipelines(result))
    issues: list[ValidationIssue] = []
    try:
        for view in views:
            if view.process_only:
                issues += check_dataflow(source, view, parsed) + check_metric_names(source, view, parsed)
        processors = sorted(p for (section, p) in result.components if section == "processors")
        issues = _unique(issues + check_units(source, parsed, processors))
        if run_behaviour and views and not any(i.severity == "error" for i in issues):
            issues += check_behaviour(source, config_yaml, result, views, parsed, critical_processes)
    except Exception as exc:  # a defect here must not take validation down, nor pass the config silently
        logger.exception("semantic tier failed")
        issues.append(
            finding(
                source,
                ("service", "pipelines"),
                Code.COVERAGE_NOT_CHECKED,
                f"the semantic checks stopped on this config ({type(exc).__name__}); what they would have found is "
                "not reported",
                "report this config to the Phoenix maintainers; the other tiers still checked it",
                severity="warning",
            )
        )
    return issues
