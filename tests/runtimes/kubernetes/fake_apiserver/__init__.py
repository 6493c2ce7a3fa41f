"""A fake Kubernetes API server for tests, following the real REST semantics, in the test's own event loop.

`running_fake_apiserver()` starts one on 127.0.0.1 (a free port) inside the test's event loop; the
code under test talks to it over HTTP with kubernetes_asyncio, exactly as it would to a cluster,
authorized as the install's Role and ClusterRole would authorize Phoenix (`rbac`).

What a cluster does, the real control plane in `tests/kube` shows (the CRD's schema and pruning,
server-side validation, owner references and the garbage collector, finalizers, RBAC, 410 Gone after
etcd's compaction, DaemonSets whose pods run real collectors, whole experiments). This fake stays for
what a real apiserver cannot be made to do on demand, and says so in each test that uses it:
- **outages** of a chosen length or number of requests (`fail`: 503/504/500 answers; `refuse`:
  connection refused) in the middle of a write or a watch, to test the retries and backoff;
- **lost responses** (`lose_responses`: the write happens, its answer never arrives), to test that a
  retried create or update never duplicates an object;
- **every watch ended at once** and the history compacted **between two precise steps**
  (`store.history`), to test resumption from the last version seen (the real plane shows the 410 and
  the fresh list, but cannot place them between two given writes);
- **a record of every request** (`writes`, `requests`) and the Role checked on each of them, so a test
  can assert how many writes a step made and that nothing outside the Role was ever asked.
Its other use is speed: the runtime's and operator's unit tests run in milliseconds here, the real
plane's in seconds.
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
