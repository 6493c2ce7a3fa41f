"""`transform` processor config (contrib `processor/transformprocessor`, README for >= 0.120).

`metric_statements` is a list of statement groups `{context, statements, conditions,
error_mode}` (advanced style) or of plain statements (basic style, context inferred from path
prefixes). Groups run in order, each over the whole batch, so a later group sees the changes of
an earlier one. `conditions` are ORed and gate every statement of the group.

As the pinned collector reads it: `context` and `error_mode` are case-insensitive; plain
statements may follow the groups (they form one more group, without context, at the end) but
may not precede one; a group may have no statements. The `exemplar` context (new since 0.128)
is accepted; Phoenix's OTTL checker does not cover it, so such groups are left to the
collector tier. Trace, log and profile statement lists are read the same way (group shape, style
and `context` checked); their OTTL is left to the collector tier. `flatten_data: true` needs the
`transform.flatten.logs` feature gate, which Phoenix never enables: the collector refuses it,
Phoenix leaves that to the collector tier (the local engine refuses it as unsupported).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from app.engine.components.base import Introspectable, OttlContext, OttlExpression, Path
from app.engine.components.common import Lowercase, OttlErrorMode, Strict
from app.engine.components.ottl_refs import compared_metric_names

ErrorMode = OttlErrorMode
MetricContext = Annotated[Literal["resource", "scope", "metric", "datapoint", "exemplar"], Lowercase]
_CHECKED_CONTEXTS = ("resource", "scope", "metric", "datapoint")


class StatementGroup(Strict):
    """One group of `*_statements` (advanced style); without `context` it is inferred. A context
    the signal's parsers do not have is refused (`unknown context`)."""

    error_mode: ErrorMode | None = None
    conditions: list[str] | None = None
    statements: list[str] = Field(default_factory=list)


class MetricStatementGroup(StatementGroup):
    context: MetricContext | None = None


class TraceStatementGroup(StatementGroup):
    context: Annotated[Literal["resource", "scope", "span", "spanevent"], Lowercase] | None = None


class LogStatementGroup(StatementGroup):
    context: Annotated[Literal["resource", "scope", "log"], Lowercase] | None = None


class ProfileStatementGroup(StatementGroup):
    context: Annotated[Literal["resource", "scope", "profile"], Lowercase] | None = None


_SIGNALS = ("trace_statements", "metric_statements", "log_statements", "profile_statements")


class TransformConfig(Strict, Introspectable):
    error_mode: ErrorMode | None = None
    trace_statements: list[TraceStatementGroup | str] | None = None
    metric_statements: list[MetricStatementGroup | str] | None = None
    log_statements: list[LogStatementGroup | str] | None = None
    profile_statements: list[ProfileStatementGroup | str] | None = None
    flatten_data: bool | None = None

    @model_validator(mode="after")
    def _one_style(self) -> TransformConfig:
        for key in _SIGNALS:
            items: list[Any] = getattr(self, key) or []
            first_plain = next((i for i, item in enumerate(items) if isinstance(item, str)), len(items))
            if any(not isinstance(item, str) for item in items[first_plain:]):
                raise ValueError(
                    "configuring multiple configuration styles is not supported, please use only Basic "
                    "configuration or only Advanced configuration"
                )
        return self

    def _plain_start(self) -> int:
        """Index of the first plain statement (they all come after the groups)."""
        items = self.metric_statements or []
        return next((i for i, item in enumerate(items) if isinstance(item, str)), len(items))

    def groups(self) -> list[tuple[Path, OttlContext | None, MetricStatementGroup]]:
        """Statement groups with their YAML path and explicit context (None: inferred by the
        collector from path prefixes). Plain statements form one group, after any others; its
        path is `("metric_statements",)`."""
        items = self.metric_statements or []
        start = self._plain_start()
        out: list[tuple[Path, Any, MetricStatementGroup]] = []
        for i, item in enumerate(items[:start]):
            assert isinstance(item, MetricStatementGroup)
            out.append((("metric_statements", i), item.context, item))
        if start < len(items):
            plain = MetricStatementGroup(statements=[str(i) for i in items[start:]])
            out.append((("metric_statements",), None, plain))
        return out

    def ottl_expressions(self) -> list[OttlExpression]:
        out: list[OttlExpression] = []
        start = self._plain_start()
        for path, context, group in self.groups():
            if context is not None and context not in _CHECKED_CONTEXTS:
                continue  # exemplar: checked by the collector tier only
            basic = len(path) == 1
            for j, text in enumerate(group.statements):
                where = (*path, start + j) if basic else (*path, "statements", j)
                out.append(OttlExpression(where, text, context, "statement", "transform", path))
            for j, text in enumerate(group.conditions or []):
                out.append(OttlExpression((*path, "conditions", j), text, context, "condition", "transform", path))
        return out

    def metric_references(self) -> list[tuple[Path, str]]:
        return [(e.path, name) for e in self.ottl_expressions() for name in compared_metric_names(e.text)]
