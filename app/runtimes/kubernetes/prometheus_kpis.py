"""KPI samples of variants running on Kubernetes, read from Prometheus (the kubernetes runtime's `sample`).

Per experiment, one batch of instant queries (all from `app.runtimes.kubernetes.promql`, all evaluated at the
same timestamp so every variant is measured over the same interval) yields, per variant:

- `output_series`: its `process_*` series across the fleet; `input_series`: the baseline's output
  when the experiment has a running baseline (it drops nothing and reads the same hosts), otherwise
  the scrapers' accepted points per scrape (`otelcol_receiver_accepted_*` rate x collection interval);
- `output_data_points_per_minute`: the rate of `otelcol_exporter_sent_metric_points` at the
  `prometheus` exporter (output series x scrapes per minute when the telemetry is not scraped);
- `estimated_bytes_per_minute`: those points x OTLP bytes per point measured on one host that every
  variant covers (`app.runtimes.kubernetes.wire_size`: the series' labels rebuilt into the OTLP shape and sized
  with the engine's encoder-size model), so both variants are priced on identical processes;
- critical processes: distinct (host, pid) whose executable name matches the experiment's patterns;
  the baseline's count is the number on the hosts, so retention = variant / baseline (capped at 1:
  the two collectors scrape a few seconds apart and may see a process start at different times);
- total fidelity: worst host's relative difference of the summed `process.memory.usage` and
  `process.cpu.time` to the baseline's (`None` without a baseline; 0 for the baseline itself);
- collector overhead: average cores per collector (`rate` of `otelcol_process_cpu_seconds`)
  and the peak RSS of the heaviest collector over the window;
- `extra["cardinality_reduction"]`: from the variant's and the baseline's output series.
Retention and reduction use the formulas of `app.engine.kpi_formulas` (and their edge cases).

Every sample says what measured it (`measured_by`): the `otelcol-contrib` of the pinned contrib image
that the kubernetes runtime deploys, read through Prometheus.

A variant without output series (not scraped yet) is left out. When Prometheus fails, the failing
query's `Degraded` reason is kept in `last_degraded` (and in each sample's `extra`). The output
series and critical-process queries are essential: without either, the experiment is not sampled
at all, because a missing critical count must never read as full retention. Other failures only
blank what they feed (overhead 0 / None, data points from output series). Nothing here raises on a
Prometheus failure.

Cost per round grows with experiments, not with the fleet: about ten aggregating queries per
experiment, plus the labels of one host's series per variant for the bytes estimate, which is
measured again only every `bytes_refresh_s` (label sizes change slowly).
"""

from __future__ import annotations

import asyncio
import functools
import time
from dataclasses import dataclass, field
from typing import Any

from app.core import safe_yaml
from app.engine.collector import CONTRIB_VERSION
from app.engine.components.common import go_duration_seconds
from app.engine.kpi_formulas import cardinality_reduction, retention
from app.engine.registry import component_type
from app.runtimes.base import VariantDeployment, VariantSample
from app.runtimes.kubernetes import promql
from app.runtimes.kubernetes.prometheus import Degraded, PrometheusClient, Vector
from app.runtimes.kubernetes.promql import Scope
from app.runtimes.kubernetes.wire_size import bytes_per_data_point

DEFAULT_WINDOW = "2m"
DEFAULT_BYTES_REFRESH_S = 300.0
DEFAULT_COLLECTION_INTERVAL_S = 60.0  # the hostmetrics receiver's default `collection_interval: 1m`
# The binary in `CONTRIB_IMAGE`, the image every kubernetes variant runs (`app.runtimes.kubernetes.manifests`).
PROMETHEUS_MEASURER = f"otelcol-contrib {CONTRIB_VERSION} (Prometheus)"


@dataclass(frozen=True)
class KpiSampling:
    """What one sampling round produced: samples by variant key, and why anything is missing."""

    samples: dict[str, VariantSample]
    degraded: list[Degraded] = field(default_factory=list)


@functools.lru_cache(maxsize=256)
def collection_interval_s(config_yaml: str) -> float:
    """The shortest `collection_interval` among the config's hostmetrics receivers (default 1m)."""
    try:
        config = safe_yaml.load(config_yaml)
        receivers = config.get("receivers") or {}
        intervals = [
            go_duration_seconds(str(body.get("collection_interval", "1m")))
            for rid, body in receivers.items()
            if component_type("receiver", str(rid)) == "host_metrics" and isinstance(body, dict)
        ]
    except (AttributeError, ValueError):  # SafeYamlError is a ValueError
        return DEFAULT_COLLECTION_INTERVAL_S
    positive = [i for i in intervals if i > 0]
    return min(positive) if positive else DEFAULT_COLLECTION_INTERVAL_S


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


