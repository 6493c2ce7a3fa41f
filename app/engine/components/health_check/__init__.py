"""`health_check` extension: config.py only; the engine does not run extensions."""

from __future__ import annotations

from app.engine.components.health_check.config import HealthCheckConfig
from app.engine.components.spec import CONTRIB, ComponentSpec

COMPONENT = ComponentSpec(
    "extension",
    "health_check",
    "HTTP health endpoint for liveness/readiness probes.",
    HealthCheckConfig,
    f"{CONTRIB}/extension/healthcheckextension/README.md",
    (),
    {"endpoint": "0.0.0.0:13133"},
    stability={"extension": "alpha"},
)
