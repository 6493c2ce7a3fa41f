"""`filter` processor config, as of the pinned release (contrib `processor/filterprocessor`).

Semantics: every condition under `metrics.metric` (OTTL metric context) and `metrics.datapoint`
(OTTL datapoint context) is a DROP condition. Conditions are ORed; anything that matches is
removed, so a keep-list is written `not (...)`. When all datapoints of a metric are dropped the
metric is dropped too. OTTL conditions cannot be combined with `include`/`exclude` for the same
signal. `error_mode` defaults to `ignore` (since 0.153; `propagate` before); Phoenix always writes it.
The `resource` condition list and `metric_conditions` arrived after the pinned release.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import model_validator

from app.engine.components.base import Introspectable, OttlExpression, Path
from app.engine.components.common import RegexpCache, Strict
from app.engine.components.ottl_refs import compared_metric_names
from app.engine.components.regex import check_re2

ErrorMode = Literal["ignore", "silent", "propagate"]


class AttributeMatch(Strict):
    key: str
    value: Any = None


class MetricMatchProperties(Strict):
    match_type: Literal["strict", "regexp", "expr"]
    metric_names: list[str] | None = None
    expressions: list[str] | None = None
    resource_attributes: list[AttributeMatch] | None = None
    regexp: RegexpCache | None = None

    @model_validator(mode="after")
    def _names_are_regexes(self) -> MetricMatchProperties:
        if self.match_type == "regexp":
            for name in self.metric_names or []:
                check_re2(name)
        return self


class MetricFilters(Strict):
    include: MetricMatchProperties | None = None
    exclude: MetricMatchProperties | None = None
    regexp: RegexpCache | None = None
    metric: list[str] | None = None
    datapoint: list[str] | None = None

    @model_validator(mode="after")
    def _one_style(self) -> MetricFilters:
        if (self.metric or self.datapoint) and (self.include or self.exclude):
            raise ValueError("cannot use ottl conditions and include/exclude for metrics at the same time")
        return self


class TraceFilters(Strict):
    span: list[str] | None = None
    spanevent: list[str] | None = None


class LogFilters(Strict):
    include: dict[str, Any] | None = None
    exclude: dict[str, Any] | None = None
    log_record: list[str] | None = None


class FilterConfig(Strict, Introspectable):
    error_mode: ErrorMode | None = None
    spans: dict[str, Any] | None = None
    metrics: MetricFilters | None = None
    logs: LogFilters | None = None
    traces: TraceFilters | None = None
    profiles: dict[str, Any] | None = None

    def drop_conditions(self) -> list[OttlExpression]:
        """The metric/datapoint conditions: anything matching one of them is dropped."""
        return self.ottl_expressions()

    def ottl_expressions(self) -> list[OttlExpression]:
        if self.metrics is None:
            return []
        out = [
            OttlExpression(("metrics", "metric", i), text, "metric", "condition", "filter")
            for i, text in enumerate(self.metrics.metric or [])
        ]
        out += [
            OttlExpression(("metrics", "datapoint", i), text, "datapoint", "condition", "filter")
            for i, text in enumerate(self.metrics.datapoint or [])
        ]
        return out

    def metric_references(self) -> list[tuple[Path, str]]:
        refs = [(e.path, name) for e in self.ottl_expressions() for name in compared_metric_names(e.text)]
        for key in ("include", "exclude"):
            props = getattr(self.metrics, key, None) if self.metrics else None
            if props is not None and props.match_type == "strict":
                refs += [(("metrics", key, "metric_names", i), n) for i, n in enumerate(props.metric_names or [])]
        return refs
