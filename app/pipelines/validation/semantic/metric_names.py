"""Metric names a process-only pipeline can never see: another receiver's metrics, mostly.

A pipeline fed only by the host_metrics process scraper carries `process.*` metrics (those the
scraper enables) and whatever an upstream processor names (`metricstransform` `new_name`,
transform `set(metric.name, ...)`, `copy_metric`). A filter, transform, metricstransform or
cumulativetodelta that selects `system.cpu.utilization`, `container.cpu.usage` or `k8s.pod.*`
there selects nothing. Unknown or disabled `process.*` names are the graph tier's
(`semantics.py`); this check covers every other name, and regexes that match nothing.
"""

from __future__ import annotations

import difflib
from typing import Any

from app.engine.collector import PROCESS_METRICS
from app.pipelines.validation.issues import PathParts, ValidationIssue
from app.pipelines.validation.semantic.config_view import ParsedConfig, PipelineView
from app.pipelines.validation.semantic.findings import finding
from app.pipelines.validation.semantic.matching import search
from app.pipelines.validation.source import YamlSource

_OTHER_RECEIVERS = (
    ("system.", "the host_metrics cpu, memory, disk, network, ... scrapers"),
    ("container.", "the docker_stats or kubeletstats receivers"),
    ("k8s.", "the k8s_cluster or kubeletstats receivers"),
    ("jvm.", "a JVM agent or the jmx receiver"),
)
_INERT = ("memory_limiter", "batch", "resource", "attributes", "resource_detection", "groupbyattrs")


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
                "semantic.unknown_metric",
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
                "semantic.unknown_metric",
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

    def processor(self, parsed: ParsedConfig, processor_id: str, type_: str, model: Any) -> None:
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
