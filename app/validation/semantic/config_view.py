"""The config as the semantic checks walk it: pipelines in order, OTTL parsed once.

A pipeline is *process-only* when every receiver is a hostmetrics receiver running only the
process scraper: then Phoenix knows exactly what enters it (the metrics and resource attributes
that scraper emits), and a read of anything else can be told apart from data some other receiver
might bring.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from app.engine.collector import PROCESS_RESOURCE_ATTRIBUTES
from app.engine.components.base import OttlExpression
from app.engine.components.hostmetrics.config import HostmetricsConfig
from app.engine.components.transform.config import TransformConfig
from app.engine.registry import component_type
from app.validation.issues import PathParts
from app.validation.schema import SchemaResult
from app.validation.semantic.matching import search
from app.validation.semantic.ottl_facts import (
    ExpressionFacts,
    condition_facts,
    group_narrowing,
    statement_facts,
)


@dataclass(frozen=True)
class ParsedExpression:
    path: PathParts  # from the config root: ("processors", id, "metrics", "datapoint", 0)
    expression: OttlExpression
    context: str
    facts: ExpressionFacts


@dataclass
class PipelineView:
    pipeline_id: str
    receivers: list[str]
    processors: list[tuple[str, str | None, Any]]  # (id, canonical type or None if malformed, typed config or None)
    process_only: bool
    scrapes_processes: bool = False  # a receiver runs the process scraper (maybe among others)
    other_receivers: bool = False  # a receiver that is not host_metrics: it may bring any metric
    metrics: set[str] = field(default_factory=set)  # process metrics the receivers emit
    resource_attributes: set[str] = field(default_factory=set)  # resource attributes they set


def _enabled_resource_attributes(model: HostmetricsConfig) -> set[str]:
    scraper = model.process_scraper()
    enabled = {name for name, on in PROCESS_RESOURCE_ATTRIBUTES.items() if on}
    toggles = (
        scraper.resource_attributes.model_dump(by_alias=True, exclude_none=True)
        if scraper is not None and scraper.resource_attributes
        else {}
    )
    for name, toggle in toggles.items():
        (enabled.add if toggle.get("enabled") else enabled.discard)(name)
    return enabled


def _only_process_scraper(model: Any) -> bool:
    if not isinstance(model, HostmetricsConfig) or model.process_scraper() is None:
        return False
    others = model.scrapers.model_dump(exclude_none=True)
    return set(others) == {"process"}


def _processor_type(processor_id: str) -> str | None:
    try:
        return component_type("processor", processor_id)
    except ValueError:  # a malformed ID: the graph tier reports it as undefined
        return None


def pipeline_views(result: SchemaResult) -> Iterator[PipelineView]:
    """Every pipeline of the service, in order, with what its receivers emit."""
    if result.service is None:
        return
    for pipeline_id, pipeline in result.service.pipelines.items():
        models = [result.components.get(("receivers", r)) for r in pipeline.receivers]
        view = PipelineView(
            pipeline_id,
            list(pipeline.receivers),
            [(p, _processor_type(p), result.components.get(("processors", p))) for p in pipeline.processors],
            bool(models) and all(_only_process_scraper(m) for m in models),
            other_receivers=any(not isinstance(m, HostmetricsConfig) for m in models),
        )
        for model in models:
            if isinstance(model, HostmetricsConfig) and model.process_scraper() is not None:
                view.scrapes_processes = True
                view.metrics |= model.process_scraper().enabled_metrics()  # type: ignore[union-attr]
                view.resource_attributes |= _enabled_resource_attributes(model)
        yield view


def metrics_pipelines(result: SchemaResult) -> Iterator[PipelineView]:
    """Every metrics pipeline of the service, with what its receivers emit."""
    return (view for view in pipeline_views(result) if view.pipeline_id.split("/")[0] == "metrics")


def ottl_package() -> ModuleType | None:
    """`app.engine.ottl`, or None when it cannot be imported (broken mid-edit: the OTTL tier says so)."""
    try:
        import app.engine.ottl as ottl
    except Exception:
        return None
    return ottl


class ParsedConfig:
    """OTTL of every processor, parsed once and in execution order (a transform group's conditions
    before its statements), with each expression's facts."""

    def __init__(self, result: SchemaResult) -> None:
        self.result = result
        self._cache: dict[str, list[ParsedExpression]] = {}

    def expressions(self, processor_id: str) -> list[ParsedExpression]:
        if processor_id not in self._cache:
            model = self.result.components.get(("processors", processor_id))
            self._cache[processor_id] = _parse_all(processor_id, model) if model is not None else []
        return self._cache[processor_id]


def _parse_all(processor_id: str, model: Any) -> list[ParsedExpression]:
    ottl: Any = ottl_package()
    if ottl is None:
        return []
    found: list[OttlExpression] = model.ottl_expressions()
    groups: dict[PathParts, list[OttlExpression]] = {}
    for expr in found:
        groups.setdefault(expr.group, []).append(expr)
    narrowing = isinstance(model, TransformConfig)
    out: list[ParsedExpression] = []
    for exprs in groups.values():
        context = exprs[0].context
        prefix = context is None
        if context is None:
            try:
                context = ottl.infer_context(
                    [e.text for e in exprs if e.kind == "statement"], [e.text for e in exprs if e.kind == "condition"]
                )
            except ottl.OttlError:
                continue
        parsed: list[tuple[OttlExpression, Any]] = []
        for expr in sorted(exprs, key=lambda e: e.kind != "condition"):
            try:
                if expr.kind == "statement":
                    tree = ottl.parse_statement(expr.text, context, processor=expr.processor, require_prefix=prefix)
                else:
                    tree = ottl.parse_condition(expr.text, context, processor=expr.processor, require_prefix=prefix)
            except ottl.OttlError:
                continue  # the OTTL tier reports it
            parsed.append((expr, tree))
        outer = (
            group_narrowing([t.expr for e, t in parsed if e.kind == "condition"], context, search)
            if narrowing
            else None
        )
        for expr, tree in parsed:
            if expr.kind == "statement":
                facts = statement_facts(tree.editor, tree.where, context, search, outer)
            else:
                facts = condition_facts(tree.expr, context, search)
            out.append(ParsedExpression(("processors", processor_id, *expr.path), expr, context, facts))
    return out
