"""The live process scraper: this host's processes as the pinned hostmetrics process scraper sees them.

Compile once, scrape many times: the scraper keeps its metrics builder (and so the per-pid CPU
times behind `process.cpu.utilization`) between scrapes, as the collector's scraper does. Every
scrape returns the batch and a report of what was skipped and why; no process that vanishes or
denies access can make a scrape fail.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

import psutil

from app.engine.components.hostmetrics.config import HostmetricsConfig
from app.engine.pdata import MetricsBatch
from app.engine.scraper.builder import ProcessMetricsBuilder
from app.engine.scraper.psutil_reader import ProcessReader, Skipped, Vanished
from app.engine.scraper.samples import ProcessSample
from app.engine.scraper.settings import ScraperSettings

MAX_REPORTED_ERRORS = 50


@dataclass
class ScrapeReport:
    """What one scrape saw: counts of processes listed, emitted and skipped, and non-muted errors."""

    processes_listed: int = 0
    processes_emitted: int = 0
    vanished: int = 0
    access_denied: int = 0
    filtered_out: int = 0
    unnamed: int = 0
    too_young: int = 0
    errors: list[str] = field(default_factory=list)
    duration_s: float = 0.0

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class ScrapeResult:
    batch: MetricsBatch
    samples: list[ProcessSample]
    report: ScrapeReport


class ProcessScraper:
    """Scrapes this host's processes with psutil; reuse one instance across scrapes."""

    def __init__(
        self, settings: ScraperSettings, *, root_path: str | None = None, logical_cpus: int | None = None
    ) -> None:
        self.settings = settings
        self.procfs = os.path.join(root_path, "proc") if root_path else psutil.PROCFS_PATH
        self.builder = ProcessMetricsBuilder(settings, logical_cpus or psutil.cpu_count(logical=True) or 1)

    @classmethod
    def from_receiver(cls, config: HostmetricsConfig, **kwargs: object) -> ProcessScraper:
        """A scraper configured like the `scrapers.process` block of a hostmetrics receiver."""
        kwargs.setdefault("root_path", config.root_path or None)
        return cls(ScraperSettings.from_config(config.process_scraper()), **kwargs)  # type: ignore[arg-type]

    def scrape(self) -> ScrapeResult:
        started = time.perf_counter()
        report = ScrapeReport()
        reader = ProcessReader(self.settings, self.procfs)
        samples: list[ProcessSample] = []
        previous_procfs = psutil.PROCFS_PATH
        psutil.PROCFS_PATH = self.procfs
        try:
            pids = psutil.pids()
            report.processes_listed = len(pids)
            for pid in pids:
                try:
                    samples.append(reader.read(psutil.Process(pid)))
                except (Vanished, psutil.NoSuchProcess, psutil.ZombieProcess):
                    report.vanished += 1
                except psutil.AccessDenied:
                    report.access_denied += 1
                except Skipped as skipped:
                    if skipped.reason == "filtered":
                        report.filtered_out += 1
                    elif skipped.reason == "delay":
                        report.too_young += 1
                    else:
                        report.unnamed += 1
        finally:
            psutil.PROCFS_PATH = previous_procfs
        batch = self.builder.build(samples)
        report.processes_emitted = len(batch.resource_metrics)
        report.access_denied += reader.access_denied
        report.errors = reader.errors[:MAX_REPORTED_ERRORS]
        report.duration_s = time.perf_counter() - started
        return ScrapeResult(batch, samples, report)
