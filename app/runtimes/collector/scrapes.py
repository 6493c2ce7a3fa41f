"""One collector's exports, put back together scrape by scrape.

The collector sends two streams to Phoenix's sink (see `measured_config`): `input`, one request per
scrape, exactly what its receivers produced, and `output`, what its pipelines exported, in batches
that may split one scrape or join two. A scrape is known by its input: the times of its data points
span [first, last]. An output data point belongs to the scrape whose window holds its time, the
window of scrape k being [first_k - margin, first_k+1 - margin): points keep their scrape's times
unless a statement sets them, and the templates only set them to the processing time truncated to
a second, never earlier than a second before the scrape. Points whose scrape has not arrived yet
wait for it.

A scrape is complete `flush_window_s` after its input arrived (by then every batch processor has
flushed it). `take_latest` hands out the newest complete scrape once: each scrape is reported to the
sampler at most once, never twice.
"""

from __future__ import annotations

import bisect
import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import ExportMetricsServiceRequest

from app.engine.pdata import Metric, MetricsBatch, ResourceMetrics, ScopeMetrics
from app.runtimes.collector.otlp_decode import batch_from_request

TIME_MARGIN_NS = 1_500_000_000  # TruncateTime(Now(), 1s) plus scheduling jitter


def decode_request(body: bytes, *, content_encoding: str = "") -> MetricsBatch:
    """An OTLP/HTTP protobuf metrics request, as the engine's data model."""
    if content_encoding == "gzip":
        body = gzip.decompress(body)
    return batch_from_request(ExportMetricsServiceRequest.FromString(body))


def _times(batch: MetricsBatch) -> list[int]:
    return [dp.time_unix_nano for _, _, m in batch.iter_metrics() for dp in m.data_points]


@dataclass
class Scrape:
    """The input of one scrape and the output assigned to it so far."""

    arrived: float  # clock() when its input arrived
    first_ns: int
    last_ns: int
    input: MetricsBatch
    output: MetricsBatch = field(default_factory=MetricsBatch)
    sequence: int = 0

    @property
    def time_s(self) -> float:
        return self.last_ns / 1e9


def _split(batch: MetricsBatch, bucket_of: Callable[[int], int | None]) -> dict[int | None, MetricsBatch]:
    """`batch` partitioned by the bucket of each data point's time (structure copied, points shared)."""
    out: dict[int | None, MetricsBatch] = {}
    resources: dict[tuple[int | None, int], ResourceMetrics] = {}
    scopes: dict[tuple[int | None, int], ScopeMetrics] = {}
    for rm in batch.resource_metrics:
        for sm in rm.scope_metrics:
            for metric in sm.metrics:
                groups: dict[int | None, list] = {}
                for dp in metric.data_points:
                    groups.setdefault(bucket_of(dp.time_unix_nano), []).append(dp)
                for bucket, points in groups.items():
                    scope = scopes.get((bucket, id(sm)))
                    if scope is None:
                        resource = resources.get((bucket, id(rm)))
                        if resource is None:
                            resource = resources[(bucket, id(rm))] = ResourceMetrics(rm.resource, [], rm.schema_url)
                            out.setdefault(bucket, MetricsBatch()).resource_metrics.append(resource)
                        scope = scopes[(bucket, id(sm))] = ScopeMetrics(
                            sm.scope_name, sm.scope_version, sm.scope_attributes, [], sm.schema_url
                        )
                        resource.scope_metrics.append(scope)
                    scope.metrics.append(
                        Metric(
                            metric.name,
                            metric.description,
                            metric.unit,
                            metric.type,
                            metric.is_monotonic,
                            metric.aggregation_temporality,
                            points,
                            metric.metadata,
                        )
                    )
    return out


class ScrapeRecorder:
    """Thread-safe: the sink's threads `add`, the runtime `take_latest`s."""

    def __init__(
        self,
        *,
        collection_interval_s: float,
        flush_window_s: float,
        clock: Callable[[], float] = time.monotonic,
        keep: int = 4,
    ) -> None:
        self.collection_interval_ns = int(collection_interval_s * 1e9)
        self.flush_window_s = flush_window_s
        self.clock = clock
        self.keep = keep
        self._lock = threading.Lock()
        self._scrapes: list[Scrape] = []  # by first_ns
        self._waiting: list[MetricsBatch] = []  # output points whose scrape has not arrived
        self._sequence = 0
        self._taken = 0  # sequence of the last scrape handed out
        self.requests = {"input": 0, "output": 0}

    def add(self, kind: str, batch: MetricsBatch) -> None:
        with self._lock:
            self.requests[kind] = self.requests.get(kind, 0) + 1
            if kind == "input":
                self._add_input(batch)
            else:
                self._waiting.append(batch)
            self._assign_waiting()

    def _add_input(self, batch: MetricsBatch) -> None:
        times = _times(batch)
        if not times:
            return
        self._sequence += 1
        scrape = Scrape(self.clock(), min(times), max(times), batch, sequence=self._sequence)
        bisect.insort(self._scrapes, scrape, key=lambda s: s.first_ns)
        del self._scrapes[: -self.keep]

    def _bucket_of(self, time_ns: int) -> int | None:
        """Index of the scrape whose window holds `time_ns`; None if that scrape is not here (yet)."""
        starts = [s.first_ns - TIME_MARGIN_NS for s in self._scrapes]
        index = bisect.bisect_right(starts, time_ns) - 1
        if index < 0:
            return None
        if index == len(self._scrapes) - 1 and time_ns >= starts[index] + self.collection_interval_ns:
            return None  # beyond the newest scrape's window: its own scrape is still on the way
        return index

    def _assign_waiting(self) -> None:
        still_waiting: list[MetricsBatch] = []
        oldest = self._scrapes[0].first_ns - TIME_MARGIN_NS if self._scrapes else None
        for batch in self._waiting:
            for index, part in _split(batch, self._bucket_of).items():
                if index is not None:
                    self._scrapes[index].output.resource_metrics += part.resource_metrics
                elif oldest is None or any(t >= oldest for t in _times(part)):
                    still_waiting.append(part)  # older than every scrape kept: dropped
        self._waiting = still_waiting

    def take_latest(self) -> Scrape | None:
        """The newest complete scrape not handed out before, or None."""
        now = self.clock()
        with self._lock:
            complete = [s for s in self._scrapes if now - s.arrived >= self.flush_window_s]
            if not complete:
                return None
            latest = max(complete, key=lambda s: s.sequence)
            if latest.sequence <= self._taken:
                return None
            self._taken = latest.sequence
            return latest
