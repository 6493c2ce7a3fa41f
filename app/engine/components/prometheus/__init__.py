"""`prometheus` exporter: config.py; in the engine, a sink that records what it receives."""

from __future__ import annotations

from app.engine.components.prometheus.config import PrometheusConfig
from app.engine.components.spec import CONTRIB, ComponentSpec

COMPONENT = ComponentSpec(
    "exporter",
    "prometheus",
    "Serves metrics for Prometheus to scrape.",
    PrometheusConfig,
    f"{CONTRIB}/exporter/prometheusexporter/README.md",
    ("metrics",),
    {"endpoint": "0.0.0.0:8889", "resource_to_telemetry_conversion": {"enabled": True}},
    stability={"metrics": "beta"},
)
