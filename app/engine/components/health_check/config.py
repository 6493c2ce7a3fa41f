"""`health_check` extension config (contrib `extension/healthcheckextension/config.go`).

An HTTP server (default `localhost:13133`) answering on `path` (must start with `/`).
"""

from __future__ import annotations

from pydantic import Field, field_validator

from app.engine.components.base import Introspectable, Path
from app.engine.components.common import HTTPServer, Strict, go_duration_seconds

DEFAULT_ENDPOINT = "localhost:13133"


class ResponseBody(Strict):
    healthy: str | None = None
    unhealthy: str | None = None


class CheckCollectorPipeline(Strict):
    enabled: bool | None = None
    interval: str | None = None
    exporter_failure_threshold: int | None = Field(default=None, gt=0)

    @field_validator("interval")
    @classmethod
    def _duration(cls, value: str | None) -> str | None:
        if value is not None:
            go_duration_seconds(value)
        return value


class HealthCheckConfig(HTTPServer, Introspectable):
    path: str | None = None
    response_body: ResponseBody | None = None
    check_collector_pipeline: CheckCollectorPipeline | None = None

    @field_validator("path")
    @classmethod
    def _absolute(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("/"):
            raise ValueError("bad config: path must start with /")
        return value

    def listen_endpoints(self) -> list[tuple[Path, str]]:
        return [(("endpoint",), self.endpoint or DEFAULT_ENDPOINT)]
