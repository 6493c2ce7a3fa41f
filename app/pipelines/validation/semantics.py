"""Graph-tier semantics: what the config means for process metrics of the pinned collector.

- every `process.*` metric name a component selects exists in the pinned process scraper;
- a metric the pipeline's OTTL relies on is actually emitted (process.cpu.utilization is off by
  default and must be enabled in the scraper);
- no filter condition drops a process matching the critical patterns (the defaults, or the
  experiment's own list when given).

Thresholds and units (percent vs 0-1 fraction, bytes) are the semantic tier's
(`app.pipelines.validation.semantic.units`), which reads them off the OTTL syntax tree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.engine.collector import PROCESS_METRICS, is_process_metric
from app.engine.components.hostmetrics.config import HostmetricsConfig
from app.engine.registry import split_id
from app.pipelines.validation.codes import Code, finding
from app.pipelines.validation.critical_guard import dropped_critical_names, sample_names
from app.pipelines.validation.issues import PathParts, Severity, ValidationIssue
from app.pipelines.validation.schema import SchemaResult, unknown_metric_message
from app.pipelines.validation.source import YamlSource


def _issue(
    source: YamlSource, code: Code, path: PathParts, message: str, severity: Severity | None = None
) -> ValidationIssue:
    """Semantic findings are Phoenix's: the collector loads these configs and does the wrong thing."""
    return finding(code, path, source.line_of(path), message, severity=severity, tier="graph")


def _metric_names(source: YamlSource, result: SchemaResult) -> list[ValidationIssue]:
    issues = []
    for (section, component_id), model in result.components.items():
        for sub_path, name in model.metric_references():  # type: ignore[attr-defined]
            if is_process_metric(name) and name not in PROCESS_METRICS:
                path = (section, component_id, *sub_path)
                issues.append(_issue(source, Code.SEMANTIC_UNKNOWN_METRIC, path, unknown_metric_message(name)))
    return issues


def _emitted_by(result: SchemaResult, receivers: list[str]) -> tuple[set[str], bool]:
    """Process metrics the pipeline's hostmetrics receivers emit; and whether other receivers exist."""
    emitted: set[str] = set()
    others = False
    for receiver_id in receivers:
        model = result.components.get(("receivers", receiver_id))
        if isinstance(model, HostmetricsConfig):
            scraper = model.process_scraper()
            if scraper is not None:
                emitted |= scraper.enabled_metrics()
        else:
            others = True
    return emitted, others


def _enabled_metrics(source: YamlSource, result: SchemaResult) -> list[ValidationIssue]:
    assert result.service is not None
    issues = []
    for pipeline_id, pipeline in result.service.pipelines.items():
        emitted, others = _emitted_by(result, pipeline.receivers)
        if not emitted:
            continue
        for processor_id in pipeline.processors:
            model = result.components.get(("processors", processor_id))
            for sub_path, name in model.metric_references() if model is not None else []:  # type: ignore[attr-defined]
                if name in PROCESS_METRICS and name not in emitted:
                    issues.append(
                        _issue(
                            source,
                            Code.SEMANTIC_METRIC_NOT_ENABLED,
                            ("processors", processor_id, *sub_path),
                            f"metric {name!r} is used here but the process scraper of pipeline {pipeline_id!r} does "
                            f"not emit it: enable receivers.<hostmetrics>.scrapers.process.metrics.{name}",
                            "warning" if others else "error",
                        )
                    )
    return issues


def _ottl_tools() -> tuple[Callable[..., Any], Callable[[str], Any]] | None:
    try:
        from app.engine.ottl import parse_condition
    except Exception:  # missing or broken OTTL package: the OTTL tier reports it once
        return None
    from app.engine.regexp import compile as compile_regex  # IsMatch as the collector runs it (RE2)

    return parse_condition, compile_regex


def _critical_drops(source: YamlSource, result: SchemaResult, names: list[str]) -> list[ValidationIssue]:
    tools = _ottl_tools()
    if tools is None or not names:
        return []
    parse_condition, compile_regex = tools
    issues = []
    for (section, component_id), model in result.components.items():
        if section != "processors" or split_id(component_id)[0] != "filter":
            continue
        for expr in model.ottl_expressions():  # type: ignore[attr-defined]
            try:
                condition = parse_condition(expr.text, expr.context)
            except ValueError:
                continue  # reported by the OTTL tier
            dropped = dropped_critical_names(condition.expr, compile_regex, names)
            if dropped:
                shown = ", ".join(repr(n) for n in dropped[:5]) + (" ..." if len(dropped) > 5 else "")
                issues.append(
                    _issue(
                        source,
                        Code.SEMANTIC_DROPS_CRITICAL,
                        (section, component_id, *expr.path),
                        f"this filter condition drops critical processes ({shown}): the filter processor DROPS "
                        "what matches, so a keep-list must be written as not (...)",
                    )
                )
    return issues


def check_semantics(
    source: YamlSource, result: SchemaResult, critical_processes: list[str] | None = None
) -> list[ValidationIssue]:
    """Graph-tier checks on meaning (metric names, criticals).

    Filters are checked against the default critical patterns, or against `critical_processes`
    when the config belongs to an experiment that chose its own.
    """
    issues = _metric_names(source, result)
    if result.service is not None:
        issues += _enabled_metrics(source, result)
    return issues + _critical_drops(source, result, sample_names(critical_processes))
