"""`groupbyattrs` processor: config.py, processor.py (metrics signal)."""

from __future__ import annotations

from app.engine.components.groupbyattrs.config import GroupByAttrsConfig
from app.engine.components.groupbyattrs.processor import GroupByAttrsProcessor
from app.engine.components.spec import ALL_SIGNALS, CONTRIB, ComponentSpec

COMPONENT = ComponentSpec(
    "processor",
    "groupbyattrs",
    "Regroups records under matching resources; compacts.",
    GroupByAttrsConfig,
    f"{CONTRIB}/processor/groupbyattrsprocessor/README.md",
    ALL_SIGNALS,
    {"keys": []},
    stability={"traces": "beta", "metrics": "beta", "logs": "beta"},
    processor=GroupByAttrsProcessor,
)
