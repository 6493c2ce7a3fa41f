"""Config building blocks every component model uses: strict/lenient bases, Go durations, case rules.

The collector decodes configs with mapstructure and rejects unknown keys, so the models here
forbid extra keys too (`Strict`; `Lenient` where the collector only ignores them). Shapes and checks
follow the pinned core release (core v1.65.0 / v0.159.0). The shared server, client and exporter
blocks built on these are in `configtls`, `confighttp` and `exporterhelper`.

A block the collector wraps in `configoptional.Optional` (server `tls`, `cors`, `auth`,
`keepalive`, `sending_queue`, `sending_queue.batch`, ...) also takes `enabled: false`, which turns
the block off and skips its checks. A check that is Phoenix's own (the collector loads the config)
raises `PhoenixPolicy`, so the validator can tell it from what the collector refuses.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo

_GO_DURATION = re.compile(r"^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^0$")
_GO_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_GO_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)")
ENV_PLACEHOLDER = re.compile(r"^\$\{(?:env:)?[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$")


def go_duration_seconds(text: str) -> float:
    """Seconds in a Go duration string (`1m30s`, `200ms`, `0`); raises ValueError if malformed."""
    text = text.strip()
    if not _GO_DURATION.match(text):
        raise ValueError(f"invalid duration {text!r}: use Go syntax such as '10s', '1m30s' or '200ms'")
    sign = -1.0 if text.startswith("-") else 1.0
    return sign * sum(float(n) * _GO_UNITS[u] for n, u in _GO_PART.findall(text))


# Bare numbers read as durations while a config is validated: (key, value) pairs the schema tier
# reports as warnings (set by it around each validation; unset, nothing is recorded).
BARE_DURATIONS: ContextVar[list[tuple[str, Any]] | None] = ContextVar("bare_durations", default=None)


def _check_go_duration(value: Any, info: ValidationInfo) -> Any:
    if isinstance(value, bool):
        raise ValueError("a duration is a string such as '10s'")
    if isinstance(value, int | float):
        # mapstructure accepts a bare number as nanoseconds: the collector loads `flush_interval: 5`
        # as 5ns. Accepted as it does; any number but 0 is almost surely a mistake, so it is noted.
        if value != 0:
            noted = BARE_DURATIONS.get()
            if noted is not None:
                noted.append((info.field_name or "", value))
            if float(value) != int(value):
                raise ValueError("a bare number as a duration must be whole nanoseconds; write e.g. '10s'")
            return f"{int(value)}ns"
        return "0s"
    if isinstance(value, str):
        go_duration_seconds(value)
        return value
    raise ValueError("a duration is a string such as '10s'")


GoDuration = Annotated[str, BeforeValidator(_check_go_duration)]
"""A Go `time.Duration` as written in collector YAML."""


class Strict(BaseModel):
    """A config block whose unknown keys the collector rejects."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Lenient(BaseModel):
    """A config block whose unknown keys the collector ignores (reported as warnings)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class PhoenixPolicy(ValueError):
    """A rule of Phoenix's own: the collector loads such a config, but it is refused anyway."""


def _lowercase(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


Lowercase = BeforeValidator(_lowercase)
"""For enums the collector reads case-insensitively (it lowercases them first)."""

OttlErrorMode = Annotated[Literal["ignore", "silent", "propagate"], Lowercase]
"""`error_mode` of filter/transform and of their groups (`pkg/ottl` `ErrorMode`, case-insensitive)."""

MatchType = Literal["strict", "regexp"]


class RegexpCache(Strict):
    cacheenabled: bool | None = None
    cachemaxnumentries: int | None = Field(default=None, ge=0)


def host_port(endpoint: str) -> tuple[str, int] | None:
    """(`host`, `port`) of a listen endpoint such as `0.0.0.0:8889`; None if it has no numeric port."""
    if ENV_PLACEHOLDER.match(endpoint):
        return None
    host, sep, port = endpoint.rpartition(":")
    if not sep or not port.isdigit():
        return None
    return host.strip("[]"), int(port)
