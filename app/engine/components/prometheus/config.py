"""`prometheus` exporter config (contrib `exporter/prometheusexporter`).

Serves `/metrics` on `endpoint` (required). With `resource_to_telemetry_conversion.enabled`
every resource attribute becomes a label, which is how `phoenix.variant` reaches Prometheus
(as `phoenix_variant`); otherwise resource attributes only land on `target_info`. At the pinned
release `add_metric_suffixes` is ignored (`translation_strategy` governs), and the exporter takes
an exporterhelper `sending_queue` that is unset by default (so every value left out is zero).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from app.engine.components.base import Introspectable, Path
from app.engine.components.common import GoDuration, Strict
from app.engine.components.confighttp import HTTPServer
from app.engine.components.exporterhelper import UnsetSendingQueue


class ResourceToTelemetry(Strict):
    enabled: bool | None = None
    exclude_service_attributes: bool | None = None


class PrometheusConfig(HTTPServer, Introspectable):
    endpoint: str = Field(min_length=1)  # type: ignore[assignment]
    sending_queue: UnsetSendingQueue | None = None
    const_labels: dict[str, str] | None = None
    namespace: str | None = None
    send_timestamps: bool | None = None
    metric_expiration: GoDuration | None = None
    resource_to_telemetry_conversion: ResourceToTelemetry | None = None
    enable_open_metrics: bool | None = None
    add_metric_suffixes: bool | None = None
    without_scope_info: bool | None = None
    translation_strategy: (
        Literal[
            "UnderscoreEscapingWithSuffixes",
            "UnderscoreEscapingWithoutSuffixes",
            "NoUTF8EscapingWithSuffixes",
            "NoTranslation",
        ]
        | None
    ) = None

    @field_validator("endpoint")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("expecting a non-blank address to run the Prometheus metrics handler")
        return value

    def listen_endpoints(self) -> list[tuple[Path, str]]:
        return [(("endpoint",), self.endpoint)]
