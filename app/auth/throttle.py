"""Login throttling: too many failed logins for one username from one client gives 429.

In memory, per process: it slows down password guessing without a shared store. A multi-replica
deployment multiplies the allowance by the number of replicas.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque

from app.core.errors import TooManyRequests

MAX_FAILURES = 5
WINDOW_SECONDS = 60.0


class LoginThrottle:
    def __init__(self, max_failures: int = MAX_FAILURES, window: float = WINDOW_SECONDS) -> None:
        self.max_failures = max_failures
        self.window = window
        self._failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        failures = self._failures[key]
        cutoff = time.monotonic() - self.window
        while failures and failures[0] < cutoff:
            failures.popleft()
        return failures

    def check(self, username: str, client: str) -> None:
        failures = self._recent((username, client))
        if len(failures) >= self.max_failures:
            retry = max(1, int(self.window - (time.monotonic() - failures[0])))
            raise TooManyRequests(
                "too many failed logins; try again later",
                {"retry_after_seconds": retry},
                headers={"Retry-After": str(retry)},
            )

    def failed(self, username: str, client: str) -> None:
        self._recent((username, client)).append(time.monotonic())

    def succeeded(self, username: str, client: str) -> None:
        self._failures.pop((username, client), None)
