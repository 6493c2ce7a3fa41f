"""`resourcedetection` processor config (contrib `processor/resourcedetectionprocessor`).

Typed for the detectors Phoenix offers (`env`, `system`); other detectors' sections and the
squashed HTTP client settings are accepted as they are and reported as unchecked.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from app.engine.components.base import Introspectable
from app.engine.components.common import GoDuration, Lenient, Strict


class AttributeToggle(Strict):
    enabled: bool


class SystemDetector(Strict):
    hostname_sources: list[Literal["dns", "os", "cname", "lookup"]] | None = None
    resource_attributes: dict[str, AttributeToggle] | None = None


class EnvDetector(Strict):
    resource_attributes: dict[str, AttributeToggle] | None = None


class ResourceDetectionConfig(Lenient, Introspectable):
    detectors: list[str] = Field(min_length=1)
    override: bool | None = None
    timeout: GoDuration | None = None
    system: SystemDetector | None = None
    env: EnvDetector | None = None
