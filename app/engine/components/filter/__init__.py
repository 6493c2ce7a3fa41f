"""`filter` processor: config.py, processor.py (metrics signal)."""

from __future__ import annotations

from app.engine.components.filter.config import FilterConfig
from app.engine.components.filter.processor import FilterProcessor
from app.engine.components.spec import ALL_SIGNALS, CONTRIB, ComponentSpec

COMPONENT = ComponentSpec(
    "processor",
    "filter",
    "Drops metrics/datapoints matching any OTTL condition.",
    FilterConfig,
    f"{CONTRIB}/processor/filterprocessor/README.md",
    ALL_SIGNALS,
    {
        "error_mode": "ignore",
        "metrics": {"datapoint": ['metric.name == "process.cpu.utilization" and value_double < 0.01']},
    },
    stability={"traces": "alpha", "metrics": "alpha", "logs": "alpha"},
    processor=FilterProcessor,
)
