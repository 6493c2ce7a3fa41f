"""What a given receiver config would have emitted, cut out of a recorded snapshot.

A snapshot is recorded once with a superset scraper (every metric a template can use). Each
candidate pipeline has its own `scrapers.process` block; to compare them on the same instant the
engine narrows the snapshot per pipeline: processes the include/exclude filters or
`scrape_process_delay` would skip are removed, metrics and resource attributes the config turns
off are removed. Metrics the config turns on but the snapshot never recorded cannot be invented:
they are reported as warnings instead.
"""

from __future__ import annotations

from app.engine.collector import EXECUTABLE_NAME, PROCESS_RESOURCE_ATTRIBUTES
from app.engine.pdata import MetricsBatch, ResourceMetrics, ScopeMetrics, copy_attributes
from app.engine.scraper.settings import ScraperSettings


def receiver_view(snapshot: MetricsBatch, settings: ScraperSettings) -> tuple[MetricsBatch, list[str]]:
    """`snapshot` as the configured scraper would have emitted it, plus warnings.

    Resources and scopes are new, metrics are shared with the snapshot: treat the result as
    read-only and deep-copy it before processing (the executor does).
    """
    out = MetricsBatch()
    recorded: set[str] = set()
    dropped_attributes = {k for k in PROCESS_RESOURCE_ATTRIBUTES if k not in settings.resource_attributes}
    delay_ns = int(settings.scrape_process_delay_s * 1e9)
    for rm in snapshot.resource_metrics:
        name = rm.resource.attributes.get(EXECUTABLE_NAME)
        if isinstance(name, str) and not settings.wants(name):
            continue
        if delay_ns and _younger_than(rm, delay_ns):
            continue
        scopes = []
        for sm in rm.scope_metrics:
            metrics = []
            for metric in sm.metrics:
                recorded.add(metric.name)
                if metric.name.startswith("process.") and metric.name not in settings.metrics:
                    continue
                metrics.append(metric)
            if metrics:
                scopes.append(
                    ScopeMetrics(
                        sm.scope_name,
                        sm.scope_version,
                        copy_attributes(sm.scope_attributes),
                        metrics,
                        sm.schema_url,
                        sm.scope_dropped_attributes_count,
                    )
                )
        if not scopes:
            continue
        attributes = {k: v for k, v in copy_attributes(rm.resource.attributes).items() if k not in dropped_attributes}
        copy = ResourceMetrics(schema_url=rm.schema_url, scope_metrics=scopes)
        copy.resource.attributes = attributes
        out.resource_metrics.append(copy)
    missing = sorted(m for m in settings.metrics if m not in recorded)
    warnings = (
        [
            f"the snapshot does not record {m}, which this receiver enables; it is absent from the preview"
            for m in missing
            if m != "process.handles"
        ]
        if snapshot.resource_metrics
        else []
    )
    return out, warnings


def _younger_than(rm: ResourceMetrics, delay_ns: int) -> bool:
    for sm in rm.scope_metrics:
        for metric in sm.metrics:
            for dp in metric.data_points:
                return dp.time_unix_nano - dp.start_time_unix_nano < delay_ns
    return False
