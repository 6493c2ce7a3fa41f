"""Retrying Kubernetes API calls: bounded exponential backoff for transient failures.

An API server restarts, a load balancer drops a connection, a webhook times out: such failures
(`ApiError.transient`: no answer, 429, 500, 502, 503, 504) pass, so the runtime and the operator
try again after a growing, jittered delay, and give up after `attempts` so that a caller (the
experiment reconciler, the operator's work queue) can report and come back later instead of
hanging. Everything else (403, 404, 422, ...) is raised at once: waiting does not fix it.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from app.runtimes.kubernetes.client import ApiError

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Backoff:
    """Delays `initial * factor**n` capped at `maximum`, ±`jitter` of each, for at most `attempts` tries."""

    initial: float = 0.5
    factor: float = 2.0
    maximum: float = 30.0
    attempts: int = 6
    jitter: float = 0.2

    def delay(self, failures: int) -> float:
        """The wait after the `failures`-th consecutive failure (1-based)."""
        base = min(self.maximum, self.initial * self.factor ** max(0, failures - 1))
        return base * (1 + random.uniform(-self.jitter, self.jitter))


class ObjectTerminating(ApiError):
    """The object is being deleted (finalizers pending); a new one can be created once it is gone."""

    def __init__(self, kind: str, name: str):
        super().__init__(409, "Terminating", f"{kind} {name!r} is being deleted")

    @property
    def transient(self) -> bool:
        return True


async def retrying(operation: Callable[[], Awaitable[T]], *, backoff: Backoff, what: str) -> T:
    """Run `operation`, retrying transient `ApiError`s with `backoff`; the last error is raised."""
    failures = 0
    while True:
        try:
            return await operation()
        except ApiError as exc:
            failures += 1
            if not exc.transient or failures >= backoff.attempts:
                raise
            delay = backoff.delay(failures)
            log.warning("%s failed (%s); retry %d/%d in %.2fs", what, exc, failures, backoff.attempts - 1, delay)
            await asyncio.sleep(delay)
