"""The local runtime on real collectors: each variant is an `otelcol-phoenix` process on this host.

Applying a variant starts the configured collector binary with the variant's config, measured (see
`measured_config`): its own private directory (0700, removed on stop), its own loopback ports,
ready when its health_check answers. Baseline and candidate scrape the same host on their own, as
collectors do; each scrape's input and output come back through Phoenix's sink and are turned into
the same KPIs as the engine's (`app.engine.kpis`). Collector CPU is the process's own CPU time
between two samples, memory its peak resident set (VmHWM).

Every collector is supervised: one that exits is reported `failed` (with its exit status and log)
and restarted after an exponential backoff (1 s doubling to 60 s; reset after 5 minutes up). A
config file changed behind Phoenix's back is reported as drift (its hash is what `status` reports).
No collector outlives Phoenix: `close()` stops them all, and if Phoenix is killed the kernel kills
them (`app.otelcol.process`). Directories of a killed Phoenix are removed by the next one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from app.core.workdirs import prepare_base_dir
from app.engine.kpis import compute_kpis, surviving_pids
from app.engine.pipeline import PipelineRun
from app.otelcol.binary import CollectorUnavailable, binary_version
from app.otelcol.process import CollectorProcess, start_collector
from app.runtimes.base import OnThisHost, VariantDeployment, VariantSample, VariantStatus, config_hash
from app.runtimes.collector.measured_config import MeasuredConfig, UnmeasurableConfig, measured_config
from app.runtimes.collector.scrapes import Scrape, ScrapeRecorder
from app.runtimes.collector.sink import OtlpSink

log = logging.getLogger(__name__)

BACKOFF_INITIAL_S = 1.0
BACKOFF_MAX_S = 60.0
STABLE_AFTER_S = 300.0  # a collector up this long has recovered: its next crash starts the backoff anew


def default_base_dir() -> Path:
    return Path(tempfile.gettempdir()) / f"phoenix-otelcol-{os.geteuid()}"


def peak_rss_bytes(pid: int) -> int | None:
    """The kernel's high-water mark of the process's resident set (VmHWM), in bytes."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


@dataclass
class _Collector:
    """One variant's collector and what Phoenix knows about it."""

    variant: VariantDeployment
    config_hash: str
    recorder: ScrapeRecorder | None = None
    token: str = ""
    url: str = ""
    measured: MeasuredConfig | None = None
    process: CollectorProcess | None = None
    state: str = "pending"  # pending | ready | failed
    message: str = ""
    restarts: int = 0
    failures_in_a_row: int = 0
    ready_at: float = 0.0
    restart_at: float | None = None
    cpu_mark: tuple[float, float] | None = None  # (clock, CPU seconds) at the last sample
    history: list[str] = field(default_factory=list)


