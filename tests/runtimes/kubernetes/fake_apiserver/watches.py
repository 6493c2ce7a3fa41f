"""Watch streams of the fake API server: the event history and what one watcher sees of it.

Part of a fake Kubernetes API server for tests (no cluster can run here, so the fake follows the real
REST semantics). As on a real server:

- every write bumps one global `resourceVersion`; an event carries the object at that version;
- a watch from version `N` replays every retained event after `N`, then streams new ones; a watch
  without a version (or `0`) starts with a synthetic `ADDED` for every existing object;
- a version older than the retained history (see `History.compact`) is answered with an `ERROR`
  event whose object is a `Status` with code 410 (`Expired`), and the stream ends;
- with a label selector, an object that stops matching is seen as `DELETED` and one that starts
  matching as `ADDED`, like the watch cache does.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.runtimes.kubernetes.fake_apiserver.resources import ResourceType, gone


@dataclass(frozen=True)
class Event:
    revision: int
    type: str
    resource: ResourceType
    obj: dict[str, Any]
    old: dict[str, Any] | None = None


CLOSED = None
"""Put on a watcher's queue to end its stream (server outage, shutdown)."""


class Watcher:
    """One open watch: filters events by resource, namespace and selectors and queues what it sees."""

    def __init__(
        self,
        resource: ResourceType,
        namespace: str | None,
        labels: Callable[[dict[str, str]], bool],
        fields: Callable[[dict[str, Any]], bool],
    ):
        self.resource = resource
        self.namespace = namespace
        self._labels = labels
        self._fields = fields
        self.queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()

    def _matches(self, obj: dict[str, Any] | None) -> bool:
        if obj is None:
            return False
        meta = obj.get("metadata", {})
        if self.namespace is not None and meta.get("namespace") != self.namespace:
            return False
        return self._labels(meta.get("labels") or {}) and self._fields(obj)

    def translate(self, event: Event) -> dict[str, Any] | None:
        """The event as this watcher sees it (`{"type", "object"}`), or None when it does not concern it."""
        if event.resource != self.resource:
            return None
        now, before = self._matches(event.obj), self._matches(event.old)
        obj = event.obj
        if event.type != "MODIFIED":
            kind = event.type if now else None
        elif now:
            kind = "MODIFIED" if before else "ADDED"
        elif before:
            # It left the selection: DELETED with its previous content at the event's version.
            kind, obj = "DELETED", copy.deepcopy(event.old or {})
            obj.setdefault("metadata", {})["resourceVersion"] = str(event.revision)
        else:
            kind = None
        return None if kind is None else {"type": kind, "object": copy.deepcopy(obj)}

    def offer(self, event: Event) -> None:
        seen = self.translate(event)
        if seen is not None:
            self.queue.put_nowait(seen)

    def close(self) -> None:
        self.queue.put_nowait(CLOSED)


class History:
    """Retained events (newest last) and the open watchers they are fanned out to."""

    def __init__(self, retain: int = 10_000):
        self._events: list[Event] = []
        self._retain = retain
        self.floor = 0
        """Events at or below this version are compacted away; watching from older versions is 410."""
        self.watchers: set[Watcher] = set()

    def record(self, event: Event) -> None:
        self._events.append(event)
        if len(self._events) > self._retain:
            dropped = self._events.pop(0)
            self.floor = dropped.revision
        for watcher in list(self.watchers):
            watcher.offer(event)

    def events(self, resource: ResourceType | None = None) -> list[Event]:
        """Retained events, oldest first (of one resource type, if given)."""
        return [e for e in self._events if resource is None or e.resource == resource]

    def compact(self, revision: int) -> None:
        """Forget every event up to `revision`, as etcd compaction does."""
        self._events = [e for e in self._events if e.revision > revision]
        self.floor = max(self.floor, revision)

    def replay(self, watcher: Watcher, since: int) -> list[dict[str, Any]]:
        """What `watcher` missed after `since`; raises 410 when that part of the history is gone."""
        if since < self.floor:
            raise gone(f"too old resource version: {since} ({self.floor + 1})")
        return [seen for e in self._events if e.revision > since if (seen := watcher.translate(e)) is not None]

    def close_all(self) -> None:
        for watcher in list(self.watchers):
            watcher.close()
        self.watchers.clear()
