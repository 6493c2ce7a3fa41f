"""The login throttle on its own: sliding windows, the retry time, and bounded memory."""

from __future__ import annotations

import pytest

from app.auth import throttle as throttle_module
from app.auth.throttle import LoginThrottle
from app.core.errors import TooManyRequests


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_window_slides_and_retry_after_is_exact() -> None:
    clock = Clock()
    throttle = LoginThrottle(max_per_user=3, max_per_address=100, clock=clock)
    for at in (0.0, 10.0, 20.5):
        clock.now = at
        throttle.failed("Admin", "192.0.2.1")
    clock.now = 30.0
    with pytest.raises(TooManyRequests) as refused:
        throttle.check(" admin ", "192.0.2.2")  # same name, case and spacing aside, from anywhere
    assert refused.value.headers == {"Retry-After": "30"} and refused.value.details == {"retry_after_seconds": 30}
    clock.now = 60.0  # the first failure has left the window: two remain, under the limit
    throttle.check("admin", "192.0.2.2")
    throttle.failed("admin", "192.0.2.2")
    with pytest.raises(TooManyRequests) as again:
        throttle.check("admin", "192.0.2.3")
    assert again.value.headers == {"Retry-After": "10"}  # 10.0 + 60 - 60: rounded up, never 0


def test_expired_keys_are_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(throttle_module, "_PRUNE_ABOVE", 10)
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    for n in range(11):
        throttle.failed(f"name{n}", f"192.0.2.{n}")
    clock.now = 61.0
    throttle.failed("late", "198.51.100.1")
    assert list(throttle.by_user.failures) == ["late"]
    assert list(throttle.by_address.failures) == ["198.51.100.1"]
