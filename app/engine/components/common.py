"""Config building blocks shared by the component models: Go durations, TLS, HTTP/gRPC settings.

The collector decodes configs with mapstructure and rejects unknown keys, so the models here
forbid extra keys too. Shapes follow the pinned core release (`config/configtls`,
`config/confighttp`, `config/configgrpc`, `config/configretry`, `exporter/exporterhelper`).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

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


def _check_go_duration(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("a duration is a string such as '10s'")
    if isinstance(value, int | float):
        # mapstructure accepts a bare number as nanoseconds; only 0 is ever meant that way.
        if value != 0:
            raise ValueError("write durations with a unit, e.g. '10s' (a bare number means nanoseconds)")
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


MatchType = Literal["strict", "regexp"]


class RegexpCache(Strict):
    cacheenabled: bool | None = None
    cachemaxnumentries: int | None = Field(default=None, ge=0)


class TLSSettings(Strict):
    """configtls' settings shared by clients and servers."""

    ca_file: str | None = None
    ca_pem: str | None = None
    include_system_ca_certs_pool: bool | None = None
    cert_file: str | None = None
    cert_pem: str | None = None
    key_file: str | None = None
    key_pem: str | None = None
    min_version: str | None = None
    max_version: str | None = None
    cipher_suites: list[str] | None = None
    reload_interval: GoDuration | None = None
    curve_preferences: list[str] | None = None
    tpm: dict[str, Any] | None = None


class TLSClient(TLSSettings):
    insecure: bool | None = None
    insecure_skip_verify: bool | None = None
    server_name_override: str | None = None


class TLSServer(TLSSettings):
    client_ca_file: str | None = None
    client_ca_file_reload: bool | None = None


class CORS(Strict):
    allowed_origins: list[str] | None = None
    allowed_headers: list[str] | None = None
    max_age: int | None = None


class HTTPServer(Strict):
    """`confighttp.ServerConfig`, squashed into the component config."""

    endpoint: str | None = None
    tls: TLSServer | None = None
    cors: CORS | None = None
    auth: dict[str, Any] | None = None
    max_request_body_size: int | None = Field(default=None, ge=0)
    include_metadata: bool | None = None
    response_headers: dict[str, str] | None = None
    compression_algorithms: list[str] | None = None
    read_timeout: GoDuration | None = None
    read_header_timeout: GoDuration | None = None
    write_timeout: GoDuration | None = None
    idle_timeout: GoDuration | None = None
    middleware: list[dict[str, Any]] | None = None


Compression = Literal["", "none", "gzip", "zlib", "deflate", "snappy", "x-snappy-framed", "zstd", "lz4"]


class RetryOnFailure(Strict):
    enabled: bool | None = None
    initial_interval: GoDuration | None = None
    randomization_factor: float | None = Field(default=None, ge=0, le=1)
    multiplier: float | None = Field(default=None, gt=0)
    max_interval: GoDuration | None = None
    max_elapsed_time: GoDuration | None = None


class QueueBatch(Strict):
    flush_timeout: GoDuration | None = None
    min_size: int | None = Field(default=None, ge=0)
    max_size: int | None = Field(default=None, ge=0)


class SendingQueue(Strict):
    """`exporterhelper.QueueBatchConfig` (`sending_queue`)."""

    enabled: bool | None = None
    wait_for_result: bool | None = None
    sizer: Literal["requests", "items", "bytes"] | None = None
    queue_size: int | None = Field(default=None, ge=0)
    block_on_overflow: bool | None = None
    blocking: bool | None = None
    storage: str | None = None
    num_consumers: int | None = Field(default=None, ge=1)
    batch: QueueBatch | None = None


def host_port(endpoint: str) -> tuple[str, int] | None:
    """(`host`, `port`) of a listen endpoint such as `0.0.0.0:8889`; None if it has no numeric port."""
    if ENV_PLACEHOLDER.match(endpoint):
        return None
    host, sep, port = endpoint.rpartition(":")
    if not sep or not port.isdigit():
        return None
    return host.strip("[]"), int(port)
