"""Scrape assembly: a collector's input and output streams put back together scrape by scrape."""

from __future__ import annotations

import gzip

from google.protobuf.json_format import ParseDict
from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import ExportMetricsServiceRequest

from app.engine.pdata import Metric, MetricsBatch, NumberDataPoint, Resource, ResourceMetrics, ScopeMetrics
from app.runtimes.collector.scrapes import ScrapeRecorder, decode_request

S = 1_000_000_000  # one second in ns
T0 = 1_800_000_000 * S


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def batch(points: list[tuple[int, int]], name: str = "process.memory.usage") -> MetricsBatch:
    """One resource per (pid, time) with one gauge point."""
    return MetricsBatch(
        [
            ResourceMetrics(
                Resource({"process.pid": pid}),
                [ScopeMetrics("scraper", metrics=[Metric(name, data_points=[NumberDataPoint({}, 0, t, pid)])])],
            )
            for pid, t in points
        ]
    )


def recorder(clock: FakeClock) -> ScrapeRecorder:
    return ScrapeRecorder(collection_interval_s=10, flush_window_s=7, clock=clock)


def test_a_scrape_is_reported_once_its_flush_window_has_passed_and_only_once() -> None:
    clock = FakeClock()
    scrapes = recorder(clock)
    scrapes.add("input", batch([(1, T0), (2, T0 + S // 10)]))
    scrapes.add("output", batch([(1, T0)]))
    clock.now += 6.9
    assert scrapes.take_latest() is None  # a batch processor may still hold part of the output
    clock.now += 0.2
    scrape = scrapes.take_latest()
    assert scrape is not None
    assert scrape.input.series_count() == 2 and scrape.output.series_count() == 1
    assert scrapes.take_latest() is None  # never the same scrape twice


def test_output_batches_that_join_or_split_scrapes_are_taken_apart_by_time() -> None:
    clock = FakeClock()
    scrapes = recorder(clock)
    scrapes.add("input", batch([(1, T0), (2, T0), (3, T0)]))
    clock.now += 10
    scrapes.add("input", batch([(1, T0 + 10 * S), (2, T0 + 10 * S)]))
    # One output request holding both scrapes, and a set time (TruncateTime(Now(), 1s)) a bit before scrape 2.
    truncated = T0 + 10 * S - S // 2
    scrapes.add("output", batch([(1, T0), (2, T0), (1, T0 + 10 * S), (9, truncated)]))
    scrapes.add("output", batch([(3, T0)]))  # the rest of scrape 1, late
    clock.now += 7
    latest = scrapes.take_latest()
    assert latest is not None and latest.first_ns == T0 + 10 * S
    assert {rm.resource.attributes["process.pid"] for rm in latest.output.resource_metrics} == {1, 9}
    first = min(scrapes._scrapes, key=lambda s: s.first_ns)
    assert {rm.resource.attributes["process.pid"] for rm in first.output.resource_metrics} == {1, 2, 3}


def test_output_that_arrives_before_its_input_waits_for_it() -> None:
    clock = FakeClock()
    scrapes = recorder(clock)
    scrapes.add("input", batch([(1, T0)]))
    scrapes.add("output", batch([(1, T0 + 10 * S)]))  # scrape 2's output, its input still on the way
    clock.now += 10
    scrapes.add("input", batch([(1, T0 + 10 * S)]))
    clock.now += 7
    latest = scrapes.take_latest()
    assert latest is not None and latest.first_ns == T0 + 10 * S
    assert latest.output.data_point_count() == 1
    first = min(scrapes._scrapes, key=lambda s: s.first_ns)
    assert first.output.data_point_count() == 0  # not wrongly given to the scrape that was there


def test_only_a_few_scrapes_are_kept() -> None:
    clock = FakeClock()
    scrapes = recorder(clock)
    for i in range(10):
        scrapes.add("input", batch([(1, T0 + i * 10 * S)]))
        clock.now += 10
    assert len(scrapes._scrapes) == scrapes.keep
    assert scrapes.requests == {"input": 10, "output": 0}


def test_requests_decode_from_protobuf_gzip_or_not() -> None:
    original = batch([(7, T0), (8, T0 + 1)], name="process.cpu.time")
    body = ParseDict(original.to_dict(), ExportMetricsServiceRequest()).SerializeToString()
    for encoded, encoding in ((body, ""), (gzip.compress(body), "gzip")):
        decoded = decode_request(encoded, content_encoding=encoding)
        assert decoded.series_keys() == original.series_keys()
        assert [dp.value for _, _, m in decoded.iter_metrics() for dp in m.data_points] == [7, 8]
