"""`groupbyattrs` processor, metrics signal: regroup datapoints under resources, never sum.

Mirrors `processor.go`: for every datapoint, the `keys` present on it are moved from the point to
its resource; the point is copied under the output resource whose attributes equal (original
resource attributes + moved keys, moved keys winning), under the scope with the same name and
version, under the metric with the same name and type (created from the first one seen: its
description, unit, metadata, temporality, monotonicity). With `keys: []` this only compacts:
resources with identical attributes become one, and same-named metrics under them one metric
whose datapoints are appended (README "Compaction"). Output resources are new, so their
schema_url and dropped counts are not carried; metrics without datapoints disappear.
"""

from __future__ import annotations

from app.engine.components.groupbyattrs.config import GroupByAttrsConfig
from app.engine.pdata import (
    Metric,
    MetricsBatch,
    Resource,
    ResourceMetrics,
    ScopeMetrics,
    attributes_key,
    copy_attributes,
)


class GroupByAttrsProcessor:
    def __init__(self, component_id: str, config: GroupByAttrsConfig) -> None:
        self.component_id = component_id
        self.keys = list(config.keys)

    def process(self, batch: MetricsBatch) -> MetricsBatch:
        out = MetricsBatch()
        resources: dict[tuple, ResourceMetrics] = {}
        scopes: dict[tuple[int, str, str], ScopeMetrics] = {}
        metrics: dict[tuple[int, str, str], Metric] = {}
        for rm in batch.resource_metrics:
            base = rm.resource.attributes
            base_key = attributes_key(base)
            for sm in rm.scope_metrics:
                for metric in sm.metrics:
                    for dp in metric.data_points:
                        moved = {k: dp.attributes.pop(k) for k in self.keys if k in dp.attributes}
                        if moved:
                            reference = {**base, **moved}
                            key = attributes_key(reference)
                        else:
                            reference, key = base, base_key
                        target_rm = resources.get(key)
                        if target_rm is None:
                            target_rm = ResourceMetrics(Resource(copy_attributes(reference)))
                            resources[key] = target_rm
                            out.resource_metrics.append(target_rm)
                        scope_key = (id(target_rm), sm.scope_name, sm.scope_version)
                        target_sm = scopes.get(scope_key)
                        if target_sm is None:
                            target_sm = ScopeMetrics(
                                sm.scope_name,
                                sm.scope_version,
                                copy_attributes(sm.scope_attributes),
                                scope_dropped_attributes_count=sm.scope_dropped_attributes_count,
                            )
                            scopes[scope_key] = target_sm
                            target_rm.scope_metrics.append(target_sm)
                        metric_key = (id(target_sm), metric.name, metric.type)
                        target = metrics.get(metric_key)
                        if target is None:
                            target = Metric(
                                metric.name,
                                metric.description,
                                metric.unit,
                                metric.type,
                                metric.is_monotonic,
                                metric.aggregation_temporality,
                                [],
                                copy_attributes(metric.metadata),
                            )
                            metrics[metric_key] = target
                            target_sm.metrics.append(target)
                        target.data_points.append(dp)
        return out
