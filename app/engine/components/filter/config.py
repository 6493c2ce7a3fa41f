"""`filter` processor config, as of the pinned release (contrib `processor/filterprocessor`).

Semantics: every condition under `metrics.metric` (OTTL metric context) and `metrics.datapoint`
(OTTL datapoint context) is a DROP condition. Conditions are ORed; anything that matches is
removed, so a keep-list is written `not (...)`. When all datapoints of a metric are dropped the
metric is dropped too. OTTL conditions cannot be combined with `include`/`exclude` for the same
signal. `error_mode` (case-insensitive) defaults to `ignore` (since 0.153; `propagate` before);
Phoenix always writes it.

Newer than 0.128 and accepted here: `metrics.resource` (and `traces.resource`, `logs.resource`,
`profiles.resource`: resource-context conditions) and the context-inferred
`metric_conditions` / `trace_conditions` / `log_conditions` / `profile_conditions` lists, which
cannot be combined with the per-signal settings. Phoenix's OTTL checker covers the filter's
metric and datapoint contexts only, so of those it checks the `metric_conditions` groups that name
one of them; the rest is left to the collector tier. The groups' shape and `context` are checked
for every signal (a context the signal's parsers lack is refused), and so are the OTTL/matcher
mixes the collector refuses and a logs matcher's `severity_number.min`. The local engine runs
`metrics.metric`, `metrics.datapoint` and `include`/`exclude` only.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from app.engine.components.base import Introspectable, OttlExpression, Path
from app.engine.components.common import Lowercase, OttlErrorMode, RegexpCache, Strict
from app.engine.components.ottl_refs import compared_metric_names
from app.engine.regexp import check as check_re2

ErrorMode = OttlErrorMode


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
    resource: list[str] | None = None
    metric: list[str] | None = None
    datapoint: list[str] | None = None

    @model_validator(mode="after")
    def _one_style(self) -> MetricFilters:
        ottl = self.resource is not None or self.metric is not None or self.datapoint is not None
        if ottl and (self.include or self.exclude):
            raise ValueError(
                'cannot use "metrics.resource", "metrics.metric", "metrics.datapoint" and the settings '
                '"metrics.include", "metrics.exclude" at the same time'
            )
        return self

    def is_set(self) -> bool:
        return any(getattr(self, key) is not None for key in ("include", "exclude", "resource", "metric", "datapoint"))


MetricConditionContext = Annotated[Literal["resource", "scope", "metric", "datapoint"], Lowercase]


class ConditionGroup(Strict):
    """One group of `*_conditions` (advanced style); without `context` it is inferred. A context
    the signal's parsers do not have is refused (`unknown context`)."""

    conditions: list[str] = Field(default_factory=list)
    error_mode: ErrorMode | None = None


class MetricConditionGroup(ConditionGroup):
    context: MetricConditionContext | None = None


class TraceConditionGroup(ConditionGroup):
    context: Annotated[Literal["resource", "scope", "span", "spanevent"], Lowercase] | None = None


class LogConditionGroup(ConditionGroup):
    context: Annotated[Literal["resource", "scope", "log"], Lowercase] | None = None


class ProfileConditionGroup(ConditionGroup):
    context: Annotated[Literal["resource", "scope", "profile"], Lowercase] | None = None


def _one_conditions_style(items: list[Any] | None, key: str) -> None:
    """Plain conditions and groups cannot be mixed in one `*_conditions` list."""
    kinds = {isinstance(item, str) for item in items or []}
    if len(kinds) > 1:
        raise ValueError(
            f"{key}: configuring multiple configuration styles is not supported, please use only Basic "
            "configuration or only Advanced configuration"
        )


class SpanFilters(Strict):
    include: dict[str, Any] | None = None
    exclude: dict[str, Any] | None = None


class TraceFilters(Strict):
    resource: list[str] | None = None
    span: list[str] | None = None
    spanevent: list[str] | None = None


SEVERITIES = {
    *(str(n) for n in range(1, 25)),
    *(f"{level}{n}" for level in ("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL") for n in ("", 2, 3, 4)),
}
"""`logs.include/exclude.severity_number.min` names (case-insensitive; empty means no minimum)."""


class LogFilters(Strict):
    include: dict[str, Any] | None = None
    exclude: dict[str, Any] | None = None
    resource: list[str] | None = None
    log_record: list[str] | None = None

    @model_validator(mode="after")
    def _known_severity(self) -> LogFilters:
        for side in (self.include, self.exclude):
            severity = (side or {}).get("severity_number")
            least = severity.get("min") if isinstance(severity, dict) else None
            if isinstance(least, str) and least and least.upper() not in SEVERITIES:
                raise ValueError(f"'{least}' is not a valid severity: not a valid severity")
        return self


