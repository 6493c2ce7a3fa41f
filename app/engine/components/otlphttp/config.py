"""`otlphttp` exporter config (core `exporter/otlphttpexporter/config.go`, `config/confighttp`).

At least one of `endpoint` or the per-signal endpoints must be set; `encoding` is proto or json.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import model_validator

from app.engine.components.base import Introspectable
from app.engine.components.common import (
    Compression,
    GoDuration,
    RetryOnFailure,
    SendingQueue,
    Strict,
    TLSClient,
)


class OtlpHttpConfig(Strict, Introspectable):
    endpoint: str | None = None
    traces_endpoint: str | None = None
    metrics_endpoint: str | None = None
    logs_endpoint: str | None = None
    profiles_endpoint: str | None = None
    proxy_url: str | None = None
    tls: TLSClient | None = None
    read_buffer_size: int | None = None
    write_buffer_size: int | None = None
    timeout: GoDuration | None = None
    headers: dict[str, str] | None = None
    auth: dict[str, Any] | None = None
    compression: Compression | None = None
    compression_params: dict[str, Any] | None = None
    max_idle_conns: int | None = None
    max_idle_conns_per_host: int | None = None
    max_conns_per_host: int | None = None
    idle_conn_timeout: GoDuration | None = None
    disable_keep_alives: bool | None = None
    http2_read_idle_timeout: GoDuration | None = None
    http2_ping_timeout: GoDuration | None = None
    cookies: dict[str, Any] | None = None
    middleware: list[dict[str, Any]] | None = None
    sending_queue: SendingQueue | None = None
    retry_on_failure: RetryOnFailure | None = None
    encoding: Literal["proto", "json"] | None = None

    @model_validator(mode="after")
    def _some_endpoint(self) -> OtlpHttpConfig:
        if not any(
            (self.endpoint, self.traces_endpoint, self.metrics_endpoint, self.logs_endpoint, self.profiles_endpoint)
        ):
            raise ValueError("at least one endpoint must be specified")
        return self
