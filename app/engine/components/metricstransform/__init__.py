"""`metrics_transform` (formerly `metricstransform`) processor: config.py, processor.py."""

from __future__ import annotations

from app.engine.components.metricstransform.config import MetricsTransformConfig
from app.engine.components.metricstransform.processor import MetricsTransformProcessor
from app.engine.components.spec import CONTRIB, ComponentSpec

COMPONENT = ComponentSpec(
    "processor",
    "metrics_transform",
    "Renames metrics/labels, aggregates within a metric.",
    MetricsTransformConfig,
    f"{CONTRIB}/processor/metricstransformprocessor/README.md",
    ("metrics",),
    {
        "transforms": [
            {
                "include": "process.cpu.time",
                "action": "update",
                "operations": [{"action": "aggregate_labels", "label_set": ["state"], "aggregation_type": "sum"}],
            }
        ]
    },
    aliases=("metricstransform",),
    stability={"metrics": "beta"},
    processor=MetricsTransformProcessor,
)
