"""One real Prometheus for the analysis tests, scraping the known fleet of `fleet_fixture` every second.

Session-scoped so the PromQL tests and the client tests share its start-up and its first scrapes.
A missing binary fails in CI and skips locally (`require_component`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.analysis import prometheus_server
from tests.analysis.fleet_fixture import COLLECTORS, FleetExporter
from tests.conftest import require_component

RATE_WINDOW = "5s"
"""Five 1 s scrapes: long enough for `rate`, short enough to keep the session under ~20 s."""


@pytest.fixture(scope="session")
def fleet_prometheus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[prometheus_server.PrometheusServer]:
    if prometheus_server.binary() is None:
        require_component("prometheus", "install the Debian package `prometheus` (/usr/bin/prometheus)")
    exporter = FleetExporter()
    workdir: Path = tmp_path_factory.mktemp("prometheus")
    server = prometheus_server.start(workdir, exporter.targets())
    try:
        # Every target scraped for 6 s: each rate window of 5 s is fully covered by samples.
        prometheus_server.wait_for(server, "count(up == 1)", len(COLLECTORS) * 2)
        prometheus_server.wait_for(server, "min(count_over_time(up[6s]))", 6)
        yield server
    finally:
        server.stop()
        exporter.stop()
