"""Metric names a processor selects that never reach it.

- A `process.*` name the pinned process scraper does not have, in any component
  (`check_scraper_metrics`, before the OTTL tier: it needs only the typed config).
- A process metric a processor uses that its pipeline's process scraper does not emit: it is off by
  default and must be enabled (`check_scraper_metrics`; a warning when other receivers might emit it).
- In a pipeline fed only by the host_metrics process scraper (`check_metric_names`), every other name:
  that pipeline carries `process.*` metrics (those the scraper enables) and whatever an upstream
  processor names (`metricstransform` `new_name`, transform `set(metric.name, ...)`, `copy_metric`).
  A filter, transform, metricstransform or cumulativetodelta that selects `system.cpu.utilization`,
  `container.cpu.usage` or `k8s.pod.*` there selects nothing; so does a regex that matches nothing.
"""

from __future__ import annotations

import difflib
from typing import Any

from app.engine.collector import PROCESS_METRICS, is_process_metric
from app.validation.codes import Code
from app.validation.issues import PathParts, ValidationIssue
from app.validation.schema import SchemaResult, unknown_metric_message
from app.validation.semantic.config_view import ParsedConfig, PipelineView, pipeline_views
from app.validation.semantic.findings import finding
from app.validation.semantic.matching import search
from app.validation.source import YamlSource

_OTHER_RECEIVERS = (
    ("system.", "the host_metrics cpu, memory, disk, network, ... scrapers"),
    ("container.", "the docker_stats or kubeletstats receivers"),
    ("k8s.", "the k8s_cluster or kubeletstats receivers"),
    ("jvm.", "a JVM agent or the jmx receiver"),
)
_INERT = ("memory_limiter", "batch", "resource", "attributes", "resource_detection", "groupbyattrs")


def _unknown_process_metrics(source: YamlSource, result: SchemaResult) -> list[ValidationIssue]:
    issues = []
    for (section, component_id), model in result.components.items():
        for sub_path, name in model.metric_references():  # type: ignore[attr-defined]
            if is_process_metric(name) and name not in PROCESS_METRICS:
                path = (section, component_id, *sub_path)
                issues.append(finding(source, path, Code.SEMANTIC_UNKNOWN_METRIC, unknown_metric_message(name)))
    return issues


def _metrics_not_enabled(source: YamlSource, result: SchemaResult) -> list[ValidationIssue]:
    issues = []
    for view in pipeline_views(result):
        if not view.metrics:
            continue
        for processor_id, _, model in view.processors:
            for sub_path, name in model.metric_references() if model is not None else []:
                if name in PROCESS_METRICS and name not in view.metrics:
                    issues.append(
                        finding(
                            source,
                            ("processors", processor_id, *sub_path),
                            Code.SEMANTIC_METRIC_NOT_ENABLED,
                            f"metric {name!r} is used here but the process scraper of pipeline {view.pipeline_id!r} "
                            f"does not emit it: enable receivers.<hostmetrics>.scrapers.process.metrics.{name}",
                            severity="warning" if view.other_receivers else "error",
                        )
                    )
    return issues


def check_scraper_metrics(source: YamlSource, result: SchemaResult) -> list[ValidationIssue]:
    """`process.*` names the pinned scraper does not have, and process metrics a pipeline's scraper does not emit."""
    return _unknown_process_metrics(source, result) + _metrics_not_enabled(source, result)


def _origin(name: str) -> str:
    for prefix, origin in _OTHER_RECEIVERS:
        if name.startswith(prefix):
            return f"{prefix}* metrics come from {origin}; "
    return ""


class _Checker:
    def __init__(self, source: YamlSource, view: PipelineView) -> None:
        self.source = source
        self.view = view
        self.produced: set[str] = set()
        self.open = False
        self.issues: list[ValidationIssue] = []

    def _emitted(self) -> set[str]:
        return self.view.metrics | self.produced

    def _hint(self, name: str) -> str:
        emitted = sorted(self.view.metrics)
        close = difflib.get_close_matches(name.replace("system.", "process."), emitted, n=1, cutoff=0.5)
        suggestion = f'; did you mean "{close[0]}"?' if close else f"; it emits {', '.join(emitted)}"
        return f"{_origin(name)}this pipeline only receives the process scraper's metrics{suggestion}"

    def name(self, path: PathParts, name: str, column: int | None = None) -> None:
        if self.open or name in self._emitted() or name.startswith("process."):
            return
        self.issues.append(
            finding(
                self.source,
                path,
                Code.SEMANTIC_UNKNOWN_METRIC,
                f"metric {name!r} never reaches pipeline {self.view.pipeline_id!r}: its only receivers run the "
                "host_metrics process scraper, which does not emit it",
                self._hint(name),
                column=column,
            )
        )

    def pattern(self, path: PathParts, pattern: str, column: int | None = None) -> None:
        if self.open:
            return
        candidates = set(PROCESS_METRICS) | self.produced
        matched = [search(pattern, n) for n in sorted(candidates)]
        if None in matched or any(m and n in self._emitted() for m, n in zip(matched, sorted(candidates), strict=True)):
            return
        disabled = [n for m, n in zip(matched, sorted(candidates), strict=True) if m]
        why = (
            f"it only matches {', '.join(disabled)}, which the scraper does not emit here"
            if disabled
            else "it matches no process metric"
        )
        self.issues.append(
            finding(
                self.source,
                path,
                Code.SEMANTIC_UNKNOWN_METRIC,
                f"pattern {pattern!r} selects nothing in pipeline {self.view.pipeline_id!r}: {why}",
                f"the process scraper emits {', '.join(sorted(self.view.metrics))}",
                severity="warning",
                column=column,
            )
        )

    def names(self, base: PathParts, names: list[str], match_type: str | None) -> None:
        for i, name in enumerate(names):
            if match_type == "strict":
                self.name((*base, i), name)
            elif match_type == "regexp":
                self.pattern((*base, i), name)

    def processor(self, parsed: ParsedConfig, processor_id: str, type_: str | None, model: Any) -> None:
        base: PathParts = ("processors", processor_id)
        if model is None:
            self.open = True
        elif type_ in ("filter", "transform"):
            for expr in parsed.expressions(processor_id):
                for test in expr.facts.metric_tests:
                    (self.pattern if test.regex else self.name)(expr.path, test.name, test.column)
                self.produced.update(expr.facts.metric_writes)
            metrics = getattr(model, "metrics", None) if type_ == "filter" else None
            for key in ("include", "exclude"):
                match = getattr(metrics, key, None) if metrics is not None else None
                if match is not None:
                    self.names((*base, "metrics", key, "metric_names"), match.metric_names or [], match.match_type)
        elif type_ == "metrics_transform":
            for i, transform in enumerate(model.transforms):
                check = self.pattern if transform.match_type == "regexp" else self.name
                check((*base, "transforms", i, "include"), transform.include)
                if transform.new_name and transform.action != "group":
                    self.produced.add(transform.new_name)
        elif type_ == "cumulative_to_delta":
            for key in ("include", "exclude"):
                match = getattr(model, key, None)
                if match is not None:
                    self.names((*base, key, "metrics"), match.metrics, match.match_type)
        elif type_ not in _INERT:
            self.open = True


def check_metric_names(source: YamlSource, view: PipelineView, parsed: ParsedConfig) -> list[ValidationIssue]:
    """Names and patterns that select metrics a process-only pipeline never carries."""
    checker = _Checker(source, view)
    for processor_id, type_, model in view.processors:
        checker.processor(parsed, processor_id, type_, model)
    return checker.issues
