"""`attributes` processor, metrics signal: attribute actions on datapoints, never on resources.

For metrics it applies its `actions` to the attributes of every datapoint and never to the resource
(contrib `processor/attributesprocessor/README.md`: it modifies span, log and datapoint attributes;
resource attributes are the `resource` processor's job); its optional
`include`/`exclude` select metrics by `metric_names` (strict, or unanchored regexp) and by
`resources` attributes; the span- and log-only match fields do not apply to metrics.
"""

from __future__ import annotations

from app.engine.components.attributes.config import AttributesConfig, MatchProperties
from app.engine.errors import EngineUnsupported
from app.engine.pdata import Metric, MetricsBatch, ResourceMetrics
from app.engine.processors.attraction import AttributeActions
from app.engine.processors.base import compile_regexp


class _MetricMatch:
    def __init__(self, component_id: str, props: MatchProperties) -> None:
        unsupported = [f for f in ("attributes", "libraries") if getattr(props, f)]
        if unsupported:
            raise EngineUnsupported(
                f"include/exclude by {', '.join(unsupported)} is not supported for metrics", component_id
            )
        self.regexp = props.match_type == "regexp"
        self.names = list(props.metric_names or [])
        self.resources = [(r.get("key"), r.get("value")) for r in props.resources or []]
        if self.regexp:
            for pattern in self.names + [v for _, v in self.resources if v is not None]:
                compile_regexp(str(pattern), component_id)

    def _match(self, pattern: object, value: object) -> bool:
        if self.regexp:
            return isinstance(value, str) and compile_regexp(str(pattern)).matches(value)
        return value == pattern

    def matches(self, rm: ResourceMetrics, metric: Metric) -> bool:
        if self.names and not any(self._match(n, metric.name) for n in self.names):
            return False
        attributes = rm.resource.attributes
        return all(k in attributes and (v is None or self._match(v, attributes[k])) for k, v in self.resources)


class AttributesProcessor:
    def __init__(self, component_id: str, config: AttributesConfig) -> None:
        self.component_id = component_id
        self.actions = AttributeActions(list(config.actions))
        self.include = _MetricMatch(component_id, config.include) if config.include else None
        self.exclude = _MetricMatch(component_id, config.exclude) if config.exclude else None

    def process(self, batch: MetricsBatch) -> MetricsBatch:
        for rm in batch.resource_metrics:
            for sm in rm.scope_metrics:
                for metric in sm.metrics:
                    if self.include is not None and not self.include.matches(rm, metric):
                        continue
                    if self.exclude is not None and self.exclude.matches(rm, metric):
                        continue
                    for dp in metric.data_points:
                        self.actions.apply(dp.attributes)
        return batch
