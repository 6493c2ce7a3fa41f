"""Graph-tier semantics: what the config means for process metrics of the pinned collector.

- every `process.*` metric name a component selects exists in the pinned process scraper;
- a metric the pipeline's OTTL relies on is actually emitted (process.cpu.utilization is off by
  default and must be enabled in the scraper);
- CPU thresholds on process.cpu.utilization are 0-1 fractions, not percents;
- OTTL processors set `error_mode` (the default `propagate` drops the whole batch on one error);
- no filter condition drops a process matching the critical patterns (the defaults, or the
  experiment's own list when given).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from app.engine.collector import PROCESS_METRICS, is_process_metric
from app.engine.components.hostmetrics.config import HostmetricsConfig
from app.engine.registry import split_id
from app.pipelines.validation.critical_guard import dropped_critical_names, sample_names
from app.pipelines.validation.issues import PathParts, ValidationIssue, format_path
from app.pipelines.validation.schema import SchemaResult, unknown_metric_message
from app.pipelines.validation.source import YamlSource

_CPU_COMPARE = re.compile(r"(?:\bdatapoint\.)?\bvalue_(?:double|int)\s*(?:>=|<=|>|<|==|!=)\s*(\d+(?:\.\d+)?)")
_CPU_COMPARE_REVERSED = re.compile(r"(\d+(?:\.\d+)?)\s*(?:>=|<=|>|<|==|!=)\s*(?:\bdatapoint\.)?\bvalue_(?:double|int)")


def _issue(source: YamlSource, path: PathParts, message: str, severity: str = "error") -> ValidationIssue:
    """Semantic findings are Phoenix's: the collector loads these configs and does the wrong thing."""
    line = source.line_of(path)
    return ValidationIssue("graph", format_path(path), line, message, severity, "phoenix")  # type: ignore[arg-type]


def _metric_names(source: YamlSource, result: SchemaResult) -> list[ValidationIssue]:
    issues = []
    for (section, component_id), model in result.components.items():
        for sub_path, name in model.metric_references():  # type: ignore[attr-defined]
            if is_process_metric(name) and name not in PROCESS_METRICS:
                issues.append(_issue(source, (section, component_id, *sub_path), unknown_metric_message(name)))
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
                            ("processors", processor_id, *sub_path),
                            f"metric {name!r} is used here but the process scraper of pipeline {pipeline_id!r} does "
                            f"not emit it: enable receivers.<hostmetrics>.scrapers.process.metrics.{name}",
                            "warning" if others else "error",
                        )
                    )
    return issues


def _cpu_fractions(source: YamlSource, result: SchemaResult) -> list[ValidationIssue]:
    issues = []
    for (section, component_id), model in result.components.items():
        for expr in model.ottl_expressions():  # type: ignore[attr-defined]
            if "process.cpu.utilization" not in expr.text:
                continue
            numbers = _CPU_COMPARE.findall(expr.text) + _CPU_COMPARE_REVERSED.findall(expr.text)
            for number in numbers:
                if float(number) > 1:
                    issues.append(
                        _issue(
                            source,
                            (section, component_id, *expr.path),
                            f"process.cpu.utilization is a 0-1 fraction of the host's CPU; threshold {number} "
                            "looks like a percent (write e.g. 0.5 for 50%)",
                        )
                    )
                    break
    return issues


def _error_modes(source: YamlSource, result: SchemaResult) -> list[ValidationIssue]:
    issues = []
    for (section, component_id), model in result.components.items():
        if hasattr(model, "error_mode") and model.ottl_expressions() and model.error_mode is None:  # type: ignore[attr-defined]
            issues.append(
                _issue(
                    source,
                    (section, component_id),
                    f"{component_id!r} has no error_mode: an OTTL error would drop the whole batch (propagate); "
                    "set error_mode: ignore",
                    "warning",
                )
            )
    return issues


def _ottl_tools() -> tuple[Callable[..., Any], Callable[[str], re.Pattern[str]]] | None:
    try:
        from app.engine.ottl import parse_condition
    except Exception:  # missing or broken OTTL package: the OTTL tier reports it once
        return None
    try:
        from app.engine.ottl.regex import compile_go_regexp as compile_regex
    except Exception:
        compile_regex = re.compile
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
                        (section, component_id, *expr.path),
                        f"this filter condition drops critical processes ({shown}): the filter processor DROPS "
                        "what matches, so a keep-list must be written as not (...)",
                    )
                )
    return issues


def check_semantics(
    source: YamlSource, result: SchemaResult, critical_processes: list[str] | None = None
) -> list[ValidationIssue]:
    """Graph-tier checks on meaning (metric names, thresholds, error modes, criticals).

    Filters are checked against the default critical patterns, or against `critical_processes`
    when the config belongs to an experiment that chose its own.
    """
    issues = _metric_names(source, result) + _cpu_fractions(source, result) + _error_modes(source, result)
    if result.service is not None:
        issues += _enabled_metrics(source, result)
    return issues + _critical_drops(source, result, sample_names(critical_processes))
