"""Durations as people write them (`30m`, `1h30m`, `45s`, `2d`) or as plain seconds."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BeforeValidator

_PART = re.compile(r"(\d+)([dhms])")
_WHOLE = re.compile(r"^(?:\d+[dhms])+$")
_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_duration(value: object) -> int:
    """Seconds in `value`; raises ValueError with a readable reason."""
    if isinstance(value, bool):
        raise ValueError("a duration is a string like '30m' or a number of seconds")
    if isinstance(value, int):
        seconds = value
    elif isinstance(value, float) and value.is_integer():
        seconds = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        seconds = int(value.strip())
    elif isinstance(value, str) and _WHOLE.match(value.strip()):
        seconds = sum(int(n) * _UNIT_SECONDS[u] for n, u in _PART.findall(value.strip()))
    else:
        raise ValueError(f"invalid duration {value!r}: use e.g. '90s', '30m', '1h30m' or seconds")
    if seconds < 0:
        raise ValueError("a duration cannot be negative")
    return seconds


def format_duration(seconds: int) -> str:
    """`5400` -> `1h30m`; the inverse of `parse_duration` for whole units."""
    if seconds == 0:
        return "0s"
    out = ""
    for unit, size in _UNIT_SECONDS.items():
        n, seconds = divmod(seconds, size)
        if n:
            out += f"{n}{unit}"
    return out


Seconds = Annotated[int, BeforeValidator(parse_duration)]
