"""Fixtures for the kubernetes runtime tests.

- Validation against the official Kubernetes schemas. `kubernetes-validate` ships the OpenAPI-derived
  JSON schemas of each Kubernetes release; strict mode rejects unknown fields, as
  `kubectl apply --validate=strict` does. The version is pinned so a new library release cannot
  change what "valid" means under the tests.
- An in-process fake API server (`fake_apiserver`) and the runtime talking to it over HTTP; the fake
  authorizes every request with the permissions the install grants (`fake_apiserver/rbac.py`).
- One real Prometheus for the Prometheus KPI source tests, scraping the known fleet of `fleet_fixture`
  every second. Session-scoped so the PromQL tests and the client tests share its start-up and its
  first scrapes. A missing binary fails in CI and skips locally (`require_component`).

`build_variant` and the autouse catalog settings come from `tests/runtimes/conftest.py`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest

from app.runtimes.kubernetes.runtime import KubernetesRuntime
from tests.conftest import require_component
from tests.runtimes.kubernetes import prometheus_server
from tests.runtimes.kubernetes.fleet_fixture import COLLECTORS, FleetExporter

KUBERNETES_VERSION = "1.30.0"

TEMPLATE_NAMES = (
    "process-baseline-v1",
    "process-priority-filter-v1",
    "process-aggregated-v1",
    "process-topk-v1",
    "process-adaptive-v1",
    "process-aggressive-v1",
    "process-dynamic-v1",
)


def assert_valid_kubernetes(obj: dict[str, Any]) -> None:
    """`obj` passes the official schema of its kind in Kubernetes KUBERNETES_VERSION, unknown fields refused."""
    try:
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as exc:
        where = ".".join(str(p) for p in exc.path)
        raise AssertionError(
            f"{obj.get('kind')}/{obj.get('metadata', {}).get('name')}: {where}: {exc.message}"
        ) from None


@pytest.fixture
async def server() -> AsyncIterator[Any]:
    """An in-process fake API server (real REST semantics; no cluster runs here) with three nodes.
    Modules that need another shape define their own `server`."""
    from tests.runtimes.kubernetes.fake_apiserver import running_fake_apiserver  # it imports this module

    async with running_fake_apiserver(nodes=3) as fake:
        yield fake


@pytest.fixture
async def runtime(server: Any) -> AsyncIterator[KubernetesRuntime]:
    """The kubernetes runtime, talking to `server` over HTTP with short test backoffs."""
    from tests.runtimes.kubernetes.kube_cluster import (
        FAST,
        client_for,
    )  # it imports the fake server, which imports this

    runtime = KubernetesRuntime(client_for(server), backoff=FAST)
    yield runtime
    await runtime.close()


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
