"""`otlp` receiver config (core `receiver/otlpreceiver/config.go`, `config/configgrpc`, `config/confighttp`).

A protocol key written with no value (`grpc:`) enables that protocol with its defaults:
gRPC on `localhost:4317`, HTTP on `localhost:4318`. Each protocol (and its `tls`, `keepalive`,
`auth`, `cors`) is an Optional: `enabled: false` turns it off. The HTTP `*_url_path` settings
are read with Go's `url.Parse`; the errors it gives for a path are checked here (an authority
written as `//host:port/...` is left to the collector tier).
"""

from __future__ import annotations

import re

from pydantic import Field, field_validator, model_validator

from app.engine.components.base import Introspectable, Path
from app.engine.components.common import GoDuration, Strict
from app.engine.components.confighttp import Dialer, HTTPServer, Middleware, ServerAuth, Transport
from app.engine.components.configtls import TLSServer

DEFAULT_GRPC_ENDPOINT = "localhost:4317"
DEFAULT_HTTP_ENDPOINT = "localhost:4318"


class KeepaliveServerParameters(Strict):
    enabled: bool | None = None
    max_connection_idle: GoDuration | None = None
    max_connection_age: GoDuration | None = None
    max_connection_age_grace: GoDuration | None = None
    time: GoDuration | None = None
    timeout: GoDuration | None = None


class KeepaliveEnforcementPolicy(Strict):
    enabled: bool | None = None
    min_time: GoDuration | None = None
    permit_without_stream: bool | None = None


class KeepaliveServer(Strict):
    enabled: bool | None = None
    server_parameters: KeepaliveServerParameters | None = None
    enforcement_policy: KeepaliveEnforcementPolicy | None = None


class GRPCServer(Strict):
    """`configgrpc.ServerConfig`."""

    enabled: bool | None = None
    endpoint: str | None = None
    transport: Transport | None = None
    dialer: Dialer | None = None
    tls: TLSServer | None = None
    max_recv_msg_size_mib: int | None = Field(default=None, ge=0)
    max_concurrent_streams: int | None = Field(default=None, ge=0)
    read_buffer_size: int | None = Field(default=None, ge=0)
    write_buffer_size: int | None = Field(default=None, ge=0)
    keepalive: KeepaliveServer | None = None
    auth: ServerAuth | None = None
    include_metadata: bool | None = None
    middlewares: list[Middleware] | None = None


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:|:")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _url_parse_error(text: str) -> str | None:
    """What Go's `url.Parse` refuses in a path-like URL, or None."""
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in text):
        return "net/url: invalid control character in URL"
    scheme = _SCHEME.match(text)
    if scheme and scheme.group() == ":":
        return "missing protocol scheme"
    url, _, fragment = text.partition("#")
    rest = url[scheme.end() :] if scheme else url
    path = rest.partition("?")[0]
    if not path.startswith("/"):
        if scheme:
            path = ""  # opaque (`mailto:x`): not unescaped
        elif ":" in path.partition("/")[0]:
            return "first path segment in URL cannot contain colon"
    for part in (path, fragment):
        bad = _BAD_ESCAPE.search(part)
        if bad:
            return f'invalid URL escape "{part[bad.start() : bad.start() + 3]}"'
    return None


class HTTPReceiver(HTTPServer):
    enabled: bool | None = None
    traces_url_path: str | None = None
    metrics_url_path: str | None = None
    logs_url_path: str | None = None

    @field_validator("traces_url_path", "metrics_url_path", "logs_url_path")
    @classmethod
    def _parses(cls, value: str | None) -> str | None:
        error = _url_parse_error(value) if value is not None else None
        if error:
            raise ValueError(f'invalid HTTP URL path set for signal: parse "{value}": {error}')
        return value


class Protocols(Strict):
    grpc: GRPCServer | None = None
    http: HTTPReceiver | None = None

    def enabled(self, protocol: str) -> bool:
        """Whether `protocol` is on: written (even empty) and not `enabled: false`."""
        block = getattr(self, protocol)
        return protocol in self.model_fields_set and (block is None or block.enabled is not False)


class OtlpReceiverConfig(Strict, Introspectable):
    protocols: Protocols

    @model_validator(mode="after")
    def _one_protocol(self) -> OtlpReceiverConfig:
        if not (self.protocols.enabled("grpc") or self.protocols.enabled("http")):
            raise ValueError("must specify at least one protocol when using the OTLP receiver")
        return self

    def listen_endpoints(self) -> list[tuple[Path, str]]:
        out: list[tuple[Path, str]] = []
        if self.protocols.enabled("grpc"):
            grpc = self.protocols.grpc
            out.append((("protocols", "grpc"), (grpc and grpc.endpoint) or DEFAULT_GRPC_ENDPOINT))
        if self.protocols.enabled("http"):
            http = self.protocols.http
            out.append((("protocols", "http"), (http and http.endpoint) or DEFAULT_HTTP_ENDPOINT))
        return out
