"""The ottlfuncs time converters the engine runs (Now, Duration, TruncateTime, Unix*, duration units).

The process templates align the timestamps of grouped points with
`set(time, TruncateTime(Now(), Duration("1s")))` so `aggregate_on_attributes` can merge them;
these are the converters such statements need, with the 0.128.0 semantics.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.engine.ottl.errors import OttlRuntimeError
from app.engine.ottl.gotime import GoDuration, GoTime, now, parse_duration, truncate
from app.engine.ottl.values import as_duration, as_int, as_string, as_time

Fn = Callable[[Any], Any]


def _duration(args: list) -> Fn:
    target = args[0]

    def run(tc: Any) -> GoDuration:
        try:
            return parse_duration(as_string(target(tc)))
        except ValueError as exc:
            raise OttlRuntimeError(str(exc)) from None

    return run


def _truncate_time(args: list) -> Fn:
    time_getter, duration_getter = args
    return lambda tc: truncate(as_time(time_getter(tc)), as_duration(duration_getter(tc)))


def _unix(args: list) -> Fn:
    seconds, nanoseconds = args

    def run(tc: Any) -> GoTime:
        extra = as_int(nanoseconds(tc)) if nanoseconds is not None else 0
        return GoTime(as_int(seconds(tc)) * 1_000_000_000 + extra)

    return run


def _time_to_int(divisor: int) -> Callable[[list], Fn]:
    def make(args: list) -> Fn:
        target = args[0]
        return lambda tc: as_time(target(tc)).unix_nano // divisor

    return make


def _duration_to_int(divisor: int) -> Callable[[list], Fn]:
    def make(args: list) -> Fn:
        target = args[0]

        def run(tc: Any) -> int:
            nanos = as_duration(target(tc)).nanos
            return int(nanos / divisor) if nanos < 0 else nanos // divisor  # Go truncates toward zero

        return run

    return make


def _duration_to_float(unit: int) -> Callable[[list], Fn]:
    def make(args: list) -> Fn:
        target = args[0]
        return lambda tc: as_duration(target(tc)).nanos / unit

    return make


TIME_CONVERTERS: dict[str, Callable[[list], Fn]] = {
    "Now": lambda args: lambda tc: now(),
    "Duration": _duration,
    "TruncateTime": _truncate_time,
    "Unix": _unix,
    "UnixNano": _time_to_int(1),
    "UnixMicro": _time_to_int(1_000),
    "UnixMilli": _time_to_int(1_000_000),
    "UnixSeconds": _time_to_int(1_000_000_000),
    "Nanoseconds": _duration_to_int(1),
    "Microseconds": _duration_to_int(1_000),
    "Milliseconds": _duration_to_int(1_000_000),
    "Seconds": _duration_to_float(1_000_000_000),
    "Minutes": _duration_to_float(60_000_000_000),
    "Hours": _duration_to_float(3_600_000_000_000),
}
