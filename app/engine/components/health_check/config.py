"""`health_check` extension config (contrib `extension/healthcheckextension/config.go`,
`internal/healthcheck/config.go` at the pinned release).

An HTTP server (default `localhost:13133`) answering on `path` (must start with `/`). The
`check_collector_pipeline` block is still read but ignored by the pinned release. The v2 keys
(`use_v2`, `http`, `grpc`, `component_health`) exist, but `http`/`grpc` are refused unless the
collector runs with the alpha gate `extension.healthcheck.useComponentStatus` (Phoenix never sets
it), and `use_v2: true` without them has no protocol.
"""

from __future__ import annotations

from typing import Any

from pydantic import field_validator, model_validator

from app.engine.components.base import Introspectable, Path
from app.engine.components.common import GoDuration, Strict
from app.engine.components.confighttp import HTTPServer

DEFAULT_ENDPOINT = "localhost:13133"


class ResponseBody(Strict):
    healthy: str | None = None
    unhealthy: str | None = None


class CheckCollectorPipeline(Strict):
    """Legacy: read for backwards compatibility, otherwise ignored by the pinned release."""

    enabled: bool | None = None
    interval: str | None = None
    exporter_failure_threshold: int | None = None


class ComponentHealth(Strict):
    include_permanent_errors: bool | None = None
    include_recoverable_errors: bool | None = None
    recovery_duration: GoDuration | None = None


class HealthCheckConfig(HTTPServer, Introspectable):
    path: str | None = None
    response_body: ResponseBody | None = None
    check_collector_pipeline: CheckCollectorPipeline | None = None
    use_v2: bool | None = None
    http: dict[str, Any] | None = None
    grpc: dict[str, Any] | None = None
    component_health: ComponentHealth | None = None

    @field_validator("path")
    @classmethod
    def _absolute(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("/"):
            raise ValueError("bad config: path must start with /")
        return value

    @model_validator(mode="after")
    def _legacy_server(self) -> HealthCheckConfig:
        if {"http", "grpc"} & self.model_fields_set:
            raise ValueError(
                "v2 healthcheck configuration (http/grpc fields) needs the feature gate "
                "extension.healthcheck.useComponentStatus, which is disabled"
            )
        if self.use_v2:
            raise ValueError("use_v2 without http or grpc: must specify at least one protocol")
        if self.endpoint is not None and not self.endpoint:
            raise ValueError("http endpoint required")
        return self

    def listen_endpoints(self) -> list[tuple[Path, str]]:
        return [(("endpoint",), self.endpoint or DEFAULT_ENDPOINT)]
