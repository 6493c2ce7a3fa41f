"""`resource` processor: attribute actions (insert/update/upsert/delete/hash/extract/convert) on every
resource's attributes, in the order listed (contrib `processor/resourceprocessor/README.md`).

Phoenix stamps `phoenix.variant`, `phoenix.experiment` and `phoenix.template` with it (`upsert`).
"""

from __future__ import annotations

from app.engine.components.attraction.actions import AttributeActions
from app.engine.components.resource.config import ResourceConfig
from app.engine.pdata import MetricsBatch


class ResourceProcessor:
    def __init__(self, component_id: str, config: ResourceConfig) -> None:
        self.component_id = component_id
        self.actions = AttributeActions(list(config.attributes))

    def process(self, batch: MetricsBatch) -> MetricsBatch:
        for rm in batch.resource_metrics:
            self.actions.apply(rm.resource.attributes)
        return batch
