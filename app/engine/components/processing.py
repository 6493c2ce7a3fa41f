"""What every engine processor is, and the shared ways a processor refuses a config or a payload.

A processor is built once from its typed config (its folder's config model) and then called once per
payload: `process(batch) -> batch`, mutating and returning the batch as the collector's processors
do. Stateful ones (cumulativetodelta) keep their state on the instance, which is why a compiled
pipeline is reused across scrapes. `PayloadDropped` is the collector's "processor returned an
error" (e.g. `error_mode: propagate`): the pipeline stops and nothing of that payload is exported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from app.engine import regexp
from app.engine.errors import EngineError, EngineUnsupported
from app.engine.ottl import OttlError, OttlUnsupported
from app.engine.pdata import MetricsBatch

T = TypeVar("T")


class PayloadDropped(Exception):
    """A processor returned an error for this payload; the collector drops it."""

    def __init__(self, component: str, message: str) -> None:
        super().__init__(f"{component}: {message}")
        self.component = component


class Processor(Protocol):
    component_id: str

    def process(self, batch: MetricsBatch) -> MetricsBatch: ...


def compile_ottl(component_id: str, where: str, build: Callable[[], T]) -> T:
    """Run an OTTL compile step, turning its errors into engine errors that name the component."""
    try:
        return build()
    except OttlUnsupported as exc:
        raise EngineUnsupported(f"{where}: {exc}", component_id) from None
    except OttlError as exc:
        raise EngineError(f"{where}: {exc}", component_id) from None


def compile_regexp(pattern: str, component_id: str | None = None) -> regexp.Regexp:
    """A `regexp` pattern of a component's config, compiled once; its errors become engine errors."""
    try:
        return regexp.compile(pattern)
    except regexp.RegexpUnsupported as exc:
        raise EngineUnsupported(str(exc), component_id) from None
    except regexp.RegexpError as exc:
        raise EngineError(str(exc), component_id) from None


def prune_empty(batch: MetricsBatch) -> MetricsBatch:
    """Remove scopes without metrics and resources without scopes (what RemoveIf cascades do)."""
    for rm in batch.resource_metrics:
        rm.scope_metrics = [sm for sm in rm.scope_metrics if sm.metrics]
    batch.resource_metrics = [rm for rm in batch.resource_metrics if rm.scope_metrics]
    return batch


class PassThrough:
    """memory_limiter and batch: no effect on the data of one payload in the local engine.

    memory_limiter only refuses data when the collector's heap is over its limit; batch only
    regroups payloads in time (and splits above send_batch_max_size), never changes points.
    """

    def __init__(self, component_id: str, config: object = None) -> None:
        self.component_id = component_id

    def process(self, batch: MetricsBatch) -> MetricsBatch:
        return batch
