"""Login throttling: too many failed logins for one username (from anywhere) or from one client
address (for any usernames) gives 429 with `Retry-After`.

Two counters, because each alone has a bypass: per (username, address) lets a botnet, or a client
who can vary its address, guess one password without limit, and per username alone lets one client
spray a common password over every account. The address is what `app.core.proxy` decided, so a
forged `X-Forwarded-For` cannot pick a fresh bucket.

In memory, per process: it slows down password guessing without a shared store. A multi-replica
deployment multiplies the allowance by the number of replicas. The clock is injectable so tests
move time instead of sleeping.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

from app.core.errors import TooManyRequests

MAX_FAILURES_PER_USER = 5
# Higher than per user: several people behind one NAT or proxy mistype passwords too.
MAX_FAILURES_PER_ADDRESS = 20
WINDOW_SECONDS = 60.0
# Above this many tracked keys, expired ones are dropped (a spray of random names must not grow memory).
_PRUNE_ABOVE = 10_000


class _Window:
    """Failure times per key within a sliding window."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float]) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self.failures: dict[str, deque[float]] = {}
        self._pruned_at = float("-inf")

    def _recent(self, key: str) -> deque[float]:
        failures = self.failures.get(key)
        if failures is None:
            return deque()
        cutoff = self.clock() - self.window
        while failures and failures[0] <= cutoff:
            failures.popleft()
        if not failures:
            del self.failures[key]
        return failures

    def retry_after(self, key: str) -> float:
        """Seconds until `key` may try again; 0 when it is under its limit."""
        failures = self._recent(key)
        if len(failures) < self.limit:
            return 0.0
        # The oldest failure that keeps the count at the limit must leave the window.
        return failures[len(failures) - self.limit] + self.window - self.clock()

    def add(self, key: str) -> None:
        now = self.clock()
        # At most once a second, so a flood of fresh keys costs one sweep per second, not one per try.
        if len(self.failures) > _PRUNE_ABOVE and now - self._pruned_at >= 1.0:
            self._pruned_at = now
            for stale in list(self.failures):
                self._recent(stale)
        self.failures.setdefault(key, deque()).append(now)

    def clear(self, key: str) -> None:
        self.failures.pop(key, None)


class LoginThrottle:
    def __init__(
        self,
        *,
        max_per_user: int = MAX_FAILURES_PER_USER,
        max_per_address: int = MAX_FAILURES_PER_ADDRESS,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.by_user = _Window(max_per_user, window, clock)
        self.by_address = _Window(max_per_address, window, clock)

    @staticmethod
    def _user_key(username: str) -> str:
        # Case-folded: `Admin` and `admin` share one allowance whatever the lookup's collation.
        return username.strip().casefold()

    def check(self, username: str, address: str) -> None:
        """Raise 429 if either the username or the address has used up its failures."""
        wait = max(self.by_user.retry_after(self._user_key(username)), self.by_address.retry_after(address))
        if wait > 0:
            retry = max(1, math.ceil(wait))
            raise TooManyRequests(
                "too many failed logins; try again later",
                {"retry_after_seconds": retry},
                headers={"Retry-After": str(retry)},
            )

    def failed(self, username: str, address: str) -> None:
        self.by_user.add(self._user_key(username))
        self.by_address.add(address)

    def succeeded(self, username: str, address: str) -> None:
        """Forget the username's failures; the address keeps its count, or one valid account would
        let its holder reset the address counter between guesses at other accounts."""
        self.by_user.clear(self._user_key(username))
