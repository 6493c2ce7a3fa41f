"""A snapshot: the process metrics of one host at one instant, the input of every preview.

It is what the process scraper emitted in one scrape (a `MetricsBatch`), plus where and when it was
taken and by what (`live` scrape of this host, `synthetic` from a load profile, or loaded from a
`file`). Snapshots are saved as JSON with the batch in OTLP-JSON, so a snapshot taken on one host
can be previewed anywhere. A live snapshot is the second of two scrapes a moment apart, because
the scraper only emits `process.cpu.utilization` for processes it has seen before.
"""

from __future__ import annotations

import json
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from app.engine.pdata import MetricsBatch
from app.engine.scraper.process_scraper import ProcessScraper
from app.engine.scraper.settings import ScraperSettings

Source = Literal["live", "synthetic", "file"]
FORMAT_VERSION = 1


@dataclass
class Snapshot:
    batch: MetricsBatch
    host: str
    taken_at: float  # Unix seconds
    source: Source
    metadata: dict[str, Any] = field(default_factory=dict)

    def process_count(self) -> int:
        return len(self.batch.resource_metrics)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "host": self.host,
            "taken_at": self.taken_at,
            "source": self.source,
            "metadata": self.metadata,
            "metrics": self.batch.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Snapshot:
        if not isinstance(data, dict) or "metrics" not in data:
            raise ValueError("not a Phoenix snapshot: expected an object with 'metrics' (OTLP-JSON)")
        if int(data.get("format", FORMAT_VERSION)) > FORMAT_VERSION:
            raise ValueError(f"snapshot format {data.get('format')} is newer than this Phoenix understands")
        source = data.get("source", "file")
        return cls(
            batch=MetricsBatch.from_dict(data["metrics"]),
            host=str(data.get("host") or "unknown"),
            taken_at=float(data.get("taken_at") or 0.0),
            source=source if source in ("live", "synthetic", "file") else "file",
            metadata=dict(data.get("metadata") or {}),
        )

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), separators=(",", ":")))

    @classmethod
    def load(cls, path: str | Path) -> Snapshot:
        snapshot = cls.from_dict(json.loads(Path(path).read_text()))
        snapshot.metadata.setdefault("loaded_from", str(path))
        return snapshot


def take_live_snapshot(
    settings: ScraperSettings | None = None, *, settle_s: float = 1.0, scraper: ProcessScraper | None = None
) -> Snapshot:
    """Scrape this host: a priming scrape, `settle_s` seconds, then the scrape that is kept.

    Pass a long-lived `scraper` to reuse its previous reading instead of priming again.
    """
    if scraper is None:
        scraper = ProcessScraper(settings or ScraperSettings.for_snapshot())
    if not scraper.builder.tracker.known_pids():
        scraper.scrape()
        time.sleep(max(0.0, settle_s))
    result = scraper.scrape()
    return Snapshot(
        batch=result.batch,
        host=socket.gethostname(),
        taken_at=time.time(),
        source="live",
        metadata={"scrape": result.report.to_dict(), "logical_cpus": scraper.builder.tracker.logical_cpus},
    )
