"""Phoenix's own experiment and job metrics, in the default registry served on `/metrics`.

Why values fed by the reconciler rather than a collector reading the database at scrape time: a
scrape must stay cheap and synchronous, and the reconciler already loads every experiment it
drives; a scrape turns what was fed into gauges (`_ExperimentCollector`). The leader calls
`sync_experiments` with every experiment it knows each tick (so label sets of deleted experiments
disappear and cardinality stays bounded), or `update_from_experiment` for one experiment after a
change; a replica that loses leadership calls `clear_experiments`, so only the leader exports
experiment state and alerts never see a stale copy from another replica.

- `phoenix_experiment_phase{experiment,phase}`: 1 for the current phase, 0 for the others;
- `phoenix_pipeline_cardinality_reduction_ratio{experiment}`: 1 - candidate/baseline output series;
- `phoenix_pipeline_cardinality_reduction_target_ratio{experiment}`: the experiment's
  `min_cardinality_reduction`, so an alert can compare the two with `on(experiment)`;
- `phoenix_pipeline_critical_retention_ratio{experiment,variant}`: worst per-interval retention;
- `phoenix_pipeline_estimated_monthly_cost_usd{experiment,variant}`;
- `phoenix_job_errors_total{job_name}`: failed runs of each background job (`record_job_error`).
  The label is `job_name`, not `job`: Prometheus's own `job` target label would overwrite it at
  scrape time (it would land as `exported_job`, or replace the target's with `honor_labels`).
Fractions are 0-1. The reconcile duration histogram lives in `app.core.metrics`.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import REGISTRY, Counter
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

JOB_ERRORS = Counter("phoenix_job_errors", "Failed runs of each background job", ["job_name"])


@dataclass(frozen=True)
class ExperimentMetrics:
    """What Phoenix exports about one experiment; `None` / empty means "not measured yet"."""

    name: str
    phase: str
    cardinality_reduction: float | None = None
    reduction_target: float | None = None
    critical_retention: Mapping[str, float] = field(default_factory=dict)
    monthly_cost_usd: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def from_analysis(cls, name: str, phase: str, analysis: Mapping[str, Any] | None = None) -> ExperimentMetrics:
        """From the dict `app.analysis.service.analyze` returns (its comparison, variants and criteria)."""
        if not analysis:
            return cls(name, phase)
        comparison = analysis.get("comparison") or {}
        variants = analysis.get("variants") or {}
        retention: dict[str, float] = {}
        cost: dict[str, float] = {}
        for label, body in variants.items():
            kpi = ((body.get("kpis") or {}).get("critical_retention") or {}).get("min")
            if kpi is not None:
                retention[label] = float(kpi)
            monthly = (body.get("cost") or {}).get("monthly_usd")
            if monthly is not None and (body.get("samples") or 0) > 0:
                cost[label] = float(monthly)
        target = (analysis.get("criteria") or {}).get("min_cardinality_reduction")
        reduction = comparison.get("cardinality_reduction")
        return cls(
            name,
            phase,
            None if reduction is None else float(reduction),
            None if target is None else float(target),
            retention,
            cost,
        )


_lock = threading.Lock()
_exported: dict[str, ExperimentMetrics] = {}
_phases_seen: dict[str, frozenset[str]] = {}


def _export(item: ExperimentMetrics, phases: Iterable[str]) -> None:
    """Remember what to show for one experiment; the scrape (`_ExperimentCollector`) reads it."""
    _exported[item.name] = item
    seen = _phases_seen.get(item.name, frozenset())
    if item.phase not in seen or not seen.issuperset(phases):
        _phases_seen[item.name] = seen | {item.phase} | set(phases)


def _forget(name: str) -> None:
    _exported.pop(name, None)
    _phases_seen.pop(name, None)


class _ExperimentCollector(Collector):
    """The experiment gauges, built at scrape time from what the reconciler last exported.

    Rather than one `Gauge` child per label set kept up to date on every tick: the first tick with
    thousands of experiments would create and validate tens of thousands of children, and only a
    scrape needs them.
    """

    def collect(self) -> Iterator[GaugeMetricFamily]:
        with _lock:
            items = list(_exported.values())
            seen = dict(_phases_seen)
        phase = GaugeMetricFamily(
            "phoenix_experiment_phase",
            "Current phase of each experiment (1 = current, 0 = other phases)",
            labels=["experiment", "phase"],
        )
        reduction = GaugeMetricFamily(
            "phoenix_pipeline_cardinality_reduction_ratio",
            "Cardinality reduction of the candidate: 1 - candidate/baseline mean output series (0-1)",
            labels=["experiment"],
        )
        target = GaugeMetricFamily(
            "phoenix_pipeline_cardinality_reduction_target_ratio",
            "The experiment's success criterion min_cardinality_reduction (0-1)",
            labels=["experiment"],
        )
        retention = GaugeMetricFamily(
            "phoenix_pipeline_critical_retention_ratio",
            "Worst per-interval share of critical processes on the hosts still present in the variant's output (0-1)",
            labels=["experiment", "variant"],
        )
        cost = GaugeMetricFamily(
            "phoenix_pipeline_estimated_monthly_cost_usd",
            "Estimated backend cost of the variant's output per month (hourly x 730) at the configured pricing",
            labels=["experiment", "variant"],
        )
        for item in items:
            for name in sorted(seen.get(item.name, ())):
                phase.add_metric([item.name, name], 1.0 if name == item.phase else 0.0)
            if item.cardinality_reduction is not None:
                reduction.add_metric([item.name], item.cardinality_reduction)
            if item.reduction_target is not None:
                target.add_metric([item.name], item.reduction_target)
            for variant, value in item.critical_retention.items():
                retention.add_metric([item.name, variant], value)
            for variant, value in item.monthly_cost_usd.items():
                cost.add_metric([item.name, variant], value)
        yield from (phase, reduction, target, retention, cost)

    def describe(self) -> Iterator[GaugeMetricFamily]:
        return iter(())  # no fixed samples: the registry calls `collect` only at scrape time


REGISTRY.register(_ExperimentCollector())


def update_from_experiment(
    name: str, phase: str, analysis: Mapping[str, Any] | None = None, *, phases: Iterable[str] = ()
) -> None:
    """Export one experiment's phase and, with `analysis`, its KPIs; `phases` lists every phase to show as 0.

    Without `analysis` the KPIs exported before are kept: a phase change does not erase them.
    """
    with _lock:
        previous = _exported.get(name)
        if analysis is None and previous is not None:
            _export(dataclasses.replace(previous, phase=phase), phases)
        else:
            _export(ExperimentMetrics.from_analysis(name, phase, analysis), phases)


def sync_experiments(items: Iterable[ExperimentMetrics], *, phases: Iterable[str] = ()) -> None:
    """Export exactly `items`: experiments exported before and absent now are removed."""
    wanted = {item.name: item for item in items}
    all_phases = set(phases)
    with _lock:
        for name in set(_exported) - set(wanted):
            _forget(name)
        for item in wanted.values():
            _export(item, all_phases)


def forget_experiment(name: str) -> None:
    """Stop exporting an experiment (deleted, or no longer this replica's business)."""
    with _lock:
        _forget(name)


def clear_experiments() -> None:
    """Stop exporting every experiment (this replica lost the leadership)."""
    with _lock:
        for name in list(_exported):
            _forget(name)


def record_job_error(job: str) -> None:
    """Count one failed run of background job `job` (e.g. `reconciler`, `sampler`, `drift`)."""
    JOB_ERRORS.labels(job).inc()
