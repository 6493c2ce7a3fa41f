"""A clock tests move by hand: the reconciler's, the sampler's and the control loops' `now`."""

from __future__ import annotations

from datetime import datetime, timedelta


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now().astimezone()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)

    def monotonic(self) -> float:
        """The same time as seconds, for code that takes a `time.monotonic`-style clock."""
        return self.now.timestamp()
