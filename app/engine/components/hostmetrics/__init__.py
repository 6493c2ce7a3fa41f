"""`host_metrics` (formerly `hostmetrics`) receiver: config.py; the engine's scraper is `app.engine.scraper`."""

from __future__ import annotations

from app.engine.components.hostmetrics.config import HostmetricsConfig
from app.engine.components.spec import CONTRIB, ComponentSpec

COMPONENT = ComponentSpec(
    "receiver",
    "host_metrics",
    "Host metrics; the process scraper emits one resource per process.",
    HostmetricsConfig,
    f"{CONTRIB}/receiver/hostmetricsreceiver/README.md",
    ("metrics", "logs"),  # logs: development stability in the pinned release; the collector loads it
    {
        "collection_interval": "10s",
        "scrapers": {
            "process": {"mute_process_all_errors": True, "metrics": {"process.cpu.utilization": {"enabled": True}}}
        },
    },
    aliases=("hostmetrics",),
    stability={"metrics": "beta", "logs": "development"},
)
