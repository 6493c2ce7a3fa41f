"""The pipeline executor: a rendered collector config, compiled once, run on snapshots or this host.

The config YAML is the one source of truth: `CompiledPipeline` reads `service.pipelines.metrics*`,
parses every referenced component with its registry model and builds the processors in order, each
with the implementation its component folder declares (`COMPONENT.processor`). Receivers are the
hostmetrics process scraper (on a snapshot, narrowed to what that receiver's config would emit;
live, scraping this host with state kept between scrapes); exporters are sinks that record what
reaches them. Anything the engine does not implement raises `EngineUnsupported`
naming the component when compiling, never later and never silently.

Per payload, as in the collector: each pipeline gets its own copy of each receiver's payload, runs
its processors in order (stateful ones keep state across runs), stops without exporting when a
processor empties the payload, and drops the payload when a processor returns an error. `Now()` is
pinned to the payload's start for its whole run (see `app.engine.ottl.gotime.pinned_now`).
"""

from __future__ import annotations

import threading
import time
import tracemalloc
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from app.core import safe_yaml
from app.engine.components.common import go_duration_seconds
from app.engine.components.hostmetrics.config import HostmetricsConfig
from app.engine.components.processing import PayloadDropped, Processor
from app.engine.errors import EngineError, EngineUnsupported
from app.engine.ottl.gotime import pinned_now
from app.engine.pdata import MetricsBatch
from app.engine.registry import canonical_type, get_component, split_id
from app.engine.scraper.process_scraper import ProcessScraper, ScrapeReport
from app.engine.scraper.receiver_view import receiver_view
from app.engine.scraper.settings import ScraperSettings
from app.engine.snapshot import Snapshot

DEFAULT_COLLECTION_INTERVAL_S = 60.0  # scraperhelper default (1m)
_MEMORY_MEASUREMENT = threading.Lock()  # tracemalloc is process-wide: one measured run at a time


