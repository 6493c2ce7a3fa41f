"""`otlp_http` (formerly `otlphttp`) exporter config (core `exporter/otlphttpexporter/config.go`, `config/confighttp`).

At least one of `endpoint` or the per-signal endpoints must be set; `encoding` is proto or json.
The client keys are `confighttp.ClientConfig`'s (`middlewares`, not `middleware`, since 0.132).
"""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from app.engine.components.base import Introspectable
from app.engine.components.confighttp import HTTPClient
from app.engine.components.exporterhelper import RetryOnFailure, SendingQueue


class OtlpHttpConfig(HTTPClient, Introspectable):
    traces_endpoint: str | None = None
    metrics_endpoint: str | None = None
    logs_endpoint: str | None = None
    profiles_endpoint: str | None = None
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
