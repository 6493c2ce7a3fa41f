"""Turns process samples into the exact pdata the pinned process scraper emits, with its state.

One ResourceMetrics per process (identity on the resource), one scope (the scraper's package
path), metrics in the order mdatagen emits them, every point of a process stamped with that
process's own `now` and with its create time as start time (`WithStartTimeOverride`, gauges
included). `process.cpu.utilization` needs the previous reading of the same pid
(`ucal.CPUUtilizationCalculator`): (cpu seconds of a state since the last scrape) / elapsed wall
seconds / logical CPUs, nothing on a pid's first scrape; trackers of vanished pids are dropped
after each scrape. That state is why one builder must be reused across scrapes.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.engine.collector import CONTRIB_VERSION, PROCESS_METRICS, PROCESS_SCRAPER_SCOPE
from app.engine.pdata import Metric, MetricsBatch, NumberDataPoint, Resource, ResourceMetrics, ScopeMetrics
from app.engine.scraper.samples import CpuTimes, ProcessSample
from app.engine.scraper.settings import ScraperSettings

_EMIT_ORDER = tuple(sorted(PROCESS_METRICS))  # mdatagen emits metrics alphabetically
_STATES = (("user", "user"), ("system", "system"), ("wait", "wait"))  # Linux order: user, system, wait


class CpuUtilizationTracker:
    """Previous CPU times per pid, for process.cpu.utilization (normalised by logical CPUs, 0-1)."""

    def __init__(self, logical_cpus: int) -> None:
        if logical_cpus < 1:
            raise ValueError(f"number of logical cores is {logical_cpus}")
        self.logical_cpus = logical_cpus
        self._previous: dict[int, tuple[CpuTimes, int]] = {}

    def utilization(self, pid: int, times: CpuTimes, now_ns: int) -> CpuTimes | None:
        """The utilization since this pid's previous reading (None on its first), and remember this one."""
        previous = self._previous.get(pid)
        self._previous[pid] = (times, now_ns)
        if previous is None:
            return None
        before, then_ns = previous
        elapsed = (now_ns - then_ns) / 1e9
        if elapsed <= 0:
            return CpuTimes(0.0, 0.0, 0.0)
        scale = elapsed * self.logical_cpus
        return CpuTimes(
            (times.user - before.user) / scale,
            (times.system - before.system) / scale,
            (times.wait - before.wait) / scale,
        )

    def forget_except(self, present: set[int]) -> None:
        for pid in [p for p in self._previous if p not in present]:
            del self._previous[pid]

    def known_pids(self) -> set[int]:
        return set(self._previous)


class ProcessMetricsBuilder:
    """Builds one scrape's batch from samples; keep one instance per scraper (cpu.utilization state)."""

    def __init__(self, settings: ScraperSettings, logical_cpus: int) -> None:
        self.settings = settings
        self.tracker = CpuUtilizationTracker(logical_cpus)
        self._wanted = [name for name in _EMIT_ORDER if name in settings.metrics]

    def build(self, samples: Iterable[ProcessSample]) -> MetricsBatch:
        batch = MetricsBatch()
        present: set[int] = set()
        for sample in samples:
            present.add(sample.pid)
            rm = self._resource_metrics(sample)
            if rm.scope_metrics[0].metrics:  # mdatagen only emits a resource that has metrics
                batch.resource_metrics.append(rm)
        self.tracker.forget_except(present)
        return batch

    def _resource_attributes(self, s: ProcessSample) -> dict:
        wanted = self.settings.resource_attributes
        candidates: list[tuple[str, object]] = [
            ("process.pid", s.pid),
            ("process.parent_pid", s.parent_pid),
            ("process.executable.name", s.name),
            ("process.executable.path", s.executable_path),
        ]
        if s.command_line is not None:
            candidates += [("process.command", s.command), ("process.command_line", " ".join(s.command_line))]
        if s.owner:
            candidates.append(("process.owner", s.owner))
        if s.cgroup is not None:
            candidates.append(("process.cgroup", s.cgroup))
        return {key: value for key, value in candidates if key in wanted}

    def _resource_metrics(self, s: ProcessSample) -> ResourceMetrics:
        start, now = s.create_time_ms * 1_000_000, s.time_unix_nano
        points: dict[str, list[tuple[dict, int | float]]] = {}
        wanted = self.settings.metrics
        if s.cpu is not None:
            if "process.cpu.time" in wanted:
                points["process.cpu.time"] = [({"state": k}, float(getattr(s.cpu, f))) for k, f in _STATES]
            if "process.cpu.utilization" in wanted:
                used = self.tracker.utilization(s.pid, s.cpu, now)
                if used is not None:
                    points["process.cpu.utilization"] = [({"state": k}, getattr(used, f)) for k, f in _STATES]
        if s.rss is not None:
            points["process.memory.usage"] = [({}, int(s.rss))]
            points["process.memory.virtual"] = [({}, int(s.vms or 0))]
        if s.memory_percent is not None:
            points["process.memory.utilization"] = [({}, float(s.memory_percent))]
        if s.disk is not None:
            d = s.disk
            points["process.disk.io"] = [({"direction": "read"}, d.read_bytes), ({"direction": "write"}, d.write_bytes)]
            points["process.disk.operations"] = [
                ({"direction": "read"}, d.read_count),
                ({"direction": "write"}, d.write_count),
            ]
        if s.page_faults is not None:
            points["process.paging.faults"] = [
                ({"type": "major"}, s.page_faults[0]),
                ({"type": "minor"}, s.page_faults[1]),
            ]
        if s.context_switches is not None:
            points["process.context_switches"] = [
                ({"type": "involuntary"}, s.context_switches[0]),
                ({"type": "voluntary"}, s.context_switches[1]),
            ]
        if s.threads is not None:
            points["process.threads"] = [({}, int(s.threads))]
        if s.open_fds is not None:
            points["process.open_file_descriptors"] = [({}, int(s.open_fds))]
        if s.signals_pending is not None:
            points["process.signals_pending"] = [({}, int(s.signals_pending))]
        points["process.uptime"] = [({}, max(0.0, (now - start) / 1e9))]
        metrics = [_metric(name, points[name], start, now) for name in self._wanted if name in points]
        scope = ScopeMetrics(scope_name=PROCESS_SCRAPER_SCOPE, scope_version=CONTRIB_VERSION, metrics=metrics)
        return ResourceMetrics(Resource(self._resource_attributes(s)), [scope])


def _metric(name: str, values: list[tuple[dict, int | float]], start: int, now: int) -> Metric:
    spec = PROCESS_METRICS[name]
    is_double = spec.value_type == "double"
    points = [NumberDataPoint(attributes, start, now, float(v) if is_double else int(v)) for attributes, v in values]
    return Metric(
        name=name,
        description=spec.description,
        unit=spec.unit,
        type=spec.type,
        is_monotonic=spec.monotonic,
        aggregation_temporality="cumulative" if spec.type == "sum" else "unspecified",
        data_points=points,  # type: ignore[arg-type]
    )
