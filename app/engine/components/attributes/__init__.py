"""`attributes` processor: config.py, processor.py; its actions are `attraction`'s."""

from __future__ import annotations

from app.engine.components.attributes.config import AttributesConfig
from app.engine.components.attributes.processor import AttributesProcessor
from app.engine.components.spec import ALL_SIGNALS, CONTRIB, ComponentSpec

COMPONENT = ComponentSpec(
    "processor",
    "attributes",
    "Acts on record (datapoint) attributes, not on resources.",
    AttributesConfig,
    f"{CONTRIB}/processor/attributesprocessor/README.md",
    ALL_SIGNALS,
    {"actions": [{"key": "state", "action": "delete"}]},
    stability={"traces": "beta", "metrics": "beta", "logs": "beta"},
    processor=AttributesProcessor,
)
