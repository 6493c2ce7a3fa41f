"""The KPIs of a pipeline variant: one definition, used by previews, experiments and tests.

Per run (one scrape through the pipeline) and the pipeline's collection interval:

- `input_series` / `output_series`: distinct series (resource attributes + metric name + datapoint
  attributes) the receivers emitted / the exporters received;
- `output_data_points_per_minute`: output points of one scrape x scrapes per minute;
- `estimated_bytes_per_minute`: uncompressed OTLP/protobuf bytes of one scrape's output
  (`app.engine.otlp_size`) x scrapes per minute; `bytes_per_data_point` is that divided by points;
- critical retention: critical processes (`app.engine.critical`: a pattern matches the executable
  name as the rendered OTTL's IsMatch does, an unanchored RE2 search) present on the host, i.e. in
  the input, vs present in the output, where a process counts as present if a series carrying its
  `process.pid` survives; retention = present / on host (`kpi_formulas.retention`: 1.0 when none on host);
- total fidelity per host: |sum(output) - sum(input)| / sum(input) (`kpi_formulas.fidelity_error`) for process.cpu.time,
  process.cpu.utilization and process.memory.usage; the CPU error is the worse of the two CPU
  metrics; None when the input has none of that metric. A resource's host is its `host.name` when
  the input already carried that host (a multi-host payload), else the snapshot's host: the
  scraper's output has no `host.name`, resourcedetection adds it inside the pipeline;
- the engine's own cost: CPU seconds (`time.process_time` delta of the whole run, so it includes any
  other thread of this process) and peak memory (tracemalloc peak of Python allocations during the
  run, when measured);
- cardinality reduction = 1 - candidate output series / baseline output series
  (`kpi_formulas.cardinality_reduction`: None against an empty baseline).
The formulas and their edge cases live in `app.engine.kpi_formulas`; the fields a stored sample
carries in `app.engine.kpi_model`. Fractions are 0-1.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field

from app.engine.collector import EXECUTABLE_NAME
from app.engine.critical import critical_matcher
from app.engine.kpi_formulas import fidelity_error, retention, worst
from app.engine.kpi_model import KPI_FIELDS
from app.engine.otlp_size import request_size
from app.engine.pdata import MetricsBatch
from app.engine.pipeline import PipelineRun

FIDELITY_METRICS = ("process.cpu.time", "process.cpu.utilization", "process.memory.usage")
PID = "process.pid"
HOST = "host.name"


class LostCriticalProcess(BaseModel):
    pid: int
    name: str


class VariantKpis(BaseModel):
    """The KPIs of one run (each defined in the module docstring; fractions are 0-1). The preview
    answers with this model as it is, so its OpenAPI schema is this one definition."""

    input_series: int
    output_series: int
    input_data_points: int
    output_data_points: int
    collection_interval_s: float
    output_data_points_per_minute: float
    estimated_bytes_per_minute: float
    bytes_per_data_point: float | None
    critical_processes_on_host: int
    critical_processes_in_output: int
    critical_retention: float
    lost_critical_processes: list[LostCriticalProcess] = Field(description="at most 50")
    cpu_fidelity_error: float | None
    memory_fidelity_error: float | None
    fidelity_by_host: dict[str, dict[str, float | None]] = Field(description="by host, the error of each metric")
    engine_cpu_seconds: float
    engine_peak_memory_bytes: int | None
    errors: list[str] = Field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump()

    def sample_fields(self) -> dict[str, Any]:
        """The figures of this run that a variant sample (`VariantKpisBase`) carries under the same name."""
        return {name: getattr(self, name) for name in KPI_FIELDS if hasattr(self, name)}


def critical_processes(batch: MetricsBatch, patterns: Sequence[str]) -> dict[int, str]:
    """pid -> executable name of every critical process in the batch."""
    is_critical = critical_matcher(patterns)
    out: dict[int, str] = {}
    for rm in batch.resource_metrics:
        attributes = rm.resource.attributes
        pid = attributes.get(PID)
        if isinstance(pid, int) and is_critical(attributes.get(EXECUTABLE_NAME)):
            out[pid] = attributes[EXECUTABLE_NAME]
    return out


def surviving_pids(batch: MetricsBatch) -> set[int]:
    """pids that still carry at least one data point."""
    return {
        rm.resource.attributes[PID]
        for rm in batch.resource_metrics
        if isinstance(rm.resource.attributes.get(PID), int)
        and any(m.data_points for sm in rm.scope_metrics for m in sm.metrics)
    }


def input_hosts(batch: MetricsBatch) -> set[str]:
    return {h for rm in batch.resource_metrics if isinstance(h := rm.resource.attributes.get(HOST), str) and h}


def metric_sums(batch: MetricsBatch, default_host: str, known_hosts: set[str]) -> dict[str, dict[str, float]]:
    """host -> metric -> sum of all points of that metric (for the fidelity metrics)."""
    sums: dict[str, dict[str, float]] = {}
    for rm in batch.resource_metrics:
        host = rm.resource.attributes.get(HOST)
        host = host if host in known_hosts else default_host
        for sm in rm.scope_metrics:
            for metric in sm.metrics:
                if metric.name in FIDELITY_METRICS:
                    per_host = sums.setdefault(host, {})
                    per_host[metric.name] = per_host.get(metric.name, 0.0) + sum(
                        float(getattr(dp, "value", 0.0)) for dp in metric.data_points
                    )
    return sums


def fidelity_errors(
    input_batch: MetricsBatch, output_batch: MetricsBatch, default_host: str
) -> dict[str, dict[str, float | None]]:
    """host -> metric -> |sum(out) - sum(in)| / sum(in) (None when the input has no such metric)."""
    hosts = input_hosts(input_batch)
    before, after = metric_sums(input_batch, default_host, hosts), metric_sums(output_batch, default_host, hosts)
    out: dict[str, dict[str, float | None]] = {}
    for host, sums in before.items():
        errors: dict[str, float | None] = {}
        for name in FIDELITY_METRICS:
            if name not in sums:
                errors[name] = None
                continue
            errors[name] = fidelity_error(sums[name], after.get(host, {}).get(name, 0.0))
        out[host] = errors
    return out


def compute_kpis(
    run: PipelineRun, *, collection_interval_s: float, critical_patterns: Sequence[str], host: str = "unknown"
) -> VariantKpis:
    """The KPIs of one run of a variant (see the module docstring for each definition)."""
    output = run.output
    per_minute = 60.0 / collection_interval_s
    points, size = output.data_point_count(), request_size(output)
    on_host = critical_processes(run.input, critical_patterns)
    survivors = surviving_pids(output)
    kept = [pid for pid in on_host if pid in survivors]
    lost = [LostCriticalProcess(pid=pid, name=name) for pid, name in sorted(on_host.items()) if pid not in survivors]
    fidelity = fidelity_errors(run.input, output, host)
    return VariantKpis(
        input_series=run.input.series_count(),
        output_series=output.series_count(),
        input_data_points=run.input.data_point_count(),
        output_data_points=points,
        collection_interval_s=collection_interval_s,
        output_data_points_per_minute=points * per_minute,
        estimated_bytes_per_minute=size * per_minute,
        bytes_per_data_point=size / points if points else None,
        critical_processes_on_host=len(on_host),
        critical_processes_in_output=len(kept),
        critical_retention=retention(len(on_host), len(kept)),
        lost_critical_processes=lost[:50],
        cpu_fidelity_error=worst(
            [e for f in fidelity.values() for e in (f["process.cpu.time"], f["process.cpu.utilization"])]
        ),
        memory_fidelity_error=worst([f["process.memory.usage"] for f in fidelity.values()]),
        fidelity_by_host=fidelity,
        engine_cpu_seconds=run.cpu_seconds,
        engine_peak_memory_bytes=run.peak_memory_bytes,
        errors=list(run.errors),
    )
