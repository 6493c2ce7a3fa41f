"""Prometheus failures become `Degraded` results with a reason, never exceptions (so never a 500).

Down (nothing listens), timeout (a server that accepts and never answers), a query Prometheus
rejects (the real server's 400 `bad_data`), a proxy's non-JSON error page, a wrong result type,
and a partial failure where only the collectors' telemetry queries fail: the KPI source then still
samples the output series and falls back to output series x scrapes per minute for data points.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import parse_qs

import httpx
import pytest

from app.runtimes.kubernetes.prometheus import Degraded, Matrix, PrometheusClient, Vector
from app.runtimes.kubernetes.prometheus_kpis import PrometheusKpiSource
from tests.runtimes.kubernetes import prometheus_server
from tests.runtimes.kubernetes.conftest import RATE_WINDOW
from tests.runtimes.kubernetes.test_prometheus_kpis import VARIANTS


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A TCP server that accepts connections and never answers: every request times out."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                held.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join(timeout=2)
    for conn in held:
        conn.close()
    listener.close()


async def test_prometheus_down_is_degraded() -> None:
    client = PrometheusClient(f"http://127.0.0.1:{prometheus_server.free_port()}", timeout=2)
    result = await client.query("up")
    assert isinstance(result, Degraded)
    assert "unreachable" in result.reason and result.query == "up"
    source = PrometheusKpiSource(client)
    assert await source.sample(VARIANTS) == {}
    assert source.last_degraded and all(isinstance(d, Degraded) for d in source.last_degraded)
    await client.close()


async def test_a_timeout_is_degraded_within_the_budget(silent_server: str) -> None:
    client = PrometheusClient(silent_server, timeout=0.3)
    started = time.monotonic()
    result = await client.query("up")
    range_result = await client.query_range("up", start=time.time() - 60, end=time.time(), step_s=15)
    source = PrometheusKpiSource(client)
    samples = await source.sample(VARIANTS)
    elapsed = time.monotonic() - started
    await client.close()
    assert isinstance(result, Degraded) and "did not answer within 0.3s" in result.reason
    assert isinstance(range_result, Degraded)
    assert samples == {} and source.last_degraded
    # Queries run concurrently: all of it (1 + 1 + one batch of KPI queries) takes a few budgets, not dozens.
    assert elapsed < 3.0


async def test_a_rejected_query_is_degraded(fleet_prometheus) -> None:  # type: ignore[no-untyped-def]
    client = PrometheusClient(fleet_prometheus.url)
    result = await client.query("sum by (")
    await client.close()
    assert isinstance(result, Degraded)
    assert "bad_data" in result.reason and "HTTP 400" in result.reason


async def test_instant_and_range_queries_on_the_real_server(fleet_prometheus) -> None:  # type: ignore[no-untyped-def]
    client = PrometheusClient(fleet_prometheus.url)
    now = time.time()
    instant = await client.query('count by (phoenix_io_variant) (up{phoenix_io_experiment="checkout"})', at=now)
    ranged = await client.query_range(
        'otelcol_process_memory_rss{phoenix_io_variant="baseline"}', start=now - 4, end=now, step_s=1
    )
    scalar = await client.query("scalar(vector(42))")
    await client.close()
    assert isinstance(instant, Vector) and instant.by("phoenix_io_variant") == {("baseline",): 4.0, ("candidate",): 4.0}
    assert isinstance(ranged, Matrix) and len(ranged.series) == 2
    assert all(len(s.points) >= 4 for s in ranged.series)
    assert isinstance(scalar, Vector) and scalar.samples[0].value == 42.0


async def test_a_proxy_error_page_and_a_wrong_result_type_are_degraded() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        query = parse_qs(request.content.decode())["query"][0]
        if query == "html":
            return httpx.Response(502, text="<html>Bad Gateway</html>")
        return httpx.Response(200, json={"status": "success", "data": {"resultType": "matrix", "result": []}})

    client = PrometheusClient("http://prometheus.test", transport=httpx.MockTransport(handler))
    html, matrix = await client.query("html"), await client.query("up")
    await client.close()
    assert isinstance(html, Degraded) and "HTTP 502 without JSON" in html.reason
    assert isinstance(matrix, Degraded) and "expected an instant vector" in matrix.reason


class _Failing(httpx.AsyncBaseTransport):
    """Forwards to the real Prometheus and records each query, except those containing `fail` (503)."""

    def __init__(self, fail: str | None = None) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.fail = fail
        self.queries: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        query = parse_qs(request.content.decode()).get("query", [""])[0]
        self.queries.append(query)
        if self.fail and self.fail in query:
            return httpx.Response(503, json={"status": "error", "errorType": "unavailable", "error": "overloaded"})
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


async def test_failing_telemetry_queries_degrade_only_what_they_feed(fleet_prometheus) -> None:  # type: ignore[no-untyped-def]
    client = PrometheusClient(fleet_prometheus.url, transport=_Failing("otelcol_"))
    result = await PrometheusKpiSource(client, rate_window=RATE_WINDOW).sample_with_status(VARIANTS)
    await client.close()
    assert len(result.degraded) == 3 * 4  # per experiment: output points, input points, CPU, memory
    assert all("unavailable" in d.reason for d in result.degraded)
    base = result.samples["checkout/baseline"]
    assert base.output_series == 140 and base.critical_processes_in_output == 7
    assert base.output_data_points_per_minute == 140 * 6  # 140 series every 10 s
    assert base.extra["data_points_source"] == "output series x scrapes per minute"
    assert base.collector_peak_memory_bytes is None and base.extra["degraded"]


async def test_without_the_critical_count_nothing_is_sampled(fleet_prometheus) -> None:  # type: ignore[no-untyped-def]
    # A failed critical-process query must never read as "all critical processes retained".
    client = PrometheusClient(fleet_prometheus.url, transport=_Failing("process_executable_name=~"))
    result = await PrometheusKpiSource(client, rate_window=RATE_WINDOW).sample_with_status(VARIANTS)
    await client.close()
    assert result.samples == {}
    assert result.degraded and all("unavailable" in d.reason for d in result.degraded)


async def test_bytes_per_point_is_measured_again_only_after_the_refresh(fleet_prometheus) -> None:  # type: ignore[no-untyped-def]
    transport = _Failing()
    source = PrometheusKpiSource(PrometheusClient(fleet_prometheus.url, transport=transport), rate_window=RATE_WINDOW)
    first = await source.sample(VARIANTS)
    host_queries = [q for q in transport.queries if 'host_name="node-a"' in q]
    assert len(host_queries) == 3  # checkout baseline + candidate, steady prod
    second = await source.sample(VARIANTS)
    assert [q for q in transport.queries if 'host_name="node-a"' in q] == host_queries
    assert (
        second["checkout/candidate"].extra["bytes_per_data_point"]
        == first["checkout/candidate"].extra["bytes_per_data_point"]
    )
    source.bytes_refresh_s = 0
    await source.sample(VARIANTS)
    assert len([q for q in transport.queries if 'host_name="node-a"' in q]) == 6
    await source.close()


async def test_a_fractional_timeout_is_accepted_by_prometheus(fleet_prometheus) -> None:  # type: ignore[no-untyped-def]
    client = PrometheusClient(fleet_prometheus.url, timeout=2.5)
    result = await client.query("vector(1)")
    await client.close()
    assert isinstance(result, Vector), result
