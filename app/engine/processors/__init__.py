"""The processors the local engine runs, one module each, built from their registry config models.

`build_processor` is the one place that maps a component type to its implementation; a type that
is not listed raises `EngineUnsupported` naming the component, so an unknown processor can never
be silently skipped in a preview.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from app.engine.errors import EngineError, EngineUnsupported
from app.engine.processors.attributes import AttributesProcessor
from app.engine.processors.base import PassThrough, PayloadDropped, Processor
from app.engine.processors.cumulativetodelta import CumulativeToDeltaProcessor
from app.engine.processors.filter import FilterProcessor
from app.engine.processors.groupbyattrs import GroupByAttrsProcessor
from app.engine.processors.metricstransform import MetricsTransformProcessor
from app.engine.processors.resource import ResourceProcessor
from app.engine.processors.resourcedetection import ResourceDetectionProcessor
from app.engine.processors.transform import TransformProcessor
from app.engine.registry import canonical_type, get_component

PROCESSORS: dict[str, Callable[[str, Any], Processor]] = {
    "filter": FilterProcessor,
    "transform": TransformProcessor,
    "groupbyattrs": GroupByAttrsProcessor,
    "metrics_transform": MetricsTransformProcessor,
    "cumulative_to_delta": CumulativeToDeltaProcessor,
    "resource": ResourceProcessor,
    "attributes": AttributesProcessor,
    "resource_detection": ResourceDetectionProcessor,
    "memory_limiter": PassThrough,
    "batch": PassThrough,
}

__all__ = ["PROCESSORS", "PayloadDropped", "Processor", "build_processor", "parse_config"]


def parse_config(kind: str, type_: str, component_id: str, body: Any) -> BaseModel:
    """The typed config of one component, or EngineError/EngineUnsupported naming it."""
    spec = get_component(kind, type_)
    if spec is None:
        raise EngineUnsupported(f"{kind} type {type_!r} is not implemented by the local engine", component_id)
    try:
        return spec.config_model.model_validate(body if body is not None else {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        message = f"invalid config{' at ' + where if where else ''}: {first.get('msg')}"
        raise EngineError(message, component_id) from None


def build_processor(component_id: str, type_: str, body: Any) -> Processor:
    """A ready processor for `component_id` (`type` or `type/name`) with its YAML body."""
    factory = PROCESSORS.get(canonical_type("processor", type_))
    if factory is None:
        raise EngineUnsupported(f"processor type {type_!r} is not implemented by the local engine", component_id)
    return factory(component_id, parse_config("processor", type_, component_id, body))
