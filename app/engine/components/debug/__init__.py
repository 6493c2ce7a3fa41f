"""`debug` exporter: config.py; in the engine, a sink that records what it receives."""

from __future__ import annotations

from app.engine.components.debug.config import DebugConfig
from app.engine.components.spec import ALL_SIGNALS, CORE, ComponentSpec

COMPONENT = ComponentSpec(
    "exporter",
    "debug",
    "Writes telemetry to the collector log.",
    DebugConfig,
    f"{CORE}/exporter/debugexporter/README.md",
    ALL_SIGNALS,
    {"verbosity": "basic"},
    stability={"traces": "alpha", "metrics": "alpha", "logs": "alpha"},
)
