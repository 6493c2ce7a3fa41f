"""Config building blocks shared by the component models: Go durations, TLS, HTTP/gRPC settings.

The collector decodes configs with mapstructure and rejects unknown keys, so the models here
forbid extra keys too. Shapes and checks follow the pinned core release (core v1.65.0 / v0.159.0:
`config/configtls`, `config/confighttp`, `config/configgrpc`, `config/confignet`,
`config/configopaque`, `config/configoptional`, `config/configretry`, `exporter/exporterhelper`).

A block the collector wraps in `configoptional.Optional` (server `tls`, `cors`, `auth`,
`keepalive`, `sending_queue`, `sending_queue.batch`, ...) also takes `enabled: false`, which turns
the block off and skips its checks. A check that is Phoenix's own (the collector loads the config)
raises `PhoenixPolicy`, so the validator can tell it from what the collector refuses.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, model_validator

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


def _seconds(value: str | None, default: float = 0.0) -> float:
    return default if value is None else go_duration_seconds(value)


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


class TPM(Strict):
    enabled: bool | None = None
    path: str | None = None
    auth: str | None = None
    owner_auth: str | None = None


_TLS_VERSIONS = {"1.0": 10, "1.1": 11, "1.2": 12, "1.3": 13}


class TLSSettings(Strict):
    """configtls' settings shared by clients and servers."""

    ca_file: str | None = None
    ca_pem: str | None = None
    include_system_ca_certs_pool: bool | None = None
    include_insecure_cipher_suites: bool | None = None
    cert_file: str | None = None
    cert_pem: str | None = None
    key_file: str | None = None
    key_pem: str | None = None
    min_version: str | None = None
    max_version: str | None = None
    cipher_suites: list[str] | None = None
    reload_interval: GoDuration | None = None
    curve_preferences: list[str] | None = None
    tpm: TPM | None = None

    def _has_cert(self) -> bool:
        return bool(self.cert_file or self.cert_pem)

    def _has_key(self) -> bool:
        return bool(self.key_file or self.key_pem)

    @model_validator(mode="after")
    def _consistent(self) -> TLSSettings:
        if getattr(self, "enabled", None) is False:  # a server block turned off is not checked
            return self
        if self.ca_file and self.ca_pem:
            raise ValueError("provide either a CA file or the PEM-encoded string, but not both")
        if self.cert_file and self.cert_pem:
            raise ValueError("provide either certificate file or PEM, but not both")
        if self.key_file and self.key_pem:
            raise ValueError("provide either key file or PEM, but not both")
        if self._has_cert() != self._has_key():
            raise ValueError(
                "TLS configuration must include both certificate and key (cert_file/cert_pem and key_file/key_pem)"
            )
        for key in ("min_version", "max_version"):
            version = getattr(self, key)
            if version and version not in _TLS_VERSIONS:
                raise ValueError(f'invalid TLS {key}: unsupported TLS version: "{version}" (use 1.0, 1.1, 1.2 or 1.3)')
        low = _TLS_VERSIONS.get(self.min_version or "1.2", 12)
        if self.max_version and _TLS_VERSIONS[self.max_version] < low:
            raise ValueError("invalid TLS configuration: min_version cannot be greater than max_version")
        return self


class TLSClient(TLSSettings):
    insecure: bool | None = None
    insecure_skip_verify: bool | None = None
    server_name_override: str | None = None


class TLSServer(TLSSettings):
    enabled: bool | None = None
    client_ca_file: str | None = None
    client_ca_file_reload: bool | None = None

    @model_validator(mode="after")
    def _server_needs_a_certificate(self) -> TLSServer:
        if self.enabled is not False and not (self._has_cert() and self._has_key()):
            raise ValueError("TLS configuration must include both certificate and key for server connections")
        return self


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


class RetryOnFailure(Strict):
    """`configretry.BackOffConfig`; its defaults are the exporters' (`NewDefaultBackOffConfig`)."""

    DEFAULTS: ClassVar[dict[str, str]] = {"initial_interval": "5s", "max_interval": "30s", "max_elapsed_time": "5m"}

    enabled: bool | None = None
    initial_interval: GoDuration | None = None
    randomization_factor: float | None = Field(default=None, ge=0, le=1)
    multiplier: float | None = Field(default=None, ge=0)
    max_interval: GoDuration | None = None
    max_elapsed_time: GoDuration | None = None

    def seconds(self, key: str) -> float:
        value = getattr(self, key)
        return go_duration_seconds(value if value is not None else self.DEFAULTS[key])

    @model_validator(mode="after")
    def _intervals(self) -> RetryOnFailure:
        for key in ("initial_interval", "max_interval", "max_elapsed_time"):
            if self.seconds(key) < 0:
                raise ValueError(f"{key} value must be greater than or equal to 0")
        elapsed = self.seconds("max_elapsed_time")
        if elapsed > 0 and elapsed < self.seconds("initial_interval"):
            raise ValueError("'max_elapsed_time' must not be less than 'initial_interval'")
        if elapsed > 0 and elapsed < self.seconds("max_interval"):
            raise ValueError("'max_elapsed_time' must not be less than 'max_interval'")
        return self


