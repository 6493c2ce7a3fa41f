"""`otlp` (gRPC) exporter config (core `exporter/otlpexporter/config.go`, `config/configgrpc`).

`endpoint` is required and must carry a port (`host:4317`); an `http://`/`https://` prefix is
stripped before the check. Headers take `${env:VAR}` so secrets stay out of the config.
"""

from __future__ import annotations

from typing import Any

from pydantic import field_validator

from app.engine.components.base import Introspectable
from app.engine.components.common import (
    ENV_PLACEHOLDER,
    Compression,
    GoDuration,
    RetryOnFailure,
    SendingQueue,
    Strict,
    TLSClient,
)


class KeepaliveClient(Strict):
    time: GoDuration | None = None
    timeout: GoDuration | None = None
    permit_without_stream: bool | None = None


class OtlpExporterConfig(Strict, Introspectable):
    endpoint: str
    compression: Compression | None = None
    tls: TLSClient | None = None
    keepalive: KeepaliveClient | None = None
    read_buffer_size: int | None = None
    write_buffer_size: int | None = None
    wait_for_ready: bool | None = None
    headers: dict[str, str] | None = None
    balancer_name: str | None = None
    authority: str | None = None
    auth: dict[str, Any] | None = None
    middlewares: list[dict[str, Any]] | None = None
    timeout: GoDuration | None = None
    sending_queue: SendingQueue | None = None
    retry_on_failure: RetryOnFailure | None = None
    batcher: dict[str, Any] | None = None

    @field_validator("endpoint")
    @classmethod
    def _endpoint_has_port(cls, value: str) -> str:
        endpoint = value.strip()
        if not endpoint:
            raise ValueError('requires a non-empty "endpoint"')
        if ENV_PLACEHOLDER.match(endpoint) or endpoint.startswith("unix://"):
            return value
        for scheme in ("http://", "https://"):
            endpoint = endpoint.removeprefix(scheme)
        host, sep, port = endpoint.rpartition(":")
        if not sep or not host:
            raise ValueError(f"endpoint {value!r}: missing port in address (use host:port)")
        if not port.isdigit():
            raise ValueError(f'invalid port "{port}"')
        return value
