"""`otlp` receiver: config.py only; the engine does not run it (its pipelines take hostmetrics only)."""

from __future__ import annotations

from app.engine.components.otlp_receiver.config import OtlpReceiverConfig
from app.engine.components.spec import ALL_SIGNALS, CORE, ComponentSpec

COMPONENT = ComponentSpec(
    "receiver",
    "otlp",
    "Receives OTLP over gRPC (4317) and/or HTTP (4318).",
    OtlpReceiverConfig,
    f"{CORE}/receiver/otlpreceiver/README.md",
    ALL_SIGNALS,
    {"protocols": {"grpc": {"endpoint": "localhost:4317"}}},
    stability={"traces": "stable", "metrics": "stable", "logs": "stable"},
)
