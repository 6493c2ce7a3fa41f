"""What a component folder tells the rest of Phoenix about its component: one `ComponentSpec`.

Every folder under `app.engine.components` exposes its spec as `COMPONENT` in its `__init__.py`, next
to its `config.py`, its engine implementation (`processor.py`, when the engine runs it as a processor)
and a `README.md` of what Phoenix supports of it. `app.engine.registry` lists the folders; nothing
else has to know a component's type, docs or model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

if TYPE_CHECKING:
    from app.engine.components.processing import Processor

Kind = Literal["receiver", "processor", "exporter", "extension"]
ALL_SIGNALS = ("traces", "metrics", "logs")

Stability = Literal["development", "alpha", "beta", "stable", "deprecated", "unmaintained"]
"""The collector's stability levels (`component.StabilityLevel`), lowercased."""

CONTRIB = "opentelemetry-collector-contrib"
CORE = "opentelemetry-collector"


@dataclass(frozen=True)
class ComponentSpec:
    """A collector component as Phoenix knows it at the pinned release.

    `stability` is per signal as `otelcol-phoenix components` reports it (an extension has the one
    key `extension`); `processor` builds the engine's implementation from a component ID and the
    parsed config, and is None when the engine does not run the component as a processor.
    """

    kind: Kind
    type: str
    description: str
    config_model: type[BaseModel]
    docs: str
    signals: tuple[str, ...] = ALL_SIGNALS
    example: dict[str, Any] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()  # earlier type names the pinned collector still accepts (deprecated)
    stability: Mapping[str, Stability] = field(default_factory=dict)
    processor: Callable[[str, Any], Processor] | None = None

    def json_schema(self) -> dict[str, Any]:
        """JSON schema of the config (aliases as keys), for forms in the builder."""
        return self.config_model.model_json_schema(by_alias=True)

    def palette_entry(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "type": self.type,
            "description": self.description,
            "signals": list(self.signals),
            "docs": self.docs,
            "example": self.example,
            "schema": self.json_schema(),
            "aliases": list(self.aliases),
        }
