"""`metricstransform` processor: rename metrics, edit labels, aggregate within one metric.

Mirrors `metrics_transform_processor_otlp.go` per resource and scope ("This ONLY supports
renames/aggregations within individual metrics", README). A transform selects metrics by
`include` (strict name, or regexp with `$1`-style expansion in `new_name`) and optionally by
`experimental_match_labels` on datapoints. `update` edits matching metrics in place; when only some
datapoints match the labels, only label edits, type toggles and scaling apply to those points
(renaming and aggregation need every point to match). `insert` appends an edited copy (of the
matching points only). `group` moves matching metrics to a new resource carrying
`group_resource_labels`. Aggregations (`aggregate_labels`, `aggregate_label_values`) merge points
with equal kept attributes and timestamp, like `aggregate_on_attributes`. A metric left without
points is removed. `combine` is not supported locally (EngineUnsupported).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.engine import regexp
from app.engine.components.metricstransform.config import MetricsTransformConfig, Operation, Transform
from app.engine.components.processing import compile_regexp, prune_empty
from app.engine.errors import EngineUnsupported
from app.engine.ottl import OttlRuntimeError
from app.engine.ottl.metric_functions import aggregate_on_attributes
from app.engine.pdata import Metric, MetricsBatch, NumberDataPoint, Resource, ResourceMetrics, ScopeMetrics
from app.engine.pdata import copy_attributes as _copy


class _Selector:
    """`include` + `match_type` + `experimental_match_labels` of one transform."""

    def __init__(self, transform: Transform) -> None:
        self.regexp = compile_regexp(transform.include) if transform.match_type == "regexp" else None
        self.name = transform.include
        labels = transform.experimental_match_labels or {}
        if self.regexp is not None:
            self.labels: dict[str, Callable[[str], bool]] = {
                k: (lambda v, r=compile_regexp(p): r.matches(v)) for k, p in labels.items()
            }
        else:
            self.labels = {k: (lambda v, p=p: v == p) for k, p in labels.items()}

    def name_match(self, metric: Metric) -> regexp.Match | bool | None:
        if self.regexp is not None:
            return self.regexp.search(metric.name)
        return metric.name == self.name

    def attrs_match(self, attributes: dict[str, Any]) -> bool:
        for key, matches in self.labels.items():
            value = attributes.get(key)
            if not matches(value if isinstance(value, str) else ""):  # pcommon Value.Str(): "" if absent/not str
                return False
        return True

    def new_name(self, template: str, metric: Metric) -> str:
        match = self.name_match(metric)
        if isinstance(match, regexp.Match):
            expanded = regexp.expand(template, match)
            return expanded or template
        return template


class MetricsTransformProcessor:
    def __init__(self, component_id: str, config: MetricsTransformConfig) -> None:
        self.component_id = component_id
        self.transforms = []
        for transform in config.transforms:
            if transform.action == "combine":
                raise EngineUnsupported("action combine is not supported", component_id)
            self.transforms.append((transform, _Selector(transform)))

    def process(self, batch: MetricsBatch) -> MetricsBatch:
        grouped: list[ResourceMetrics] = []
        for rm in batch.resource_metrics:
            for sm in rm.scope_metrics:
                for transform, selector in self.transforms:
                    if transform.action == "group":
                        grouped += self._group(rm, sm, transform, selector)
                    elif transform.action == "insert":
                        for metric in list(sm.metrics):
                            copy = self._extract(metric, selector)
                            if copy is not None and self._transform(copy, transform, selector, True):
                                sm.metrics.append(copy)
                    else:  # update
                        kept = []
                        for metric in sm.metrics:
                            selected = selector.name_match(metric) and self._any_point(metric, selector)
                            if not selected or self._transform(
                                metric, transform, selector, self._all_points(metric, selector)
                            ):
                                kept.append(metric)
                        sm.metrics = kept
        batch.resource_metrics.extend(g for g in grouped if g.scope_metrics[0].metrics)
        return prune_empty(batch)

    @staticmethod
    def _any_point(metric: Metric, selector: _Selector) -> bool:
        return not metric.data_points or any(selector.attrs_match(dp.attributes) for dp in metric.data_points)

    @staticmethod
    def _all_points(metric: Metric, selector: _Selector) -> bool:
        return all(selector.attrs_match(dp.attributes) for dp in metric.data_points)

    def _extract(self, metric: Metric, selector: _Selector) -> Metric | None:
        """A copy of the metric with its label-matching points, or None if nothing matches."""
        if not selector.name_match(metric):
            return None
        copy = metric.deep_copy()
        copy.data_points = [dp for dp in copy.data_points if selector.attrs_match(dp.attributes)]
        return copy if copy.data_points or not metric.data_points else None

    def _group(
        self, rm: ResourceMetrics, sm: ScopeMetrics, transform: Transform, selector: _Selector
    ) -> list[ResourceMetrics]:
        moved = []
        for metric in list(sm.metrics):
            extracted = self._extract(metric, selector)
            if extracted is None:
                continue
            moved.append(extracted)
            left = [dp for dp in metric.data_points if not selector.attrs_match(dp.attributes)]
            if left:
                metric.data_points = left
            else:
                sm.metrics.remove(metric)
        attributes = {**_copy(rm.resource.attributes), **(transform.group_resource_labels or {})}
        scope = ScopeMetrics(sm.scope_name, sm.scope_version, _copy(sm.scope_attributes), moved)
        return [ResourceMetrics(Resource(attributes), [scope])]

    def _transform(self, metric: Metric, transform: Transform, selector: _Selector, can_change: bool) -> bool:
        """Apply new_name and operations; False if the metric lost all its points."""
        was_empty = not metric.data_points
        if transform.new_name and can_change:
            metric.name = selector.new_name(transform.new_name, metric)
        for op in transform.operations or []:
            if op.action == "update_label":
                _update_label(metric, op, selector)
            elif op.action == "toggle_scalar_data_type":
                for dp in self._points(metric, selector):
                    dp.value = float(dp.value) if type(dp.value) is int else int(dp.value)
            elif op.action == "experimental_scale_value":
                factor = op.experimental_scale or 0.0
                for dp in self._points(metric, selector):
                    dp.value = dp.value * factor if type(dp.value) is float else int(dp.value * factor)
            elif not can_change:
                continue
            elif op.action == "add_label":
                for dp in metric.data_points:
                    dp.attributes.setdefault(op.new_label, op.new_value)
            elif op.action == "delete_label_value":
                metric.data_points = [dp for dp in metric.data_points if dp.attributes.get(op.label) != op.label_value]
            elif op.action == "aggregate_labels":
                self._aggregate(metric, op.aggregation_type, list(op.label_set or []))
            elif op.action == "aggregate_label_values":
                values = set(op.aggregated_values or [])
                for dp in metric.data_points:
                    if dp.attributes.get(op.label) in values:
                        dp.attributes[op.label] = op.new_value
                self._aggregate(metric, op.aggregation_type, None)
        return was_empty or bool(metric.data_points)

    def _points(self, metric: Metric, selector: _Selector) -> list[NumberDataPoint]:
        if metric.type not in ("gauge", "sum"):
            raise EngineUnsupported(f"value operations on {metric.type} metrics are not supported", self.component_id)
        return [dp for dp in metric.data_points if selector.attrs_match(dp.attributes)]  # type: ignore[misc]

    def _aggregate(self, metric: Metric, function: str | None, keep: list[str] | None) -> None:
        try:
            aggregate_on_attributes(metric, function or "sum", keep)
        except OttlRuntimeError as exc:
            raise EngineUnsupported(str(exc), self.component_id) from None


def _update_label(metric: Metric, op: Operation, selector: _Selector) -> None:
    mapping = {a.value: a.new_value for a in op.value_actions or []}
    for dp in metric.data_points:
        attributes = dp.attributes
        if not selector.attrs_match(attributes) or op.label not in attributes:
            continue
        key, value = op.label, attributes[op.label]
        if op.new_label:
            del attributes[key]
            attributes[op.new_label] = value
            key = op.new_label
        if isinstance(value, str) and value in mapping:
            attributes[key] = mapping[value]
