"""`config/confighttp` server and client settings, with the small blocks HTTP and gRPC settings share.

Those blocks: `confignet` (`transport`, `dialer`), `configopaque.MapList` (headers),
`configmiddleware`, `configauth` and `configcompression`. The HTTP blocks are squashed into the
component config as the collector squashes them (`endpoint` and the rest at the component's top
level); `cors`, `auth` and `tls` are Optionals that take `enabled: false`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, model_validator

from app.engine.components.common import GoDuration, Strict
from app.engine.components.configtls import TLSClient, TLSServer


class NamedValue(Strict):
    name: str
    value: str


def _distinct_names(value: Any) -> Any:
    if isinstance(value, list):
        names = [pair.name for pair in value]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"duplicate keys in map-style list: {duplicates}")
    return value


MapList = Annotated[dict[str, str] | list[NamedValue], AfterValidator(_distinct_names)]
"""`configopaque.MapList` (headers): a mapping, or a list of `{name, value}` with distinct names (0.139)."""


class Middleware(Strict):
    id: str


class Dialer(Strict):
    timeout: GoDuration | None = None


Transport = Literal[
    "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "ip", "ip4", "ip6", "unix", "unixgram", "unixpacket", "npipe"
]


class CORS(Strict):
    enabled: bool | None = None
    allowed_origins: list[str] | None = None
    allowed_headers: list[str] | None = None
    exposed_headers: list[str] | None = None
    max_age: int | None = None


class ClientAuth(Strict):
    """`configauth.Config` in an Optional: the authenticator extension's ID."""

    enabled: bool | None = None
    authenticator: str | None = None


class ServerAuth(ClientAuth):
    request_params: list[str] | None = None


class HTTPServer(Strict):
    """`confighttp.ServerConfig`, squashed into the component config (`confignet.AddrConfig` included)."""

    endpoint: str | None = None
    transport: Transport | None = None
    dialer: Dialer | None = None
    tls: TLSServer | None = None
    cors: CORS | None = None
    auth: ServerAuth | None = None
    max_request_body_size: int | None = Field(default=None, ge=0)
    include_metadata: bool | None = None
    response_headers: MapList | None = None
    compression_algorithms: list[str] | None = None
    read_timeout: GoDuration | None = None
    read_header_timeout: GoDuration | None = None
    write_timeout: GoDuration | None = None
    idle_timeout: GoDuration | None = None
    middlewares: list[Middleware] | None = None  # `middleware` until 0.132
    keep_alives_enabled: bool | None = None


Compression = Literal["", "none", "gzip", "zlib", "deflate", "snappy", "x-snappy-framed", "zstd", "lz4"]


class CompressionParams(Strict):
    level: int | None = None


def check_compression_params(compression: str | None, params: CompressionParams | None) -> None:
    """`configcompression.Type.ValidateParams`: gzip/zlib/deflate take -2..9, zstd any level, others none."""
    level = params.level if params and params.level is not None else 0
    if compression in ("gzip", "zlib", "deflate"):
        if -2 <= level <= 9:
            return
    elif compression == "zstd":
        return
    if level != 0:
        raise ValueError(f'unsupported parameters {{Level:{level}}} for compression type "{compression or ""}"')


class Cookies(Strict):
    enabled: bool | None = None


class HTTPClient(Strict):
    """`confighttp.ClientConfig`, squashed into the component config."""

    endpoint: str | None = None
    proxy_url: str | None = None
    tls: TLSClient | None = None
    read_buffer_size: int | None = None
    write_buffer_size: int | None = None
    timeout: GoDuration | None = None
    headers: MapList | None = None
    auth: ClientAuth | None = None
    compression: Compression | None = None
    compression_params: CompressionParams | None = None
    max_idle_conns: int | None = None
    max_idle_conns_per_host: int | None = None
    max_conns_per_host: int | None = None
    idle_conn_timeout: GoDuration | None = None
    disable_keep_alives: bool | None = None
    http2_read_idle_timeout: GoDuration | None = None
    http2_ping_timeout: GoDuration | None = None
    cookies: Cookies | None = None
    force_attempt_http2: bool | None = None  # 0.132
    middlewares: list[Middleware] | None = None  # `middleware` until 0.132

    @model_validator(mode="after")
    def _compression(self) -> HTTPClient:
        if self.compression not in (None, "", "none"):
            check_compression_params(self.compression, self.compression_params)
        return self
