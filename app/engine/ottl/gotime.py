"""Go's time.Time and time.Duration as OTTL sees them (datapoint.time, Now(), Duration(), math on times).

Both are kept as integer nanoseconds so comparisons and math are exact, as in Go: a `GoTime` is
nanoseconds since the Unix epoch (UTC), a `GoDuration` a signed nanosecond count.
`parse_duration` follows time.ParseDuration and `truncate` follows Time.Truncate, which rounds
down relative to Go's zero time (January 1, year 1), not the Unix epoch.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from fractions import Fraction
from functools import lru_cache

# The clock Now() reads; tests replace it to get deterministic times.
clock: Callable[[], int] = time.time_ns
# A per-task instant that overrides the clock: the engine pins Now() for the duration of one payload.
_pinned: ContextVar[int | None] = ContextVar("ottl_pinned_now", default=None)

_UNITS = {
    "ns": 1,
    "us": 1_000,
    "µs": 1_000,
    "μs": 1_000,
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60_000_000_000,
    "h": 3_600_000_000_000,
}
_PART = re.compile(r"(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)")
_MAX = 2**63 - 1
_ZERO_TIME_OFFSET_NS = 62_135_596_800 * 1_000_000_000  # year 1 → 1970, in nanoseconds


@dataclass(frozen=True, slots=True, order=True)
class GoTime:
    unix_nano: int

    def rfc3339(self) -> str:
        """time.RFC3339Nano in UTC (what encoding/json writes for a time.Time)."""
        seconds, nanos = divmod(self.unix_nano, 1_000_000_000)
        text = datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S")
        if nanos:
            text += "." + f"{nanos:09d}".rstrip("0")
        return text + "Z"


@dataclass(frozen=True, slots=True, order=True)
class GoDuration:
    nanos: int


@lru_cache(maxsize=256)  # pure and called per datapoint by Duration("1s"); GoDuration is immutable
def parse_duration(text: str) -> GoDuration:
    """time.ParseDuration: "300ms", "-1.5h", "2h45m"; raises ValueError like Go's error."""
    body, sign = text, 1
    if body and body[0] in "+-":
        sign, body = (-1 if body[0] == "-" else 1), body[1:]
    if body == "0":
        return GoDuration(0)
    if not body:
        raise ValueError(f'time: invalid duration "{text}"')
    total, position = Fraction(0), 0
    while position < len(body):
        match = _PART.match(body, position)
        if not match or not (match.group(1) or match.group(2)):
            raise ValueError(f'time: invalid duration "{text}"')
        whole, fraction, unit = match.groups()
        value = Fraction(int(whole or "0"))
        if fraction:
            value += Fraction(int(fraction), 10 ** len(fraction))
        total += value * _UNITS[unit]
        position = match.end()
    nanos = int(total)
    if nanos > _MAX + (sign < 0):
        raise ValueError(f'time: invalid duration "{text}"')
    return GoDuration(sign * nanos)


def truncate(value: GoTime, duration: GoDuration) -> GoTime:
    """Time.Truncate: round down to a multiple of `duration` since Go's zero time."""
    if duration.nanos <= 0:
        return value
    remainder = (value.unix_nano + _ZERO_TIME_OFFSET_NS) % duration.nanos
    return GoTime(value.unix_nano - remainder)


def now() -> GoTime:
    pinned = _pinned.get()
    return GoTime(clock() if pinned is None else pinned)


@contextmanager
def pinned_now(unix_nano: int) -> Iterator[None]:
    """Make Now() return `unix_nano` inside the block (this thread/task only).

    The collector evaluates Now() per datapoint, but processes a payload within milliseconds, so
    every point of one payload gets the same second; the engine is slower, and pinning keeps a
    payload from straddling a second boundary more often than the collector would.
    """
    token = _pinned.set(unix_nano)
    try:
        yield
    finally:
        _pinned.reset(token)
