"""What every component config model can tell the validator beyond its schema.

The validator asks each model three questions instead of knowing every component's layout:
which OTTL expressions it holds (and in which context), which metric names it refers to
literally, and which ports it listens on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

OttlContext = Literal["resource", "scope", "metric", "datapoint"]
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class OttlExpression:
    """One OTTL condition or statement found in a component config.

    `context` is None when the config leaves it to inference (transform groups without
    `context:`); `group` then names the statement group whose texts infer it together.
    """

    path: Path
    text: str
    context: OttlContext | None
    kind: Literal["condition", "statement"]
    processor: Literal["filter", "transform"]
    group: Path = ()


class Introspectable:
    """Default answers: no OTTL, no metric references, no listening ports."""

    def ottl_expressions(self) -> list[OttlExpression]:
        return []

    def metric_references(self) -> list[tuple[Path, str]]:
        """Exact metric names this config selects by name (not regexes)."""
        return []

    def listen_endpoints(self) -> list[tuple[Path, str]]:
        """Endpoints (`host:port`) this component listens on."""
        return []
