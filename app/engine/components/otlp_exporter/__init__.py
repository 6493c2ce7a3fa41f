"""`otlp_grpc` (formerly `otlp`) exporter: config.py; in the engine, a sink that records what it receives."""

from __future__ import annotations

from app.engine.components.otlp_exporter.config import OtlpExporterConfig
from app.engine.components.spec import ALL_SIGNALS, CORE, ComponentSpec

COMPONENT = ComponentSpec(
    "exporter",
    "otlp_grpc",
    "Sends OTLP over gRPC to a backend.",
    OtlpExporterConfig,
    f"{CORE}/exporter/otlpexporter/README.md",
    ALL_SIGNALS,
    {"endpoint": "otlp.example.com:4317", "headers": {"api-key": "${env:OTLP_API_KEY}"}},
    aliases=("otlp",),
    stability={"traces": "stable", "metrics": "stable", "logs": "stable"},
)
