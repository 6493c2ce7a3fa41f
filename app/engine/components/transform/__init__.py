"""`transform` processor: config.py, processor.py (metrics signal)."""

from __future__ import annotations

from app.engine.components.spec import ALL_SIGNALS, CONTRIB, ComponentSpec
from app.engine.components.transform.config import TransformConfig
from app.engine.components.transform.processor import TransformProcessor

COMPONENT = ComponentSpec(
    "processor",
    "transform",
    "Modifies telemetry with OTTL statements.",
    TransformConfig,
    f"{CONTRIB}/processor/transformprocessor/README.md",
    ALL_SIGNALS,
    {
        "error_mode": "ignore",
        "metric_statements": [
            {"context": "resource", "statements": ['delete_key(resource.attributes, "process.command_line")']}
        ],
    },
    stability={"traces": "beta", "metrics": "beta", "logs": "beta"},
    processor=TransformProcessor,
)
