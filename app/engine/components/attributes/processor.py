"""`attributes` processor, metrics signal: attribute actions on datapoints, never on resources.

For metrics it applies its `actions` to the attributes of every datapoint and never to the resource
(contrib `processor/attributesprocessor/README.md`: it modifies span, log and datapoint attributes;
resource attributes are the `resource` processor's job); its optional
`include`/`exclude` select metrics by `metric_names` (strict, or unanchored regexp) and by
`resources` attributes; the span- and log-only match fields do not apply to metrics.
"""

from __future__ import annotations

from app.engine.components.attraction.actions import AttributeActions
from app.engine.components.attributes.config import AttributesConfig, MatchProperties
from app.engine.components.matching import MetricMatcher
from app.engine.errors import EngineUnsupported
from app.engine.pdata import MetricsBatch


def _matcher(component_id: str, props: MatchProperties | None) -> MetricMatcher | None:
    """The metric selection of `include`/`exclude`; the span- and log-only fields do not apply."""
    if props is None:
        return None
    unsupported = [f for f in ("attributes", "libraries") if getattr(props, f)]
    if unsupported:
        raise EngineUnsupported(
            f"include/exclude by {', '.join(unsupported)} is not supported for metrics", component_id
        )
    return MetricMatcher(
        component_id,
        regexp=props.match_type == "regexp",
        names=props.metric_names or [],
        resources=[(r.get("key"), r.get("value")) for r in props.resources or []],
    )


class AttributesProcessor:
    def __init__(self, component_id: str, config: AttributesConfig) -> None:
        self.component_id = component_id
        self.actions = AttributeActions(list(config.actions))
        self.include = _matcher(component_id, config.include)
        self.exclude = _matcher(component_id, config.exclude)

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