class ProfileFilters(Strict):
    resource: list[str] | None = None
    profile: list[str] | None = None


def _any_set(filters: Strict, model: type[Strict]) -> bool:
    return any(getattr(filters, key) is not None for key in model.model_fields)


class FilterConfig(Strict, Introspectable):
    error_mode: ErrorMode | None = None
    spans: SpanFilters | None = None
    metrics: MetricFilters | None = None
    logs: LogFilters | None = None
    traces: TraceFilters | None = None
    profiles: ProfileFilters | None = None
    metric_conditions: list[MetricConditionGroup | str] | None = None
    trace_conditions: list[TraceConditionGroup | str] | None = None
    log_conditions: list[LogConditionGroup | str] | None = None
    profile_conditions: list[ProfileConditionGroup | str] | None = None

    @model_validator(mode="after")
    def _one_style(self) -> FilterConfig:
        for key in ("metric_conditions", "trace_conditions", "log_conditions", "profile_conditions"):
            _one_conditions_style(getattr(self, key), key)
        spans = self.spans is not None and (self.spans.include is not None or self.spans.exclude is not None)
        traces = self.traces
        if spans and traces is not None and _any_set(traces, TraceFilters):
            raise ValueError(
                'cannot use "traces.resource", "traces.span", "traces.spanevent" and the span settings '
                '"spans.include", "spans.exclude" at the same time'
            )
        logs = self.logs
        log_ottl = logs is not None and (logs.resource is not None or logs.log_record is not None)
        if log_ottl and logs is not None and (logs.include is not None or logs.exclude is not None):
            raise ValueError(
                'cannot use "logs.resource", "logs.log" and the settings "logs.include", "logs.exclude" '
                "at the same time"
            )
        if self.metric_conditions is not None and self.metrics is not None and self.metrics.is_set():
            raise ValueError(
                'cannot use context inferred metric conditions "metric_conditions" and the settings '
                '"metrics.resource", "metrics.metric", "metrics.datapoint", "metrics.include", "metrics.exclude" '
                "at the same time"
            )
        if self.trace_conditions is not None and traces is not None and _any_set(traces, TraceFilters):
            raise ValueError(
                'cannot use context inferred trace conditions "trace_conditions" and the settings '
                '"traces.resource", "traces.span", "traces.spanevent" at the same time'
            )
        if self.log_conditions is not None and logs is not None and _any_set(logs, LogFilters):
            raise ValueError(
                'cannot use context inferred log conditions "log_conditions" and the settings '
                '"logs.resource", "logs.log", "logs.include", "logs.exclude" at the same time'
            )
        if (
            self.profile_conditions is not None
            and self.profiles is not None
            and _any_set(self.profiles, ProfileFilters)
        ):
            raise ValueError(
                'cannot use context inferred profile conditions "profile_conditions" and the settings '
                '"profiles.resource", "profiles.profile" at the same time'
            )
        return self

    def drop_conditions(self) -> list[OttlExpression]:
        """The metric/datapoint conditions: anything matching one of them is dropped."""
        return self.ottl_expressions()

    def ottl_expressions(self) -> list[OttlExpression]:
        out: list[OttlExpression] = []
        if self.metrics is not None:
            out += [
                OttlExpression(("metrics", "metric", i), text, "metric", "condition", "filter")
                for i, text in enumerate(self.metrics.metric or [])
            ]
            out += [
                OttlExpression(("metrics", "datapoint", i), text, "datapoint", "condition", "filter")
                for i, text in enumerate(self.metrics.datapoint or [])
            ]
        for i, group in enumerate(self.metric_conditions or []):
            if isinstance(group, MetricConditionGroup) and group.context in ("metric", "datapoint"):
                out += [
                    OttlExpression(
                        ("metric_conditions", i, "conditions", j), text, group.context, "condition", "filter"
                    )
                    for j, text in enumerate(group.conditions)
                ]
        return out

    def metric_references(self) -> list[tuple[Path, str]]:
        refs = [(e.path, name) for e in self.ottl_expressions() for name in compared_metric_names(e.text)]
        for key in ("include", "exclude"):
            props = getattr(self.metrics, key, None) if self.metrics else None
            if props is not None and props.match_type == "strict":
                refs += [(("metrics", key, "metric_names", i), n) for i, n in enumerate(props.metric_names or [])]
        return refs
