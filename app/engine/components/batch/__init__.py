"""`batch` processor: config.py; the engine passes payloads through."""

from __future__ import annotations

from app.engine.components.batch.config import BatchConfig
from app.engine.components.processing import PassThrough
from app.engine.components.spec import ALL_SIGNALS, CORE, ComponentSpec

COMPONENT = ComponentSpec(
    "processor",
    "batch",
    "Batches data before export; put it last.",
    BatchConfig,
    f"{CORE}/processor/batchprocessor/README.md",
    ALL_SIGNALS,
    {"timeout": "5s", "send_batch_size": 8192},
    stability={"traces": "beta", "metrics": "beta", "logs": "beta"},
    processor=PassThrough,
)
