"""`file` exporter: config.py; in the engine, a sink that records what it receives."""

from __future__ import annotations

from app.engine.components.file.config import FileConfig
from app.engine.components.spec import ALL_SIGNALS, CONTRIB, ComponentSpec

COMPONENT = ComponentSpec(
    "exporter",
    "file",
    "Writes telemetry to a local file as OTLP JSON or protobuf.",
    FileConfig,
    f"{CONTRIB}/exporter/fileexporter/README.md",
    ALL_SIGNALS,
    {"path": "./metrics.json"},
    stability={"traces": "alpha", "metrics": "alpha", "logs": "alpha"},
)
