"""The local runtime: variants run in the embedded engine against this host's live processes.

Every sampling interval it takes one live scrape and runs every applied variant on that same
snapshot, so baseline and candidate see exactly the same input and the comparison is exact. A
variant's overhead models what its collector would cost: the CPU seconds of the scrape (every real
collector scrapes for itself) plus the engine's CPU seconds running the variant's processors, and
the engine's peak Python memory while running it. State is
in memory: after a restart nothing is applied, `status` says `absent`, and the reconciler applies
again, which is why every method is idempotent.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from app.engine.kpis import compute_kpis
from app.engine.pipeline import CompiledPipeline, compile_pipeline
from app.engine.scraper.process_scraper import ProcessScraper
from app.engine.scraper.settings import ScraperSettings
from app.engine.snapshot import Snapshot, take_live_snapshot
from app.runtimes.base import OnThisHost, VariantDeployment, VariantSample, VariantStatus, config_hash

log = logging.getLogger(__name__)


@dataclass
class _Applied:
    config_hash: str
    pipeline: CompiledPipeline | None
    error: str | None = None


class LocalRuntime(OnThisHost):
    name = "local"

    def __init__(
        self, scraper: ProcessScraper | None = None, *, snapshots: Callable[[], Snapshot] | None = None
    ) -> None:
        """`snapshots` replaces the live scrape (e.g. `app.simulation.snapshots.SimulatedHost.snapshot`)."""
        self._applied: dict[str, _Applied] = {}
        self._scraper = scraper or ProcessScraper(ScraperSettings.for_snapshot())
        self._snapshots = snapshots or (lambda: take_live_snapshot(scraper=self._scraper))
        self._sample_lock = asyncio.Lock()

    async def apply(self, variant: VariantDeployment) -> None:
        digest = config_hash(variant.config_yaml)
        current = self._applied.get(variant.key)
        if current is not None and current.config_hash == digest:
            return
        try:
            pipeline = await asyncio.to_thread(compile_pipeline, variant.config_yaml)
            self._applied[variant.key] = _Applied(digest, pipeline)
        except Exception as exc:  # a config the engine cannot run is a failed variant, not a crash
            log.warning("variant %s failed to compile: %s", variant.key, exc)
            self._applied[variant.key] = _Applied(digest, None, f"{type(exc).__name__}: {exc}")

    async def status(self, variant: VariantDeployment) -> VariantStatus:
        applied = self._applied.get(variant.key)
        if applied is None:
            return VariantStatus(state="absent", message="not running in this process")
        if applied.error:
            return VariantStatus(
                state="failed", message=applied.error, desired_nodes=1, config_hash=applied.config_hash
            )
        return VariantStatus(state="ready", desired_nodes=1, ready_nodes=1, config_hash=applied.config_hash)

    async def remove(self, variant: VariantDeployment) -> None:
        self._applied.pop(variant.key, None)

    def running_keys(self) -> set[str]:
        return set(self._applied)

    def running_config_hash(self, key: str) -> str | None:
        applied = self._applied.get(key)
        return applied.config_hash if applied else None

    def _sample_now(self, variants: list[VariantDeployment]) -> dict[str, VariantSample]:
        started = time.process_time()
        snapshot = self._snapshots()
        scrape_cpu = time.process_time() - started
        out: dict[str, VariantSample] = {}
        for variant in variants:
            applied = self._applied.get(variant.key)
            if applied is None or applied.pipeline is None:
                continue
            run = applied.pipeline.run(snapshot, measure_memory=True)
            kpis = compute_kpis(
                run,
                collection_interval_s=applied.pipeline.collection_interval_s,
                critical_patterns=variant.critical_processes,
                host=snapshot.host,
            )
            out[variant.key] = VariantSample(
                label=variant.label,
                **kpis.sample_fields(),
                input_processes=snapshot.process_count(),
                # A collector repeats this work once per collection interval: its average CPU use in cores.
                collector_cpu_cores=(scrape_cpu + kpis.engine_cpu_seconds) / applied.pipeline.collection_interval_s,
                collector_peak_memory_bytes=kpis.engine_peak_memory_bytes,
                extra={"scrape_cpu_seconds": scrape_cpu, "errors": kpis.errors[:10]},
            )
        return out

    async def sample(self, variants: list[VariantDeployment]) -> dict[str, VariantSample]:
        async with self._sample_lock:  # one scraper, one scrape at a time
            return await asyncio.to_thread(self._sample_now, variants)

    async def close(self) -> None:
        self._applied.clear()
