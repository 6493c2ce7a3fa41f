"""Every collector component Phoenix knows: one list for the validator, the engine and the visual
builder's palette (`GET /api/v1/pipelines/components`).

The registry only lists folders: each component lives in its own folder under
`app.engine.components` (config model, engine implementation, README and its `COMPONENT` spec), and
`FOLDERS` names them explicitly, in palette order. Adding a component is adding a folder and a line.

A component is addressed as in the collector: kind (receiver/processor/exporter/extension) and
type; config IDs are `type` or `type/name`. Types are those of the pinned release; the names they had
before (`hostmetrics`, `resourcedetection`, `otlp` for the gRPC exporter, ...) are still accepted as
deprecated aliases, as the collector accepts them (it logs a warning).
"""

from __future__ import annotations

import re
from typing import Any

from app.engine.collector import CONTRIB_VERSION
from app.engine.components import (
    attributes,
    batch,
    cumulativetodelta,
    debug,
    file,
    groupbyattrs,
    health_check,
    hostmetrics,
    memory_limiter,
    metricstransform,
    otlp_exporter,
    otlp_receiver,
    otlphttp,
    prometheus,
    resource,
    resourcedetection,
    transform,
)
from app.engine.components import filter as filter_
from app.engine.components.spec import ALL_SIGNALS, ComponentSpec, Kind

__all__ = [
    "ALL_SIGNALS",
    "COMPONENTS",
    "FOLDERS",
    "KINDS",
    "SECTION_KIND",
    "ComponentSpec",
    "Kind",
    "canonical_type",
    "component_type",
    "get_component",
    "palette",
    "split_id",
]

KINDS: tuple[Kind, ...] = ("receiver", "processor", "exporter", "extension")
SECTION_KIND: dict[str, Kind] = {
    "receivers": "receiver",
    "processors": "processor",
    "exporters": "exporter",
    "extensions": "extension",
}

_TYPE = re.compile(r"^[a-zA-Z][0-9a-zA-Z_]{0,62}$")
_NAME = re.compile(r"^[^\s/\x00-\x1f\x7f]{1,1024}$")

FOLDERS = (
    hostmetrics,
    otlp_receiver,
    memory_limiter,
    batch,
    filter_,
    transform,
    groupbyattrs,
    metricstransform,
    cumulativetodelta,
    resource,
    attributes,
    resourcedetection,
    otlp_exporter,
    otlphttp,
    prometheus,
    debug,
    file,
    health_check,
)
"""The component folders under `app.engine.components`, in palette order; each exposes `COMPONENT`."""

COMPONENTS: tuple[ComponentSpec, ...] = tuple(folder.COMPONENT for folder in FOLDERS)

_BY_KEY = {(c.kind, t): c for c in COMPONENTS for t in (c.type, *c.aliases)}


def get_component(kind: str, type_: str) -> ComponentSpec | None:
    """The spec of a known component (by its type or a deprecated alias), or None when Phoenix does
    not know that type."""
    return _BY_KEY.get((kind, type_))  # type: ignore[arg-type]


def canonical_type(kind: str, type_: str) -> str:
    """The pinned release's name of a type: `hostmetrics` -> `host_metrics`; unknown types as given."""
    spec = get_component(kind, type_)
    return spec.type if spec else type_


def component_type(kind: str, component_id: str) -> str:
    """The canonical type of a config ID: (`receiver`, `hostmetrics/process`) -> `host_metrics`."""
    return canonical_type(kind, split_id(component_id)[0])


def split_id(component_id: str) -> tuple[str, str | None]:
    """`filter/drop` -> (`filter`, `drop`); `batch` -> (`batch`, None). Raises ValueError if malformed."""
    type_, sep, name = component_id.partition("/")
    if not _TYPE.match(type_):
        raise ValueError(
            f"invalid component id {component_id!r}: the type must start with a letter and contain only "
            "letters, digits and '_' (at most 63 characters)"
        )
    if sep and not _NAME.match(name):
        raise ValueError(f"invalid component id {component_id!r}: the name after '/' is empty or has spaces")
    return type_, (name if sep else None)


def palette() -> dict[str, Any]:
    """Everything the builder needs to draw its palette and forms."""
    return {"collector_version": CONTRIB_VERSION, "components": [c.palette_entry() for c in COMPONENTS]}
