"""`memory_limiter` processor: config.py; the engine passes payloads through."""

from __future__ import annotations

from app.engine.components.memory_limiter.config import MemoryLimiterConfig
from app.engine.components.processing import PassThrough
from app.engine.components.spec import ALL_SIGNALS, CORE, ComponentSpec

COMPONENT = ComponentSpec(
    "processor",
    "memory_limiter",
    "Refuses data above a memory limit; put it first.",
    MemoryLimiterConfig,
    f"{CORE}/processor/memorylimiterprocessor/README.md",
    ALL_SIGNALS,
    {"check_interval": "1s", "limit_percentage": 80, "spike_limit_percentage": 20},
    stability={"traces": "beta", "metrics": "beta", "logs": "beta"},
    processor=PassThrough,
)
