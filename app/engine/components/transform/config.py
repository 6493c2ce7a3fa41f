"""`transform` processor config (contrib `processor/transformprocessor`, README for >= 0.120).

`metric_statements` is a list of statement groups `{context, statements, conditions,
error_mode}` (advanced style) or of plain statements (basic style, context inferred from path
prefixes). Groups run in order, each over the whole batch, so a later group sees the changes of
an earlier one. `conditions` are ORed and gate every statement of the group.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from app.engine.components.base import Introspectable, OttlContext, OttlExpression, Path
from app.engine.components.common import Strict
from app.engine.components.ottl_refs import compared_metric_names

ErrorMode = Literal["ignore", "silent", "propagate"]
MetricContext = Literal["resource", "scope", "metric", "datapoint"]


class MetricStatementGroup(Strict):
    context: MetricContext | None = None
    error_mode: ErrorMode | None = None
    conditions: list[str] | None = None
    statements: list[str] = Field(min_length=1)


class TransformConfig(Strict, Introspectable):
    error_mode: ErrorMode | None = None
    trace_statements: list[Any] | None = None
    metric_statements: list[MetricStatementGroup | str] | None = None
    log_statements: list[Any] | None = None
    profile_statements: list[Any] | None = None
    flatten_data: bool | None = None

    @model_validator(mode="after")
    def _one_style(self) -> TransformConfig:
        items = self.metric_statements or []
        if any(isinstance(i, str) for i in items) and any(not isinstance(i, str) for i in items):
            raise ValueError(
                "configuring multiple configuration styles is not supported, please use only Basic "
                "configuration or only Advanced configuration"
            )
        return self

    def groups(self) -> list[tuple[Path, OttlContext | None, MetricStatementGroup]]:
        """Statement groups with their YAML path and explicit context (None: inferred by the
        collector from path prefixes). The basic style is one group."""
        items = self.metric_statements or []
        if items and all(isinstance(i, str) for i in items):
            return [(("metric_statements",), None, MetricStatementGroup(statements=[str(i) for i in items]))]
        out = []
        for i, item in enumerate(items):
            assert isinstance(item, MetricStatementGroup)
            out.append((("metric_statements", i), item.context, item))
        return out

    def ottl_expressions(self) -> list[OttlExpression]:
        out: list[OttlExpression] = []
        for path, context, group in self.groups():
            basic = len(path) == 1
            for j, text in enumerate(group.statements):
                where = (*path, j) if basic else (*path, "statements", j)
                out.append(OttlExpression(where, text, context, "statement", "transform", path))
            for j, text in enumerate(group.conditions or []):
                out.append(OttlExpression((*path, "conditions", j), text, context, "condition", "transform", path))
        return out

    def metric_references(self) -> list[tuple[Path, str]]:
        return [(e.path, name) for e in self.ottl_expressions() for name in compared_metric_names(e.text)]
