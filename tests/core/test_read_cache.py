"""GenerationCache: an entry lives until its tables see a committed write, or its time is up."""

from __future__ import annotations

from app.core.change_feed import Change, ChangeFeed
from app.core.read_cache import GenerationCache
from tests.clock import Clock


def _cache(ttl: float = 5.0) -> tuple[ChangeFeed, Clock, GenerationCache[str]]:
    feed, clock = ChangeFeed(), Clock()
    return feed, clock, GenerationCache(feed, ("users", "api_keys"), ttl, clock=clock.monotonic)


def test_an_entry_is_served_until_one_of_its_tables_changes() -> None:
    feed, _, cache = _cache()
    cache.put("k", cache.stamp(), "v")
    assert cache.get("k") == "v"
    feed.publish([Change("experiments", "1", "updated")])  # another table: still valid
    assert cache.get("k") == "v"
    feed.publish([Change("api_keys", None, "updated")])
    assert cache.get("k") is None


def test_a_value_read_while_a_write_landed_is_not_kept() -> None:
    feed, _, cache = _cache()
    stamp = cache.stamp()  # the read starts...
    feed.publish([Change("users", "7", "updated")])  # ...a write commits meanwhile...
    cache.put("k", stamp, "read before the write")  # ...so what was read may be stale
    assert cache.get("k") is None


def test_an_entry_expires_after_its_ttl_for_writes_by_other_processes() -> None:
    _, clock, cache = _cache(ttl=5.0)
    cache.put("k", cache.stamp(), "v")
    clock.advance(4.9)
    assert cache.get("k") == "v"
    clock.advance(0.2)
    assert cache.get("k") is None


def test_a_zero_ttl_caches_nothing() -> None:
    _, _, cache = _cache(ttl=0)
    cache.put("k", cache.stamp(), "v")
    assert cache.get("k") is None
