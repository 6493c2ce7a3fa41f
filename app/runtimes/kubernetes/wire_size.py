"""OTLP bytes per data point of a variant's output, rebuilt from the label sets Prometheus holds.

Why not a flat bytes-per-point constant: in OTLP the resource attributes (pid, command line, owner,
...) travel once per resource, not once per point, and roll-ups remove exactly those, so a flat
figure would hide most of what a per-GB bill saves (see `app.engine.otlp_size`). Prometheus cannot
measure label lengths in PromQL, so the KPI source fetches the output series of one host and this
module turns their labels back into the OTLP shape the collector would send, then sizes it with
the engine's one encoder-size definition (`request_size`):

- a label is a point attribute if the process scraper declares it for that metric (`state`,
  `direction`, `type`); `otel_scope_*` labels name the scope; the scrape target's own labels
  (`job`, `instance`, pod labels, ...; read from `up`) are dropped; every other non-empty label
  is a resource attribute (`process_pid` and `process.pid` have the same length, and pids are
  sized as integers as the scraper emits them);
- metric name, unit and description are the pinned scraper's (`app.engine.collector`), found by
  the name the Prometheus exporter gives each metric (`prometheus_name`); an unknown name is sized
  with its Prometheus name and no description;
- every point has both timestamps and an 8-byte value, as the scraper's points do.

The result is bytes per point of that host's output; fleet bytes per minute = fleet points per
minute x that figure. Label *names* on the wire are the dotted OTLP keys, whose length equals the
Prometheus label's; a resource attribute a pipeline adds and Prometheus never sees is not counted.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from app.engine.collector import CONTRIB_VERSION, PROCESS_METRICS, PROCESS_SCRAPER_SCOPE, ScraperMetric
from app.engine.otlp_size import request_size
from app.engine.pdata import Metric, MetricsBatch, NumberDataPoint, Resource, ResourceMetrics, ScopeMetrics

SCOPE_LABELS = ("otel_scope_name", "otel_scope_version", "otel_scope_schema_url")
INTEGER_LABELS = frozenset({"process_pid", "process_parent_pid"})
_UNIT_SUFFIX = {"s": "seconds", "By": "bytes"}


def prometheus_name(metric: ScraperMetric) -> str:
    """The name the contrib `prometheus` exporter (default `add_metric_suffixes: true`) gives `metric`.

    Unit suffix unless the name already has that word (`{...}` annotation units add nothing), `_ratio`
    for unit "1" gauges, `_total` for monotonic sums: `process.cpu.time` -> `process_cpu_time_seconds_total`.
    """
    tokens = metric.name.replace(".", "_").split("_")
    unit = _UNIT_SUFFIX.get(metric.unit)
    if unit and unit not in tokens:
        tokens.append(unit)
    if metric.type == "sum" and metric.monotonic:
        tokens = [t for t in tokens if t != "total"] + ["total"]
    if metric.unit == "1" and metric.type == "gauge":
        tokens = [t for t in tokens if t != "ratio"] + ["ratio"]
    return "_".join(tokens)


BY_PROMETHEUS_NAME: dict[str, ScraperMetric] = {prometheus_name(m): m for m in PROCESS_METRICS.values()}


def _value(label: str, text: str) -> int | str:
    return int(text) if label in INTEGER_LABELS and text.isdigit() else text


def _metric(prom_name: str, spec: ScraperMetric | None) -> Metric:
    if spec is None:
        return Metric(name=prom_name)
    return Metric(
        name=spec.name,
        description=spec.description,
        unit=spec.unit,
        type=spec.type,
        is_monotonic=spec.monotonic,
        aggregation_temporality="cumulative" if spec.type == "sum" else "unspecified",
    )


def batch_from_series(series: Iterable[Mapping[str, str]], target_labels: Collection[str] = ()) -> MetricsBatch:
    """The OTLP batch whose Prometheus exposition is `series` (label sets with `__name__`)."""
    resources: dict[tuple, tuple[Resource, dict[tuple[str, str], dict[str, Metric]]]] = {}
    dropped = {"__name__", *SCOPE_LABELS, *target_labels}
    for labels in series:
        prom_name = labels.get("__name__", "")
        spec = BY_PROMETHEUS_NAME.get(prom_name)
        point_keys = set(spec.attributes) if spec else set()
        attributes = {
            k: _value(k, v) for k, v in sorted(labels.items()) if v != "" and k not in dropped and k not in point_keys
        }
        point = {k: labels[k] for k in sorted(point_keys) if labels.get(k)}
        scope = (
            labels.get("otel_scope_name") or PROCESS_SCRAPER_SCOPE,
            labels.get("otel_scope_version") or CONTRIB_VERSION,
        )
        key = tuple(attributes.items())
        _, scopes = resources.setdefault(key, (Resource(attributes), {}))
        metrics = scopes.setdefault(scope, {})
        if prom_name not in metrics:
            metrics[prom_name] = _metric(prom_name, spec)
        metric = metrics[prom_name]
        metric.data_points.append(NumberDataPoint(point, start_time_unix_nano=1, time_unix_nano=1, value=0.0))
    return MetricsBatch(
        [
            ResourceMetrics(
                resource,
                [
                    ScopeMetrics(scope_name=name, scope_version=version, metrics=list(metrics.values()))
                    for (name, version), metrics in scopes.items()
                ],
            )
            for resource, scopes in resources.values()
        ]
    )


def bytes_per_data_point(series: Iterable[Mapping[str, str]], target_labels: Collection[str] = ()) -> float | None:
    """Uncompressed OTLP bytes per point of the output whose series are `series` (None if there are none)."""
    batch = batch_from_series(series, target_labels)
    points = batch.data_point_count()
    return request_size(batch) / points if points else None