def parse_config(kind: str, type_: str, component_id: str, body: Any) -> BaseModel:
    """The typed config of one component, or EngineError/EngineUnsupported naming it."""
    spec = get_component(kind, type_)
    if spec is None:
        raise EngineUnsupported(f"{kind} type {type_!r} is not implemented by the local engine", component_id)
    try:
        return spec.config_model.model_validate(body if body is not None else {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        message = f"invalid config{' at ' + where if where else ''}: {first.get('msg')}"
        raise EngineError(message, component_id) from None


def build_processor(component_id: str, type_: str, body: Any) -> Processor:
    """A ready processor for `component_id` (`type` or `type/name`) with its YAML body.

    The implementation is the one the component's folder declares (`COMPONENT.processor`); a type
    without one raises `EngineUnsupported` naming the component, so it is never silently skipped.
    """
    spec = get_component("processor", type_)
    if spec is None or spec.processor is None:
        raise EngineUnsupported(f"processor type {type_!r} is not implemented by the local engine", component_id)
    return spec.processor(component_id, parse_config("processor", type_, component_id, body))


@dataclass
class Receiver:
    component_id: str
    config: HostmetricsConfig
    settings: ScraperSettings
    collection_interval_s: float
    scraper: ProcessScraper | None = None  # created on first live run, then kept (cpu.utilization state)


@dataclass
class Exporter:
    """A sink: what the pipelines deliver to this exporter in the current run."""

    component_id: str
    type: str
    config: Any
    received: list[MetricsBatch] = field(default_factory=list)


@dataclass
class MetricsPipeline:
    pipeline_id: str
    receivers: list[str]
    processors: list[Processor]
    exporters: list[str]


@dataclass
class PipelineRun:
    """One run: the receivers' payloads, what each pipeline delivered, and what it cost the engine."""

    input: MetricsBatch
    outputs: dict[str, MetricsBatch]
    exports: dict[str, list[MetricsBatch]]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cpu_seconds: float = 0.0
    wall_seconds: float = 0.0
    peak_memory_bytes: int | None = None
    scrape_reports: dict[str, ScrapeReport] = field(default_factory=dict)

    @property
    def output(self) -> MetricsBatch:
        """Everything the pipelines delivered to exporters (all metrics pipelines together)."""
        return MetricsBatch([rm for batch in self.outputs.values() for rm in batch.resource_metrics])


class CompiledPipeline:
    """A collector config ready to run many times; holds processor and scraper state between runs."""

    def __init__(self, config_yaml: str, *, pipelines: list[str] | None = None) -> None:
        try:
            config = safe_yaml.load(config_yaml)
        except safe_yaml.SafeYamlError as exc:
            raise EngineError(f"config is not valid YAML: {exc}") from None
        if not isinstance(config, dict):
            raise EngineError("config is not a YAML mapping")
        self.config = config
        self.warnings: list[str] = []
        declared = (config.get("service") or {}).get("pipelines") or {}
        if not isinstance(declared, dict):
            raise EngineError("service.pipelines must be a mapping")
        wanted = [pid for pid in declared if str(pid).split("/")[0] == "metrics"]
        if pipelines is not None:
            unknown = [p for p in pipelines if p not in wanted]
            if unknown:
                raise EngineError(f"no metrics pipeline named {', '.join(unknown)}")
            wanted = list(pipelines)
        if not wanted:
            raise EngineError("the config has no metrics pipeline (service.pipelines.metrics)")
        skipped = [str(p) for p in declared if p not in wanted and str(p).split("/")[0] != "metrics"]
        if skipped:
            self.warnings.append(f"pipelines {', '.join(skipped)} are not metrics pipelines; the engine ignores them")
        self.receivers: dict[str, Receiver] = {}
        self.exporters: dict[str, Exporter] = {}
        self.pipelines = [self._pipeline(str(pid), declared[pid] or {}) for pid in wanted]

    @property
    def collection_interval_s(self) -> float:
        """How often the receivers produce a payload (the shortest interval among them)."""
        return min(r.collection_interval_s for r in self.receivers.values())

    def _section(self, section: str, component_id: str) -> Any:
        components = self.config.get(section) or {}
        if component_id not in components:
            raise EngineError(f"referenced in a pipeline but not defined under {section}", component_id)
        return components[component_id]

    def _pipeline(self, pipeline_id: str, body: dict) -> MetricsPipeline:
        connectors = self.config.get("connectors") or {}
        for key in ("receivers", "exporters"):
            for cid in body.get(key) or []:
                if cid in connectors:
                    raise EngineUnsupported("connectors are not supported by the local engine", str(cid))
        receivers = [self._receiver(str(cid)) for cid in body.get("receivers") or []]
        processors = [
            build_processor(str(cid), split_id(str(cid))[0], self._section("processors", str(cid)))
            for cid in body.get("processors") or []
        ]
        exporters = [self._exporter(str(cid)) for cid in body.get("exporters") or []]
        if not receivers or not exporters:
            raise EngineError(f"pipeline {pipeline_id} needs at least one receiver and one exporter")
        return MetricsPipeline(pipeline_id, receivers, processors, exporters)

    def _receiver(self, component_id: str) -> str:
        if component_id in self.receivers:
            return component_id
        type_ = split_id(component_id)[0]
        if canonical_type("receiver", type_) != "host_metrics":
            raise EngineUnsupported(f"receiver type {type_!r} is not supported (only hostmetrics)", component_id)
        config = parse_config("receiver", type_, component_id, self._section("receivers", component_id))
        assert isinstance(config, HostmetricsConfig)
        others = [name for name, value in config.scrapers.model_dump(exclude_none=True).items() if name != "process"]
        if others or config.scrapers.process is None:
            raise EngineUnsupported(
                f"only the process scraper is supported, not {', '.join(others) or 'none'}", component_id
            )
        interval = (
            go_duration_seconds(config.collection_interval)
            if config.collection_interval
            else DEFAULT_COLLECTION_INTERVAL_S
        )
        self.receivers[component_id] = Receiver(
            component_id, config, ScraperSettings.from_config(config.scrapers.process), interval
        )
        return component_id

    def _exporter(self, component_id: str) -> str:
        if component_id not in self.exporters:
            type_ = split_id(component_id)[0]
            config = parse_config("exporter", type_, component_id, self._section("exporters", component_id))
            self.exporters[component_id] = Exporter(component_id, type_, config)
        return component_id

    def run(self, source: Snapshot | MetricsBatch, *, measure_memory: bool = False) -> PipelineRun:
        """Run every metrics pipeline on a snapshot (each receiver sees its own view of it)."""
        batch = source.batch if isinstance(source, Snapshot) else source

        def inputs() -> tuple[dict[str, MetricsBatch], list[str]]:
            payloads, warnings = {}, []
            for rid, receiver in self.receivers.items():
                payloads[rid], notes = receiver_view(batch, receiver.settings)
                warnings += [f"{rid}: {n}" for n in notes]
            return payloads, warnings

        return self._measured(inputs, measure_memory)

    def run_live(self, *, measure_memory: bool = False) -> PipelineRun:
        """Scrape this host with each receiver's own (stateful) scraper, then run the pipelines."""
        reports: dict[str, ScrapeReport] = {}

        def inputs() -> tuple[dict[str, MetricsBatch], list[str]]:
            payloads = {}
            for rid, receiver in self.receivers.items():
                if receiver.scraper is None:
                    receiver.scraper = ProcessScraper.from_receiver(receiver.config)
                result = receiver.scraper.scrape()
                payloads[rid], reports[rid] = result.batch, result.report
            return payloads, []

        run = self._measured(inputs, measure_memory)
        run.scrape_reports = reports
        return run

    def _measured(self, inputs: Any, measure_memory: bool) -> PipelineRun:
        if measure_memory:
            with _MEMORY_MEASUREMENT:
                return self._measured_unlocked(inputs, True)
        return self._measured_unlocked(inputs, False)

    def _measured_unlocked(self, inputs: Any, measure_memory: bool) -> PipelineRun:
        started_tracing = measure_memory and not tracemalloc.is_tracing()
        if started_tracing:
            tracemalloc.start()
        if measure_memory:
            tracemalloc.reset_peak()
            baseline = tracemalloc.get_traced_memory()[0]
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            payloads, warnings = inputs()
            run = self._execute(payloads)
            run.warnings = [*self.warnings, *warnings]
            if measure_memory:
                run.peak_memory_bytes = max(0, tracemalloc.get_traced_memory()[1] - baseline)
        finally:
            if started_tracing:
                tracemalloc.stop()
        run.cpu_seconds, run.wall_seconds = time.process_time() - cpu, time.perf_counter() - wall
        return run

    def _execute(self, payloads: dict[str, MetricsBatch]) -> PipelineRun:
        for exporter in self.exporters.values():
            exporter.received = []
        run = PipelineRun(
            input=MetricsBatch([rm for p in payloads.values() for rm in p.resource_metrics]), outputs={}, exports={}
        )
        for pipeline in self.pipelines:
            delivered = MetricsBatch()
            for rid in pipeline.receivers:
                batch = payloads[rid].deep_copy()
                try:
                    with pinned_now(time.time_ns()):
                        for processor in pipeline.processors:
                            batch = processor.process(batch)
                            if not batch.resource_metrics:
                                break
                except PayloadDropped as exc:
                    run.errors.append(f"{pipeline.pipeline_id}: payload from {rid} dropped by {exc}")
                    continue
                if batch.resource_metrics:
                    delivered.resource_metrics += batch.resource_metrics
                    for eid in pipeline.exporters:
                        self.exporters[eid].received.append(batch)
            run.outputs[pipeline.pipeline_id] = delivered
        run.exports = {eid: list(e.received) for eid, e in self.exporters.items()}
        return run


def compile_pipeline(config_yaml: str, *, pipelines: list[str] | None = None) -> CompiledPipeline:
    """Compile a collector config for the local engine (EngineError / EngineUnsupported on refusal)."""
    return CompiledPipeline(config_yaml, pipelines=pipelines)
