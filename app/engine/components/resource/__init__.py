"""`resource` processor: config.py, processor.py; its actions are `attraction`'s."""

from __future__ import annotations

from app.engine.components.resource.config import ResourceConfig
from app.engine.components.resource.processor import ResourceProcessor
from app.engine.components.spec import ALL_SIGNALS, CONTRIB, ComponentSpec

COMPONENT = ComponentSpec(
    "processor",
    "resource",
    "Inserts, updates or deletes resource attributes.",
    ResourceConfig,
    f"{CONTRIB}/processor/resourceprocessor/README.md",
    ALL_SIGNALS,
    {"attributes": [{"key": "phoenix.variant", "value": "candidate", "action": "upsert"}]},
    stability={"traces": "beta", "metrics": "beta", "logs": "beta"},
    processor=ResourceProcessor,
)
