"""The PhoenixProcessPipeline operator: a loop inside the Phoenix process that keeps the cluster in line.

It runs as an asyncio task next to the API (start it on the replica that holds the reconciler's
leadership; a second copy would only repeat idempotent writes). Like a controller-runtime
controller, it:

- watches PhoenixProcessPipelines (in the namespaces Phoenix manages; all when none are given) and
  the DaemonSets Phoenix manages (label selector), and queues the owning resource of every event, so
  a DaemonSet whose pods become ready updates the resource's status at once;
- lists everything again every `resync_seconds` (a full resync), which repairs whatever a missed
  event or a manual edit left behind;
- reconciles each queued resource with `reconcile.PipelineReconciler`, never the same one twice at
  the same time; a failure is retried with per-resource exponential backoff.

A watch that ends is resumed from the last version it saw; one answered with 410 Gone (that
version is too old) or broken by an error starts again from a fresh list, after a backoff when the
API server is failing. `reconcile_once` does one full pass synchronously (tests, CLI).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kubernetes_asyncio.client import ApiClient

from app.core.config import Settings
from app.runtimes.kubernetes.client import (
    DAEMON_SETS,
    PIPELINES,
    ApiError,
    KubeClient,
    Resource,
    api_client_from_environment,
)
from app.runtimes.kubernetes.crd import KIND
from app.runtimes.kubernetes.reconcile import MANAGED_SELECTOR, PipelineReconciler
from app.runtimes.kubernetes.retry import Backoff, retrying

log = logging.getLogger(__name__)
Key = tuple[str, str]
"""(namespace, name) of a PhoenixProcessPipeline."""


@dataclass
class ResyncReport:
    """What one full pass did: how many resources reconciled, and why the others failed."""

    reconciled: int = 0
    failed: dict[Key, str] = field(default_factory=dict)


def _own_key(obj: dict[str, Any]) -> Key | None:
    meta = obj.get("metadata") or {}
    return (meta["namespace"], meta["name"]) if meta.get("name") and meta.get("namespace") else None


def _owner_key(obj: dict[str, Any]) -> Key | None:
    meta = obj.get("metadata") or {}
    for ref in meta.get("ownerReferences") or []:
        if ref.get("controller") and ref.get("kind") == KIND and meta.get("namespace"):
            return (meta["namespace"], ref["name"])
    return None


class PipelineOperator:
    def __init__(
        self,
        client: KubeClient,
        *,
        namespaces: Sequence[str] = (),
        resync_seconds: float = 300.0,
        watch_timeout_seconds: int = 300,
        workers: int = 2,
        backoff: Backoff | None = None,
    ):
        self._client = client
        self.namespaces = tuple(namespaces)
        """The namespaces watched and reconciled; empty: every namespace (needs cluster-wide permissions)."""
        self._scopes: list[str | None] = list(namespaces) or [None]
        self._resync_seconds = resync_seconds
        self._watch_timeout = watch_timeout_seconds
        self._workers = workers
        self._backoff = backoff or Backoff()
        self._reconciler = PipelineReconciler(client, backoff=self._backoff)
        self._queue: asyncio.Queue[Key] = asyncio.Queue()
        self._queued: set[Key] = set()
        self._active: set[Key] = set()
        self._dirty: set[Key] = set()
        self._failures: dict[Key, int] = {}
        self._retries: dict[Key, asyncio.TimerHandle] = {}
        self._stopping = asyncio.Event()
        self.reconciles = 0
        """Reconciles done by the loop (for tests and metrics)."""

    @classmethod
    def from_api_client(cls, api_client: ApiClient, **options: Any) -> PipelineOperator:
        return cls(KubeClient(api_client), **options)

    @classmethod
    def from_settings(cls, settings: Settings, **options: Any) -> PipelineOperator:
        """Connects like `KubernetesRuntime.from_settings`: service account in a pod, else the kubeconfig.

        Watches only the namespaces Phoenix manages: its Role exists there and nowhere else, so a
        cluster-wide list or watch would be refused.
        """
        options.setdefault("namespaces", settings.kubernetes_namespaces)
        return cls(KubeClient(connect=api_client_from_environment), **options)

    # ---- the work queue -------------------------------------------------------------------------

    def enqueue(self, key: Key) -> None:
        """Queue `key` for reconciliation (once, however often it is asked for before a worker takes it)."""
        if key in self._active:
            self._dirty.add(key)
        elif key not in self._queued:
            self._queued.add(key)
            self._queue.put_nowait(key)

    def _retry_later(self, key: Key) -> float:
        failures = self._failures[key] = self._failures.get(key, 0) + 1
        delay = self._backoff.delay(failures)
        if handle := self._retries.pop(key, None):
            handle.cancel()
        self._retries[key] = asyncio.get_running_loop().call_later(delay, self.enqueue, key)
        return delay

    async def _worker(self) -> None:
        while True:
            key = await self._queue.get()
            self._queued.discard(key)
            self._active.add(key)
            try:
                outcome = await self._reconciler.reconcile(*key)
                self._failures.pop(key, None)
                log.debug("reconciled %s/%s: %s", *key, outcome)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                delay = self._retry_later(key)
                log.warning("reconciling %s/%s failed (%s); retrying in %.2fs", *key, exc, delay)
            finally:
                self.reconciles += 1
                self._active.discard(key)
                if key in self._dirty:
                    self._dirty.discard(key)
                    self.enqueue(key)

    # ---- watches and resync ---------------------------------------------------------------------

    async def _watch(
        self,
        resource: Resource,
        namespace: str | None,
        selector: str | None,
        to_key: Callable[[dict[str, Any]], Key | None],
    ) -> None:
        version: str | None = None
        failures = 0
        while True:
            try:
                if version is None:
                    listing = await self._client.list(resource, namespace=namespace, label_selector=selector)
                    for item in listing.get("items") or []:
                        if key := to_key(item):
                            self.enqueue(key)
                    version = listing["metadata"]["resourceVersion"]
                events = self._client.watch(
                    resource,
                    namespace=namespace,
                    resource_version=version,
                    label_selector=selector,
                    timeout_seconds=self._watch_timeout,
                )
                opened, seen = asyncio.get_running_loop().time(), 0
                async with contextlib.aclosing(events):
                    async for event in events:
                        failures, seen = 0, seen + 1
                        obj = event.get("object") or {}
                        version = (obj.get("metadata") or {}).get("resourceVersion") or version
                        if event.get("type") != "BOOKMARK" and (key := to_key(obj)):
                            self.enqueue(key)
                if not seen and asyncio.get_running_loop().time() - opened < 1.0:
                    failures += 1  # something ends watches at once: do not hammer the API server
                    await asyncio.sleep(self._backoff.delay(failures))
            except ApiError as exc:
                version = None
                if exc.gone:
                    log.info("watch of %s expired (%s); listing again", resource.plural, exc.message)
                    continue
                failures += 1
                delay = self._backoff.delay(failures)
                log.warning("watch of %s failed (%s); listing again in %.2fs", resource.plural, exc, delay)
                await asyncio.sleep(delay)
            except (ValueError, KeyError, TypeError) as exc:  # a malformed answer: log it, never stop watching
                version = None
                failures += 1
                log.exception("watch of %s got a malformed answer (%s); listing again", resource.plural, exc)
                await asyncio.sleep(self._backoff.delay(failures))

    async def _keys(self) -> list[Key]:
        keys: list[Key] = []
        for namespace in self._scopes:

            async def listing(namespace: str | None = namespace) -> dict[str, Any]:
                return await self._client.list(PIPELINES, namespace=namespace)

            found = await retrying(listing, backoff=self._backoff, what="list PhoenixProcessPipelines")
            keys += [key for item in found.get("items") or [] if (key := _own_key(item))]
        return keys

    async def _resync(self) -> None:
        while True:
            await asyncio.sleep(self._resync_seconds)
            try:
                for key in await self._keys():
                    self.enqueue(key)
            except (ApiError, ValueError, KeyError, TypeError) as exc:
                log.warning(
                    "resync of PhoenixProcessPipelines failed (%s); next one in %.0fs", exc, self._resync_seconds
                )

    # ---- lifecycle ------------------------------------------------------------------------------

    async def _wait_for_crd(self) -> None:
        """Until the CRD is served there is nothing to watch: check with backoff, saying what is missing."""
        failures = 0
        while True:
            try:
                if await self._client.crd_established():
                    return
                problem = "the PhoenixProcessPipeline CRD is not installed (kubectl apply -k deploy/kubernetes/crds)"
            except ApiError as exc:
                problem = f"cannot read the PhoenixProcessPipeline CRD ({exc})"
            failures += 1
            delay = self._backoff.delay(failures)
            log.error("operator waiting: %s; checking again in %.1fs", problem, delay)
            await asyncio.sleep(delay)

    def _spawn(self) -> list[asyncio.Task[None]]:
        tasks = [asyncio.create_task(self._worker(), name=f"phoenix-operator-worker-{i}") for i in range(self._workers)]
        for namespace in self._scopes:
            tasks.append(asyncio.create_task(self._watch(PIPELINES, namespace, None, _own_key)))
            tasks.append(asyncio.create_task(self._watch(DAEMON_SETS, namespace, MANAGED_SELECTOR, _owner_key)))
        tasks.append(asyncio.create_task(self._resync(), name="phoenix-operator-resync"))
        return tasks

    async def run(self) -> None:
        """Wait for the CRD, then watch, resync and reconcile until `stop()` (or until cancelled)."""
        self._stopping.clear()
        crd = asyncio.create_task(self._wait_for_crd())
        stop = asyncio.create_task(self._stopping.wait())
        tasks: list[asyncio.Task[Any]] = [crd, stop]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            if stop.done():
                return
            crd.result()
            tasks += self._spawn()
            await stop
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            for handle in self._retries.values():
                handle.cancel()
            self._retries.clear()

    async def stop(self) -> None:
        """Ask `run()` to return; in-flight API calls are cancelled (every write is idempotent)."""
        self._stopping.set()

    async def reconcile_once(self) -> ResyncReport:
        """One full resync, synchronously: reconcile every PhoenixProcessPipeline in scope."""
        report = ResyncReport()
        for key in await self._keys():
            try:
                await self._reconciler.reconcile(*key)
                report.reconciled += 1
            except ApiError as exc:
                report.failed[key] = str(exc)
        return report

    async def close(self) -> None:
        await self._client.close()
