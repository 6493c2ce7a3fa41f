"""Read answers cached until the tables they were read from change, or for a few seconds at most.

An entry is stamped with the generation (`app.core.change_feed`) of the tables it was read from, as
they were before the read. A write to one of them committed by this process moves a generation, so
the entry is never served again: here the cache is exact. A write committed by another process (a
second replica, `phoenix users` on the command line) is not announced here, so every entry also
expires after `ttl` seconds (`Settings.read_cache_seconds`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

from app.core.change_feed import ChangeFeed

T = TypeVar("T")

# Beyond this many entries the cache starts over: a bound on memory, not an eviction policy, since
# what is cached (live credentials, list pages) is few at a time.
MAX_ENTRIES = 10_000


class GenerationCache(Generic[T]):
    """Values cached under a key, valid while `tables` see no committed write and for `ttl` seconds."""

    def __init__(
        self, feed: ChangeFeed, tables: tuple[str, ...], ttl: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._feed, self._tables, self._ttl, self._clock = feed, tables, ttl, clock
        self._entries: dict[object, tuple[tuple[int, ...], float, T]] = {}

    def stamp(self) -> tuple[int, ...]:
        """Take before reading what is to be cached, and pass to `put`."""
        return self._feed.generation(*self._tables)

    def get(self, key: object) -> T | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        stamp, expires, value = entry
        if stamp != self.stamp() or self._clock() >= expires:
            self._entries.pop(key, None)
            return None
        return value

    def clear(self) -> None:
        self._entries.clear()

    def put(self, key: object, stamp: tuple[int, ...], value: T) -> None:
        """Keep `value`, read at `stamp`; if a write landed meanwhile it is stale already and not kept."""
        if self._ttl <= 0 or stamp != self.stamp():
            return
        if len(self._entries) >= MAX_ENTRIES:
            self._entries.clear()
        self._entries[key] = (stamp, self._clock() + self._ttl, value)
