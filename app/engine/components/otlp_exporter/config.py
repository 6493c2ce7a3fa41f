"""`otlp_grpc` (formerly `otlp`) exporter config (core `exporter/otlpexporter/config.go`, `config/configgrpc`).

`endpoint` is required and must carry a port (`host:4317`); an `http://`/`https://` prefix is
stripped before the check, and so is a gRPC resolver scheme (`dns:///host:4317`,
`passthrough:///host:4317`, 0.151). Headers take `${env:VAR}` so secrets stay out of the config.
The old `batcher` block is gone (0.130): batching is `sending_queue.batch`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import field_validator

from app.engine.components.base import Introspectable
from app.engine.components.common import ENV_PLACEHOLDER, GoDuration, Strict, go_duration_seconds
from app.engine.components.confighttp import ClientAuth, Compression, MapList, Middleware
from app.engine.components.configtls import TLSClient
from app.engine.components.exporterhelper import RetryOnFailure, SendingQueue

BALANCERS = ("round_robin", "pick_first")
"""gRPC load balancers registered in otelcol-phoenix 0.159.0 (others, e.g. weighted_round_robin, are refused)."""


class KeepaliveClient(Strict):
    enabled: bool | None = None
    time: GoDuration | None = None
    timeout: GoDuration | None = None
    permit_without_stream: bool | None = None


def _host_port(endpoint: str) -> str:
    """The `host:port` part the collector checks (`ClientConfig.sanitizedEndpoint`)."""
    for scheme in ("http://", "https://"):
        if endpoint.startswith(scheme):
            return endpoint.removeprefix(scheme)
    if "://" not in endpoint:
        return endpoint
    return urlsplit(endpoint).path.removeprefix("/")


class OtlpExporterConfig(Strict, Introspectable):
    endpoint: str
    compression: Compression | None = None
    tls: TLSClient | None = None
    keepalive: KeepaliveClient | None = None
    read_buffer_size: int | None = None
    write_buffer_size: int | None = None
    wait_for_ready: bool | None = None
    headers: MapList | None = None
    user_agent: str | None = None  # 0.151
    balancer_name: str | None = None
    authority: str | None = None
    auth: ClientAuth | None = None
    middlewares: list[Middleware] | None = None
    timeout: GoDuration | None = None
    sending_queue: SendingQueue | None = None
    retry_on_failure: RetryOnFailure | None = None

    @field_validator("endpoint")
    @classmethod
    def _endpoint_has_port(cls, value: str) -> str:
        endpoint = value.strip()
        if not endpoint:
            raise ValueError('requires a non-empty "endpoint"')
        if ENV_PLACEHOLDER.match(endpoint):
            return value
        if endpoint.startswith("unix://"):
            if endpoint == "unix://":
                raise ValueError("unix socket path cannot be empty")
            return value
        _, sep, port = _host_port(endpoint).rpartition(":")
        if not sep:
            raise ValueError(f"endpoint {value!r}: missing port in address (use host:port)")
        if not port.isdigit():
            raise ValueError(f'invalid port "{port}"')
        return value

    @field_validator("balancer_name")
    @classmethod
    def _registered(cls, value: str | None) -> str | None:
        if value and value not in BALANCERS:
            raise ValueError(f"invalid balancer_name: {value} (registered: {', '.join(BALANCERS)})")
        return value

    @field_validator("timeout")
    @classmethod
    def _not_negative(cls, value: str | None) -> str | None:
        if value is not None and go_duration_seconds(value) < 0:
            raise ValueError("'timeout' must be non-negative")
        return value