Sizer = Literal["requests", "items", "bytes"]


class Partition(Strict):
    metadata_keys: list[str] | None = None

    @model_validator(mode="after")
    def _distinct(self) -> Partition:
        keys = [k.lower() for k in self.metadata_keys or []]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise ValueError(f"duplicate entry in metadata_keys: {duplicates[0]!r} (case-insensitive)")
        return self


class QueueBatch(Strict):
    """`sending_queue.batch` (an Optional: `enabled: false` turns batching off)."""

    enabled: bool | None = None
    flush_timeout: GoDuration | None = None
    sizer: Sizer | None = None  # 0.130; defaults to the queue's sizer when that is set
    min_size: int | None = None
    max_size: int | None = None
    partition: Partition | None = None  # 0.147


class SendingQueue(Strict):
    """`exporterhelper.QueueBatchConfig` (`sending_queue`, an Optional). `blocking` is gone (0.129):
    use `block_on_overflow`. Checked with the exporter's defaults (`NewDefaultQueueConfig`)."""

    DEFAULTS: ClassVar[dict[str, Any]] = {
        "sizer": "requests",
        "queue_size": 1000,
        "num_consumers": 10,
        "batch": {"sizer": "items", "flush_timeout": "200ms", "min_size": 8192},
    }

    enabled: bool | None = None
    wait_for_result: bool | None = None
    sizer: Sizer | None = None
    queue_size: int | None = None
    block_on_overflow: bool | None = None
    storage: str | None = None
    num_consumers: int | None = None
    batch: QueueBatch | None = None

    @model_validator(mode="after")
    def _usable(self) -> SendingQueue:
        if self.enabled is False:
            return self
        defaults = self.DEFAULTS
        sizer = self.sizer if self.sizer is not None else defaults["sizer"]
        queue_size = self.queue_size if self.queue_size is not None else defaults["queue_size"]
        if (self.num_consumers if self.num_consumers is not None else defaults["num_consumers"]) <= 0:
            raise ValueError("`num_consumers` must be positive")
        if queue_size <= 0:
            raise ValueError("`queue_size` must be positive")
        if self.storage and self.wait_for_result:
            raise ValueError("`wait_for_result` is not supported with a persistent queue configured with `storage`")
        batch = self.batch
        if "batch" not in self.model_fields_set or (batch is not None and batch.enabled is False):
            return self
        batch = batch or QueueBatch()
        batch_defaults = defaults["batch"]
        # A batch section that names no sizer takes the queue's, when the queue names one.
        inherited = self.sizer if self.batch is not None and self.sizer is not None else batch_defaults["sizer"]
        batch_sizer = batch.sizer if batch.sizer is not None else inherited
        min_size = batch.min_size if batch.min_size is not None else batch_defaults["min_size"]
        max_size = batch.max_size or 0
        if batch_sizer not in ("items", "bytes"):
            raise ValueError(f'batch: `batch` supports only `items` or `bytes` sizer, found "{batch_sizer}"')
        if _seconds(batch.flush_timeout, _seconds(batch_defaults["flush_timeout"])) <= 0:
            raise ValueError("batch: `flush_timeout` must be positive")
        if min_size < 0 or max_size < 0:
            raise ValueError("batch: `min_size` and `max_size` must be non-negative")
        if 0 < max_size < min_size:
            raise ValueError(f"batch: `max_size` ({max_size}) must be greater or equal to `min_size` ({min_size})")
        if batch_sizer == sizer and min_size > queue_size:
            raise ValueError("`min_size` must be less than or equal to `queue_size`")
        return self


class UnsetSendingQueue(SendingQueue):
    """`sending_queue` of an exporter that has none by default (prometheus): every unset value is zero."""

    DEFAULTS: ClassVar[dict[str, Any]] = {
        "sizer": "",
        "queue_size": 0,
        "num_consumers": 0,
        "batch": {"sizer": "", "flush_timeout": "0s", "min_size": 0},
    }


def host_port(endpoint: str) -> tuple[str, int] | None:
    """(`host`, `port`) of a listen endpoint such as `0.0.0.0:8889`; None if it has no numeric port."""
    if ENV_PLACEHOLDER.match(endpoint):
        return None
    host, sep, port = endpoint.rpartition(":")
    if not sep or not port.isdigit():
        return None
    return host.strip("[]"), int(port)
