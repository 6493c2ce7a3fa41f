"""`filter` processor, metrics signal, as of 0.128.0: conditions DROP what they match.

README "Configuration": "If any condition is met, the telemetry is dropped (each condition is ORed
together)". Metric conditions run first; a matching metric is removed whole and its datapoint
conditions are not evaluated. With datapoint conditions, a metric left without points is removed
(even one that had none to begin with, as `RemoveIf(... Len() == 0)` does); scopes and resources
left empty are removed. A condition that errors counts as not matched under `ignore`/`silent`;
under `propagate` the payload is dropped (`ignore` is the default since 0.153). The legacy
`include`/`exclude` blocks are supported for `strict`/`regexp` metric names and resource attributes; `expr` is not.
"""

from __future__ import annotations

from app.engine.collector import DEFAULT_ERROR_MODE
from app.engine.components.filter.config import FilterConfig, MetricMatchProperties
from app.engine.components.matching import MetricMatcher
from app.engine.components.processing import PayloadDropped, compile_ottl, prune_empty
from app.engine.errors import EngineUnsupported
from app.engine.ottl import ConditionSequence, OttlRuntimeError, TransformContext, compile_condition
from app.engine.pdata import MetricsBatch


def _matcher(component_id: str, props: MetricMatchProperties | None) -> MetricMatcher | None:
    """A legacy `metrics.include`/`exclude` block: metric names and resource attributes."""
    if props is None:
        return None
    if props.match_type == "expr" or props.expressions:
        raise EngineUnsupported("metric include/exclude with match_type expr is not supported", component_id)
    return MetricMatcher(
        component_id,
        regexp=props.match_type == "regexp",
        names=props.metric_names or [],
        resources=[(a.key, a.value) for a in props.resource_attributes or []],
    )


class FilterProcessor:
    def __init__(self, component_id: str, config: FilterConfig) -> None:
        self.component_id = component_id
        mode = config.error_mode or DEFAULT_ERROR_MODE
        metrics = config.metrics
        self.metric_conditions = self.datapoint_conditions = None
        self.include = self.exclude = None
        # Accepted by the 0.159 collector, not run by the engine: refuse rather than keep what it drops.
        if config.metric_conditions:
            raise EngineUnsupported("metric_conditions is not supported by the embedded engine", component_id)
        if metrics is not None and metrics.resource:
            raise EngineUnsupported("metrics.resource is not supported by the embedded engine", component_id)
        if metrics is None:
            return
        if metrics.metric:
            self.metric_conditions = ConditionSequence(
                [self._compile(text, "metric", i) for i, text in enumerate(metrics.metric)], mode
            )
        if metrics.datapoint:
            self.datapoint_conditions = ConditionSequence(
                [self._compile(text, "datapoint", i) for i, text in enumerate(metrics.datapoint)], mode
            )
        self.include = _matcher(component_id, metrics.include)
        self.exclude = _matcher(component_id, metrics.exclude)

    def _compile(self, text: str, context: str, index: int):  # type: ignore[no-untyped-def]
        where = f"metrics.{context}[{index}]"
        return compile_ottl(self.component_id, where, lambda: compile_condition(text, context, processor="filter"))

    def _drop_metric(self, tc: TransformContext) -> bool:
        metric, rm = tc.metric, tc.resource_metrics
        if self.include is not None and not self.include.matches(rm, metric):
            return True
        if self.exclude is not None and self.exclude.matches_either(rm, metric):
            return True
        if self.metric_conditions is not None and self.metric_conditions.eval(tc):
            return True
        if self.datapoint_conditions is None:
            return False
        kept = []
        for dp in metric.data_points:
            tc.datapoint, tc.cache = dp, None
            if not self.datapoint_conditions.eval(tc):
                kept.append(dp)
        metric.data_points = kept
        return not kept

    def process(self, batch: MetricsBatch) -> MetricsBatch:
        if not (self.metric_conditions or self.datapoint_conditions or self.include or self.exclude):
            return batch
        tc = TransformContext()
        try:
            for rm in batch.resource_metrics:
                tc.resource_metrics = rm
                for sm in rm.scope_metrics:
                    tc.scope_metrics, tc.metrics = sm, sm.metrics
                    kept = []
                    for metric in sm.metrics:
                        tc.metric, tc.datapoint, tc.cache = metric, None, None
                        if not self._drop_metric(tc):
                            kept.append(metric)
                    sm.metrics[:] = kept
        except OttlRuntimeError as exc:
            raise PayloadDropped(self.component_id, str(exc)) from None
        return prune_empty(batch)