class PrometheusKpiSource:
    """Samples variants from Prometheus; `rate_window` must span at least two scrapes of the collectors."""

    def __init__(
        self,
        client: PrometheusClient,
        *,
        rate_window: str = DEFAULT_WINDOW,
        max_concurrency: int = 8,
        bytes_refresh_s: float = DEFAULT_BYTES_REFRESH_S,
    ):
        self.client = client
        self.rate_window = rate_window
        self.bytes_refresh_s = bytes_refresh_s
        self.last_degraded: list[Degraded] = []
        self._limit = asyncio.Semaphore(max_concurrency)
        self._sizes: dict[str, tuple[float, dict[str, tuple[str, float]]]] = {}  # owner -> (measured at, sizes)

    async def close(self) -> None:
        await self.client.close()

    async def sample(self, variants: list[VariantDeployment]) -> dict[str, VariantSample]:
        """One sample per variant key, all at the same instant; variants without data are left out."""
        return (await self.sample_with_status(variants)).samples

    async def sample_with_status(self, variants: list[VariantDeployment]) -> KpiSampling:
        at = time.time()
        by_owner: dict[str, list[VariantDeployment]] = {}
        for variant in variants:
            by_owner.setdefault(variant.owner, []).append(variant)
        rounds = await asyncio.gather(*(self._experiment(owner, group, at) for owner, group in by_owner.items()))
        self._sizes = {owner: self._sizes[owner] for owner in by_owner if owner in self._sizes}
        result = KpiSampling({}, [])
        for sampling in rounds:
            result.samples.update(sampling.samples)
            result.degraded.extend(sampling.degraded)
        self.last_degraded = result.degraded
        return result

    async def _query(self, expr: str, at: float) -> Vector | Degraded:
        async with self._limit:
            return await self.client.query(expr, at=at)

    async def _vectors(self, queries: dict[str, str], at: float) -> dict[str, Vector | Degraded]:
        names = list(queries)
        answers = await asyncio.gather(*(self._query(queries[n], at) for n in names))
        return dict(zip(names, answers, strict=True))

    async def _experiment(self, owner: str, variants: list[VariantDeployment], at: float) -> KpiSampling:
        scope, window = Scope(owner), self.rate_window
        patterns = _unique([p for v in variants for p in v.critical_processes])
        queries = {
            "output_series": promql.output_series(scope),
            "processes": promql.distinct_processes(scope),
            "hosts": promql.variant_hosts(scope),
            "output_points": promql.output_points_per_minute(scope, window),
            "input_points": promql.input_points_per_minute(scope, window),
            "cpu": promql.collector_cpu_cores(scope, window),
            "memory": promql.collector_peak_memory(scope, window),
            "memory_fidelity": promql.fidelity_error(scope, promql.PROCESS_MEMORY),
            "cpu_fidelity": promql.fidelity_error(scope, promql.PROCESS_CPU_TIME),
        }
        if patterns:
            queries["critical"] = promql.distinct_processes(scope, patterns)
        answers = await self._vectors(queries, at)
        degraded = [a for a in answers.values() if isinstance(a, Degraded)]
        if any(isinstance(answers.get(name), Degraded) for name in ("output_series", "critical")):
            return KpiSampling({}, degraded)
        values = {name: _by_variant(answer) for name, answer in answers.items()}
        series = values["output_series"] or {}
        present = [v for v in variants if series.get(v.label)]
        hosts = _hosts(answers["hosts"])
        sizes, size_degraded = await self._cached_bytes_per_point(scope, present, hosts, at)
        degraded += size_degraded
        degraded += _missing_telemetry(owner, present, values)
        samples = {v.key: self._variant_sample(v, values, hosts.get(v.label, set()), sizes, degraded) for v in present}
        return KpiSampling(samples, degraded)

    async def _cached_bytes_per_point(
        self, scope: Scope, present: list[VariantDeployment], hosts: dict[str, set[str]], at: float
    ) -> tuple[dict[str, tuple[str, float]], list[Degraded]]:
        owner = scope.experiment or ""
        measured_at, sizes = self._sizes.get(owner, (0.0, {}))
        if at - measured_at < self.bytes_refresh_s and {v.label for v in present} <= set(sizes):
            return sizes, []
        fresh, degraded = await self._bytes_per_point(scope, present, hosts, at)
        if fresh:
            self._sizes[owner] = (at, fresh)
            return fresh, degraded
        return sizes, degraded  # a failed refresh keeps the last measurement rather than pricing bytes at 0

    async def _bytes_per_point(
        self, scope: Scope, present: list[VariantDeployment], hosts: dict[str, set[str]], at: float
    ) -> tuple[dict[str, tuple[str, float]], list[Degraded]]:
        """(sampled host, bytes per point) per variant label, measured on the first host all variants cover."""
        shared = set.intersection(*(hosts.get(v.label, set()) for v in present)) if present else set()
        if not shared:
            return {}, []
        host = min(shared)
        answers = await asyncio.gather(*(self._query(promql.host_series(scope, v.label, host), at) for v in present))
        sizes: dict[str, tuple[str, float]] = {}
        degraded: list[Degraded] = []
        for variant, answer in zip(present, answers, strict=True):
            if isinstance(answer, Degraded) or not answer.samples:
                degraded += [answer] if isinstance(answer, Degraded) else []
                continue
            labels = [s.labels for s in answer.samples]
            instance = labels[0].get("instance", "")
            target: set[str] = {"job", "instance"}
            if instance:
                up = await self._query(promql.target_labels(instance), at)
                if isinstance(up, Vector):
                    target |= {k for s in up.samples for k in s.labels if k != "__name__"}
            per_point = bytes_per_data_point(labels, target)
            if per_point is not None:
                sizes[variant.label] = (host, per_point)
        return sizes, degraded

    def _variant_sample(
        self,
        variant: VariantDeployment,
        values: dict[str, dict[str, float] | None],
        hosts: set[str],
        sizes: dict[str, tuple[str, float]],
        degraded: list[Degraded],
    ) -> VariantSample:
        label, baseline = variant.label, promql.BASELINE

        def get(name: str, of: str = label) -> float | None:
            vector = values.get(name)
            return None if vector is None else vector.get(of)

        interval = collection_interval_s(variant.config_yaml)
        output = int(get("output_series") or 0)
        base_output = get("output_series", baseline)
        has_baseline = base_output is not None
        input_points = get("input_points")
        if has_baseline:
            input_series = int(base_output or 0)
        elif input_points is not None:
            input_series = round(input_points * interval / 60)
        else:
            input_series = output
        points = get("output_points")
        points_source = promql.EXPORTER_SENT
        if points is None:
            points, points_source = output * 60 / interval, "output series x scrapes per minute"
        critical_known = values.get("critical") is not None
        in_output = int(get("critical") or 0) if critical_known else 0
        on_host = int(get("critical", baseline) or 0) if (has_baseline and critical_known) else in_output
        host, per_point = sizes.get(label, ("", None))
        memory = get("memory")
        extra: dict[str, Any] = {
            "source": "prometheus",
            "hosts": len(hosts),
            "collection_interval_s": interval,
            "data_points_source": points_source,
            "input_data_points_per_minute": input_points,
            "bytes_per_data_point": per_point,
            "bytes_sampled_host": host or None,
            "cardinality_reduction": cardinality_reduction(output, base_output),
            "critical_on_host_source": baseline if has_baseline else "unknown without a baseline: output count",
            "degraded": [d.reason for d in degraded][:10],
        }
        return VariantSample(
            label=label,
            input_processes=int(get("processes", baseline) or 0) if has_baseline else 0,
            input_series=input_series,
            output_series=output,
            output_data_points_per_minute=points,
            estimated_bytes_per_minute=points * per_point if per_point is not None else 0.0,
            critical_processes_on_host=on_host,
            critical_processes_in_output=in_output,
            critical_retention=retention(on_host, in_output),
            cpu_fidelity_error=0.0 if label == baseline else get("cpu_fidelity"),
            memory_fidelity_error=0.0 if label == baseline else get("memory_fidelity"),
            collector_cpu_cores=get("cpu") or 0.0,
            collector_peak_memory_bytes=int(memory) if memory is not None else None,
            measured_by=PROMETHEUS_MEASURER,
            extra=extra,
        )


def _by_variant(answer: Vector | Degraded) -> dict[str, float] | None:
    """variant label -> value of a per-variant vector (None when the query failed)."""
    if isinstance(answer, Degraded):
        return None
    return {s.labels.get(promql.VARIANT, ""): s.value for s in answer.samples}


def _hosts(answer: Vector | Degraded) -> dict[str, set[str]]:
    hosts: dict[str, set[str]] = {}
    if isinstance(answer, Vector):
        for s in answer.samples:
            hosts.setdefault(s.labels.get(promql.VARIANT, ""), set()).add(s.labels.get(promql.HOST, ""))
    return hosts


def _missing_telemetry(
    owner: str, present: list[VariantDeployment], values: dict[str, dict[str, float] | None]
) -> list[Degraded]:
    """A variant with output but no collector telemetry: the scrape config lacks the telemetry port or pod labels."""
    cpu = values.get("cpu")
    if cpu is None:
        return []
    return [
        Degraded(
            f"no otelcol_* telemetry for {owner}/{v.label}: scrape the collectors' telemetry port and copy "
            f"the pod labels phoenix.io/experiment and phoenix.io/variant onto the target",
            promql.COLLECTOR_CPU,
        )
        for v in present
        if v.label not in cpu
    ]
