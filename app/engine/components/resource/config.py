"""`resource` processor config (contrib `processor/resourceprocessor`): actions on resource attributes.

Phoenix uses it to stamp every output resource with `phoenix.variant` / `phoenix.experiment`
(`upsert`), which the Prometheus exporter then turns into labels.
"""

from __future__ import annotations

from pydantic import Field

from app.engine.components.attraction.config import AttributeAction
from app.engine.components.base import Introspectable
from app.engine.components.common import Strict


class ResourceConfig(Strict, Introspectable):
    attributes: list[AttributeAction] = Field(min_length=1)
