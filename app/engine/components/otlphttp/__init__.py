"""`otlp_http` (formerly `otlphttp`) exporter: config.py; in the engine, a sink that records what it receives."""

from __future__ import annotations

from app.engine.components.otlphttp.config import OtlpHttpConfig
from app.engine.components.spec import ALL_SIGNALS, CORE, ComponentSpec

COMPONENT = ComponentSpec(
    "exporter",
    "otlp_http",
    "Sends OTLP over HTTP to a backend.",
    OtlpHttpConfig,
    f"{CORE}/exporter/otlphttpexporter/README.md",
    ALL_SIGNALS,
    {"endpoint": "https://otlp.example.com:4318"},
    aliases=("otlphttp",),
    stability={"traces": "stable", "metrics": "stable", "logs": "stable"},
)
