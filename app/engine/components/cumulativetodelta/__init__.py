"""`cumulative_to_delta` (formerly `cumulativetodelta`) processor: config.py, processor.py."""

from __future__ import annotations

from app.engine.components.cumulativetodelta.config import CumulativeToDeltaConfig
from app.engine.components.cumulativetodelta.processor import CumulativeToDeltaProcessor
from app.engine.components.spec import CONTRIB, ComponentSpec

COMPONENT = ComponentSpec(
    "processor",
    "cumulative_to_delta",
    "Converts monotonic cumulative sums to delta.",
    CumulativeToDeltaConfig,
    f"{CONTRIB}/processor/cumulativetodeltaprocessor/README.md",
    ("metrics",),
    {"include": {"metrics": ["process.cpu.time"], "match_type": "strict"}, "max_staleness": "1h"},
    aliases=("cumulativetodelta",),
    stability={"metrics": "beta"},
    processor=CumulativeToDeltaProcessor,
)
