"""`resource_detection` (formerly `resourcedetection`) processor: config.py, processor.py."""

from __future__ import annotations

from app.engine.components.resourcedetection.config import ResourceDetectionConfig
from app.engine.components.resourcedetection.processor import ResourceDetectionProcessor
from app.engine.components.spec import ALL_SIGNALS, CONTRIB, ComponentSpec

COMPONENT = ComponentSpec(
    "processor",
    "resource_detection",
    "Adds host resource attributes (env, system detectors).",
    ResourceDetectionConfig,
    f"{CONTRIB}/processor/resourcedetectionprocessor/README.md",
    ALL_SIGNALS,
    {"detectors": ["env", "system"], "override": False},
    aliases=("resourcedetection",),
    stability={"traces": "beta", "metrics": "beta", "logs": "beta"},
    processor=ResourceDetectionProcessor,
)
