"""`attributes` processor config (contrib `processor/attributesprocessor`).

For metrics it acts on *datapoint* attributes only, never on resource attributes, so it
cannot touch process identity (which lives on the resource).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from app.engine.components.attraction.config import AttributeAction
from app.engine.components.base import Introspectable
from app.engine.components.common import RegexpCache, Strict


class MatchProperties(Strict):
    match_type: Literal["strict", "regexp"]
    regexp: RegexpCache | None = None
    services: list[str] | None = None
    span_names: list[str] | None = None
    span_kinds: list[str] | None = None
    log_bodies: list[str] | None = None
    log_severity_texts: list[str] | None = None
    log_severity_number: dict[str, Any] | None = None
    metric_names: list[str] | None = None
    attributes: list[dict[str, Any]] | None = None
    resources: list[dict[str, Any]] | None = None
    libraries: list[dict[str, Any]] | None = None


class AttributesConfig(Strict, Introspectable):
    actions: list[AttributeAction] = Field(min_length=1)
    include: MatchProperties | None = None
    exclude: MatchProperties | None = None
