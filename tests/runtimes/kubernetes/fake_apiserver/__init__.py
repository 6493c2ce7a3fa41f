"""A fake Kubernetes API server for tests, following the real REST semantics, because no cluster can run here.

`running_fake_apiserver()` starts one on 127.0.0.1 (a free port) inside the test's event loop; the
code under test talks to it over HTTP with kubernetes_asyncio, exactly as it would to a cluster,
authorized as the install's Role and ClusterRole would authorize Phoenix (`rbac`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from tests.runtimes.kubernetes.fake_apiserver.resources import (
    CONFIG_MAPS,
    CRDS,
    DAEMON_SETS,
    PIPELINES,
    PODS,
    SERVICES,
    ApiStatusError,
    ResourceType,
)
from tests.runtimes.kubernetes.fake_apiserver.server import FakeApiServer, RecordedRequest

__all__ = [
    "CONFIG_MAPS",
    "CRDS",
    "DAEMON_SETS",
    "PIPELINES",
    "PODS",
    "SERVICES",
    "ApiStatusError",
    "FakeApiServer",
    "RecordedRequest",
    "ResourceType",
    "running_fake_apiserver",
]


@asynccontextmanager
async def running_fake_apiserver(**options: Any) -> AsyncIterator[FakeApiServer]:
    """A started `FakeApiServer` (options as its constructor), stopped on exit; a test that made a request
    the install's RBAC would refuse fails here (`FakeApiServer.assert_nothing_forbidden`)."""
    server = FakeApiServer(**options)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
    server.assert_nothing_forbidden()
