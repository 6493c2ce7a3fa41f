"""`attributes` processor, metrics signal: attribute actions on datapoints, never on resources.

For metrics it applies its `actions` to the attributes of every datapoint and never to the resource
(contrib `processor/attributesprocessor/README.md`: it modifies span, log and datapoint attributes;
resource attributes are the `resource` processor's job). Its optional `include`/`exclude` select
metrics as the 0.159 collector builds them for metrics (`filterconfig.CreateMetricMatchPropertiesFromDefault`,
then `filtermetric.NewSkipExpr`): by `metric_names` only, strict or an unanchored regexp. `resources`
is accepted but not matched (only the alpha gate `filter.filtermetric.useOTTLBridge` would match
it), and a block with neither names nor resources, or with a span- or log-only field, makes the
collector refuse the processor when it starts.
"""

from __future__ import annotations

from app.engine.components.attraction.actions import AttributeActions
from app.engine.components.attributes.config import AttributesConfig, MatchProperties
from app.engine.components.matching import StringFilter
from app.engine.errors import EngineError
from app.engine.pdata import MetricsBatch

_SPAN_AND_LOG_FIELDS = (
    "services",
    "span_names",
    "span_kinds",
    "log_bodies",
    "log_severity_texts",
    "attributes",
    "libraries",
)


def _metric_names(component_id: str, props: MatchProperties | None) -> StringFilter | None:
    """The names an `include`/`exclude` block selects, or None when it selects by name nothing."""
    if props is None:
        return None
    wrong = [f for f in _SPAN_AND_LOG_FIELDS if getattr(props, f)]
    if props.log_severity_number is not None:
        wrong.append("log_severity_number")
    if wrong:
        raise EngineError(f"include/exclude by {', '.join(wrong)} does not apply to metrics", component_id)
    if not props.metric_names and not props.resources:
        raise EngineError("include/exclude for metrics needs metric_names or resources", component_id)
    if not props.metric_names:
        return None  # resources alone: the collector matches every metric
    return StringFilter(props.metric_names, regexp=props.match_type == "regexp", component_id=component_id)


class AttributesProcessor:
    def __init__(self, component_id: str, config: AttributesConfig) -> None:
        self.component_id = component_id
        self.actions = AttributeActions(list(config.actions))
        self.include = _metric_names(component_id, config.include)
        self.exclude = _metric_names(component_id, config.exclude)

    def process(self, batch: MetricsBatch) -> MetricsBatch:
        for rm in batch.resource_metrics:
            for sm in rm.scope_metrics:
                for metric in sm.metrics:
                    if self.include is not None and not self.include.matches(metric.name):
                        continue
                    if self.exclude is not None and self.exclude.matches(metric.name):
                        continue
                    for dp in metric.data_points:
                        self.actions.apply(dp.attributes)
        return batch