class CollectorRuntime(OnThisHost):
    """The `local` runtime when a collector binary is available."""

    name = "local"

    def __init__(
        self,
        binary: Path,
        *,
        base_dir: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
        supervise_interval_s: float = 1.0,
        ready_timeout_s: float = 30.0,
        host_root_path: str = "",
    ) -> None:
        self.binary = binary
        self.host_root_path = host_root_path
        self.measured_by = binary_version(binary)
        self.base_dir = prepare_base_dir(base_dir or default_base_dir(), "otelcol-*")
        self.clock = clock
        self.supervise_interval_s = supervise_interval_s
        self.ready_timeout_s = ready_timeout_s
        self.host = socket.gethostname()
        self._collectors: dict[str, _Collector] = {}
        self._sink = OtlpSink()
        self._lock = asyncio.Lock()
        self._supervisor: asyncio.Task[None] | None = None

    # -- lifecycle -------------------------------------------------------------------------------
    async def apply(self, variant: VariantDeployment) -> None:
        digest = config_hash(variant.config_yaml)
        async with self._lock:
            current = self._collectors.get(variant.key)
            if current is not None and current.config_hash == digest and not self._edited(current):
                return
            if current is not None:
                await self._stop(current)
            entry = self._collectors[variant.key] = _Collector(variant, digest)
            await self._launch(entry)
            self._ensure_supervisor()

    async def remove(self, variant: VariantDeployment) -> None:
        async with self._lock:
            entry = self._collectors.pop(variant.key, None)
            if entry is not None:
                await self._stop(entry)

    async def close(self) -> None:
        if self._supervisor is not None:
            self._supervisor.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._supervisor
            self._supervisor = None
        async with self._lock:
            for entry in list(self._collectors.values()):
                await self._stop(entry)
            self._collectors.clear()
        self._sink.close()

    async def _launch(self, entry: _Collector) -> None:
        """Start (or restart) the entry's collector; failures are recorded on the entry, not raised."""
        entry.state, entry.restart_at = "pending", None
        try:
            if entry.recorder is None:
                entry.token, entry.url = self._sink.new_route()
            entry.measured = measured_config(entry.variant.config_yaml, sink_url=entry.url)
            if entry.recorder is None:
                entry.recorder = ScrapeRecorder(
                    collection_interval_s=entry.measured.collection_interval_s,
                    flush_window_s=entry.measured.flush_window_s,
                    clock=self.clock,
                )
                self._sink.register(entry.token, entry.recorder)
            if entry.process is not None:
                await asyncio.to_thread(entry.process.cleanup)
            entry.process = CollectorProcess(
                self.binary, entry.measured.yaml, health_port=entry.measured.health_port, base_dir=self.base_dir
            )
            await start_collector(entry.process, self.ready_timeout_s)
        except UnmeasurableConfig as exc:
            self._failed(entry, f"cannot measure this config on the collector runtime: {exc}", retry=False)
            return
        except (CollectorUnavailable, OSError) as exc:
            self._failed(entry, str(exc), retry=True)
            return
        entry.state, entry.message, entry.ready_at = "ready", "", self.clock()
        entry.cpu_mark = (entry.ready_at, self._cpu_seconds(entry) or 0.0)
        log.info("collector for %s ready (pid %s)", entry.variant.key, entry.process.pid)

    def _failed(self, entry: _Collector, message: str, *, retry: bool) -> None:
        entry.state = "failed"
        entry.failures_in_a_row += 1
        backoff = min(BACKOFF_MAX_S, BACKOFF_INITIAL_S * 2 ** (entry.failures_in_a_row - 1))
        entry.restart_at = self.clock() + backoff if retry else None
        entry.message = message + (f" (restarting in {backoff:.0f}s)" if retry else "")
        entry.history = ([*entry.history, message[:500]])[-5:]
        log.warning("collector for %s failed: %s", entry.variant.key, entry.message[:1000])

    async def _stop(self, entry: _Collector) -> None:
        entry.restart_at = None
        self._sink.unregister(entry.token)
        if entry.process is not None:
            await asyncio.to_thread(entry.process.cleanup)

    # -- supervision -----------------------------------------------------------------------------
    def _ensure_supervisor(self) -> None:
        if self._supervisor is None or self._supervisor.done():
            self._supervisor = asyncio.create_task(self._supervise(), name="phoenix-collector-supervisor")

    async def _supervise(self) -> None:
        while True:
            await asyncio.sleep(self.supervise_interval_s)
            try:
                await self.supervise_once()
            except Exception:  # one bad pass must not end supervision
                log.exception("collector supervision pass failed")

    async def supervise_once(self) -> None:
        """Notice exited collectors and restart those whose backoff has passed."""
        async with self._lock:
            now = self.clock()
            for entry in list(self._collectors.values()):
                process = entry.process
                if entry.state == "ready" and process is not None and (code := process.exit_code()) is not None:
                    if now - entry.ready_at >= STABLE_AFTER_S:
                        entry.failures_in_a_row = 0
                    reason = f"{process.collector} exited with status {code}: {process.log_tail(800)}"
                    self._failed(entry, reason, retry=True)
                elif entry.state == "failed" and entry.restart_at is not None and now >= entry.restart_at:
                    entry.restarts += 1
                    await self._launch(entry)

    # -- observation -----------------------------------------------------------------------------
    async def status(self, variant: VariantDeployment) -> VariantStatus:
        entry = self._collectors.get(variant.key)
        if entry is None:
            return VariantStatus(state="absent", message="not running in this process")
        edited = self._edited(entry)
        running_hash = config_hash(edited) if edited is not None else entry.config_hash  # edited: drift
        pid = entry.process.pid if entry.process is not None else None
        if entry.state == "ready":
            message = f"{self.measured_by}, pid {pid}, restarts {entry.restarts}"
            return VariantStatus("ready", message, desired_nodes=1, ready_nodes=1, config_hash=running_hash)
        return VariantStatus(entry.state, entry.message, desired_nodes=1, config_hash=running_hash)  # type: ignore[arg-type]

    @staticmethod
    def _edited(entry: _Collector) -> str | None:
        """The collector's config file when someone changed it behind Phoenix's back, else None."""
        if entry.process is None or entry.measured is None:
            return None
        try:
            on_disk = entry.process.config_path.read_text()
        except OSError:
            return None
        return on_disk if on_disk != entry.measured.yaml else None

    def running_keys(self) -> set[str]:
        return set(self._collectors)

    def running_config_hash(self, key: str) -> str | None:
        entry = self._collectors.get(key)
        return entry.config_hash if entry else None

    def collector_pid(self, key: str) -> int | None:
        entry = self._collectors.get(key)
        return entry.process.pid if entry and entry.process and entry.state == "ready" else None

    def _cpu_seconds(self, entry: _Collector) -> float | None:
        pid = entry.process.pid if entry.process is not None else None
        if pid is None:
            return None
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.Error:
            return None
        return times.user + times.system

    def _sample_one(self, entry: _Collector, scrape: Scrape) -> VariantSample:
        assert entry.measured is not None and entry.process is not None
        run = PipelineRun(input=scrape.input, outputs={"collector": scrape.output}, exports={})
        kpis = compute_kpis(
            run,
            collection_interval_s=entry.measured.collection_interval_s,
            critical_patterns=entry.variant.critical_processes,
            host=self.host,
        )
        now, cpu = self.clock(), self._cpu_seconds(entry)
        cores = 0.0
        if cpu is not None and entry.cpu_mark is not None and now > entry.cpu_mark[0]:
            cores = max(0.0, cpu - entry.cpu_mark[1]) / (now - entry.cpu_mark[0])
        if cpu is not None:
            entry.cpu_mark = (now, cpu)
        pid = entry.process.pid
        return VariantSample(
            label=entry.variant.label,
            **kpis.sample_fields(),
            input_processes=len(surviving_pids(scrape.input)),
            collector_cpu_cores=cores,
            collector_peak_memory_bytes=peak_rss_bytes(pid) if pid is not None else None,
            measured_by=self.measured_by,
            extra={"scrape_time": scrape.time_s, "pid": pid, "restarts": entry.restarts},
        )

    def _sample_now(self, variants: list[VariantDeployment]) -> dict[str, VariantSample]:
        out: dict[str, VariantSample] = {}
        for variant in variants:
            entry = self._collectors.get(variant.key)
            if entry is None or entry.state != "ready" or entry.recorder is None:
                continue
            scrape = entry.recorder.take_latest()
            if scrape is not None:
                out[variant.key] = self._sample_one(entry, scrape)
        return out

    async def sample(self, variants: list[VariantDeployment]) -> dict[str, VariantSample]:
        """The newest complete scrape of each variant not reported before (none yet: no sample)."""
        return await asyncio.to_thread(self._sample_now, variants)
