"""The behavioural check: run the config in the engine on a synthetic host and look at what comes out.

Runs only when the static tiers found no error, on about 200 processes (`population.py`), two
payloads (so cumulativetodelta and cpu.utilization have a previous scrape), within a time budget.
Reported, from the second payload:

- a critical process no output series keeps (its `process.pid` is gone: dropped or merged), as an
  error naming it and the receiver or processor that removed it (`critical_drops.py`; who removed
  it is found by replaying the payload one processor at a time, `replay.py`);
- nothing delivered at all (naming who emptied the batch, found the same way);
- a reducing pipeline (filter, groupbyattrs, an aggregation) that outputs as many series as it
  receives (warning);
- processes merged into one resource without their points being summed: one series with several
  points in one payload, of which a backend keeps one.
A config the engine cannot run is reported as not checked (`coverage.not_checked`), never passed.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from app.engine.collector import PROCESS_RESOURCE_ATTRIBUTES
from app.engine.critical_patterns import CRITICAL_SAMPLE_NAMES, DEFAULT_CRITICAL_PROCESSES
from app.engine.errors import EngineError, EngineUnsupported
from app.engine.kpis import surviving_pids
from app.engine.pdata import MetricsBatch, attributes_key
from app.engine.pipeline import CompiledPipeline, compile_pipeline
from app.engine.scraper.receiver_view import receiver_view
from app.validation.codes import Code
from app.validation.issues import PathParts, ValidationIssue
from app.validation.semantic.config_view import ParsedConfig, PipelineView
from app.validation.semantic.critical_drops import lost_criticals
from app.validation.semantic.findings import finding
from app.validation.semantic.matching import critical_predicate, search
from app.validation.semantic.population import synthetic_host
from app.validation.semantic.replay import Trace, fix_hint, responsible, trace
from app.validation.semantic.sampling import sample_pattern
from app.validation.source import YamlSource

BUDGET_S = 3.0
"""Wall time the behavioural check may spend; past it the check stops and says so."""
_IDENTITY_KEYS = (
    "process.executable.name",
    "process.command_line",
    "process.command",
    "process.executable.path",
    "process.owner",
)
_REDUCING_OPERATIONS = ("aggregate_labels", "aggregate_label_values")


@dataclass
class _Plan:
    """What the check needs to know before running: criticals to plant, other names, gaps."""

    patterns: list[str]
    critical_names: list[str]
    other_names: list[str] = field(default_factory=list)
    unsampled: list[str] = field(default_factory=list)


def _plan(critical_processes: list[str] | None, views: list[PipelineView], parsed: ParsedConfig, result: Any) -> _Plan:
    if critical_processes is None:
        plan = _Plan(list(DEFAULT_CRITICAL_PROCESSES), list(CRITICAL_SAMPLE_NAMES))
    else:
        plan = _Plan(list(critical_processes), [])
        for pattern in critical_processes:
            critical = critical_predicate([pattern])
            names = [n for n in CRITICAL_SAMPLE_NAMES if critical(n)] or sample_pattern(pattern, critical)
            if names:
                plan.critical_names += names
            else:
                plan.unsampled.append(pattern)
    # Names the config tests process identity against, so that a keep-list finds what it keeps.
    for view in views:
        for processor_id, _, _ in view.processors:
            for expr in parsed.expressions(processor_id):
                for map_name, key, text, regex in expr.facts.attribute_tests:
                    if map_name == "resource" and key in _IDENTITY_KEYS:
                        plan.other_names += _samples(text, regex)
        for receiver_id in view.receivers:
            model = result.components.get(("receivers", receiver_id))
            scraper = model.process_scraper() if model is not None else None
            for match in (scraper.include, scraper.exclude) if scraper is not None else ():
                for name in (match.names or []) if match is not None else []:
                    plan.other_names += _samples(name, match.match_type == "regexp")
    return plan


def _samples(text: str, regex: bool) -> list[str]:
    """One name for a literal or a pattern the config tests identity against (none if it cannot be built)."""
    return sample_pattern(text, lambda s: bool(search(text, s)))[:1] if regex else [text]


def _component_path(result: Any, component: str | None) -> PathParts:
    for section in ("processors", "receivers", "exporters", "connectors"):
        if component and (section, component) in result.components:
            return (section, component)
    return ("service", "pipelines")


def _reduces(type_: str | None, model: Any) -> bool:
    """Whether a processor is there to reduce what a pipeline outputs."""
    if type_ in ("filter", "groupbyattrs"):
        return True
    if model is None:
        return False
    if type_ == "metrics_transform":
        return any(
            t.action == "combine" or any(op.action in _REDUCING_OPERATIONS for op in t.operations or [])
            for t in model.transforms
        )
    return type_ == "transform" and any("aggregate_on_attribute" in e.text for e in model.ottl_expressions())


def _reducing(view: PipelineView) -> list[str]:
    """The processors of a pipeline that are there to reduce what it outputs."""
    return [processor_id for processor_id, type_, model in view.processors if _reduces(type_, model)]


def _host_dependent(view: PipelineView, parsed: ParsedConfig) -> bool:
    """Whether the pipeline's filters test resource attributes that come from where it runs (the `env`
    detector, or any detector but `system`): the synthetic host has none of their values."""
    detected = any(
        t == "resource_detection" and m is not None and any(d != "system" for d in m.detectors)
        for _, t, m in view.processors
    )
    if not detected:
        return False
    known = set(PROCESS_RESOURCE_ATTRIBUTES)
    for processor_id, type_, model in view.processors:
        known |= {key for e in parsed.expressions(processor_id) for m, key in e.facts.writes if m == "resource"}
        if type_ == "resource" and model is not None:
            known |= {a.key for a in model.attributes if a.key}
    return any(
        read.map == "resource" and read.key not in known
        for p, t, _ in view.processors
        if t == "filter"
        for expr in parsed.expressions(p)
        for read in expr.facts.reads
    )


def _input_of(compiled: CompiledPipeline, pipeline: Any, batch: MetricsBatch) -> MetricsBatch:
    out = MetricsBatch()
    for rid in pipeline.receivers:
        out.resource_metrics += receiver_view(batch, compiled.receivers[rid].settings)[0].resource_metrics
    return out


def _duplicates(batch: MetricsBatch) -> int:
    """Points that share a series (resource, scope, metric and attributes) with another point."""
    counts: Counter[tuple] = Counter()
    for rm, sm, metric in batch.iter_metrics():
        resource = attributes_key(rm.resource.attributes)
        for dp in metric.data_points:
            counts[(resource, sm.scope_name, metric.name, attributes_key(getattr(dp, "attributes", {}) or {}))] += 1
    return sum(n - 1 for n in counts.values() if n > 1)


def check_behaviour(
    source: YamlSource,
    config_yaml: str,
    result: Any,
    views: list[PipelineView],
    parsed: ParsedConfig,
    critical_processes: list[str] | None,
) -> list[ValidationIssue]:
    """Run `config_yaml` on a synthetic host; report criticals lost, nothing delivered, no reduction."""
    started = time.perf_counter()
    mixed = [
        finding(
            source,
            ("service", "pipelines", v.pipeline_id, "receivers"),
            Code.COVERAGE_NOT_CHECKED,
            f"the behavioural check (critical processes kept, reduction) did not run on pipeline {v.pipeline_id!r}: "
            "the local engine runs the host_metrics process scraper alone, not next to other receivers or scrapers",
            "the real collector still validates the config; preview the process part on its own to see what it does",
            severity="warning",
        )
        for v in views
        if v.scrapes_processes and not v.process_only
    ]
    views = [v for v in views if v.process_only]
    if not views:
        return mixed  # no process pipeline to run
    try:
        compiled = compile_pipeline(config_yaml, pipelines=[v.pipeline_id for v in views])
    except EngineUnsupported as exc:
        return [
            *mixed,
            finding(
                source,
                _component_path(result, exc.component),
                Code.COVERAGE_NOT_CHECKED,
                f"the behavioural check (critical processes kept, reduction) did not run: the local engine does not "
                f"implement {exc.detail}",
                "the real collector still validates the config; preview it on a host to see what it does",
                severity="warning",
            ),
        ]
    except EngineError:
        return mixed  # a config the engine cannot build: the static tiers report why
    plan = _plan(critical_processes, views, parsed, result)
    issues = mixed + [
        finding(
            source,
            ("service", "pipelines"),
            Code.COVERAGE_NOT_CHECKED,
            f"critical pattern `{pattern}`: Phoenix could not build a process name it matches, so the "
            "behavioural check did not plant one",
            "plain names, classes and alternations can be sampled; check this pattern with a preview on a real host",
            severity="warning",
        )
        for pattern in plan.unsampled
    ]
    host = synthetic_host(plan.critical_names, plan.other_names, critical_predicate(plan.patterns))
    runs = []
    for batch in host.scrapes:
        if time.perf_counter() - started > BUDGET_S:
            return [
                *issues,
                finding(
                    source,
                    ("service", "pipelines"),
                    Code.COVERAGE_NOT_CHECKED,
                    f"the behavioural check stopped after {BUDGET_S:g} s on {host.process_count} synthetic processes",
                    "preview the pipeline on a host to see what it does",
                    severity="warning",
                ),
            ]
        runs.append(compiled.run(batch))
    run = runs[-1]
    last = host.scrapes[-1]
    delivered = run.output
    lost = {pid: name for pid, name in host.critical.items() if pid not in surviving_pids(delivered)}
    replayed = lost or not delivered.data_point_count()
    found = trace(config_yaml, [v.pipeline_id for v in views], host, set(lost)) if replayed else Trace()
    if not delivered.data_point_count():
        path = found.emptied_at or ("service", "pipelines")
        errors = f" ({'; '.join(run.errors)})" if run.errors else ""
        issues.append(
            finding(
                source,
                path,
                Code.SEMANTIC_DROPS_EVERYTHING,
                f"on a synthetic host of {host.process_count} processes the config delivers nothing to its "
                f"exporters: {responsible(path)} removes every data point{errors}",
                fix_hint(path),
            )
        )
        return issues
    if lost and not any(
        "process.pid" in compiled.receivers[r].settings.resource_attributes for r in compiled.receivers
    ):
        lost = {}
        issues.append(
            finding(
                source,
                ("receivers",),
                Code.COVERAGE_NOT_CHECKED,
                "critical processes were not checked: the process scraper's process.pid resource attribute is off, "
                "so processes cannot be told apart",
                "enable resource_attributes.process.pid",
                severity="warning",
            )
        )
    issues += lost_criticals(source, lost, found.lost_at, len(host.critical))
    views_by_id = {v.pipeline_id: v for v in views}
    for pipeline in compiled.pipelines:
        view = views_by_id.get(pipeline.pipeline_id)
        if view is None:
            continue
        output = run.outputs.get(pipeline.pipeline_id, MetricsBatch())
        reducing = _reducing(view)
        received = _input_of(compiled, pipeline, last)
        if reducing and output.series_count() >= received.series_count() > 0 and not _host_dependent(view, parsed):
            grouping = any(t != "filter" for p, t, _ in view.processors if p in reducing)
            issues.append(
                finding(
                    source,
                    ("processors", reducing[0]),
                    Code.SEMANTIC_NO_REDUCTION,
                    f"pipeline {pipeline.pipeline_id!r} reduces nothing on a synthetic host of {host.process_count} "
                    f"processes: {received.series_count()} series in, {output.series_count()} out "
                    f"(reducing processors: {', '.join(reducing)})",
                    "groupbyattrs only merges resources that are identical and its keys are datapoint attributes: "
                    "delete per-process resource attributes (process.pid, process.command_line, ...) first"
                    if grouping
                    else "no condition of the filter matched: check them against the names, attributes and values "
                    "the process scraper emits",
                    severity="warning",
                )
            )
        duplicates = _duplicates(output)
        if duplicates:
            merger = next((p for p, t, _ in view.processors if t == "groupbyattrs"), None)
            issues.append(
                finding(
                    source,
                    ("processors", merger) if merger else ("service", "pipelines", pipeline.pipeline_id),
                    Code.SEMANTIC_UNSUMMED_MERGE,
                    f"pipeline {pipeline.pipeline_id!r} merges processes without summing them: {duplicates} points "
                    "share a series with another point of the same payload, and a backend keeps only one of them",
                    "groupbyattrs appends data points, it never sums: after it, sum with transform "
                    'aggregate_on_attributes("sum", [...]) in the metric context for every metric that remains',
                )
            )
    return issues
