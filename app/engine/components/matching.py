"""The collector's legacy include/exclude matching (contrib `internal/filter`), defined once for the engine.

`StringFilter` is `filterset`: `strict` is equality with one of the entries, `regexp` an unanchored
RE2 search with one of them (only a string value can match a pattern). `MetricMatcher` is one
`include` or `exclude` block selecting metrics by name and by resource attributes, as the `filter`
processor's `metrics.include/exclude` and the `attributes` processor's `include/exclude` write it:
a metric matches when its name matches one of the names (or no names are given) and its resource has
every listed attribute, with a matching value when a value is given (no value: the key must exist,
as `filtermatcher` reads an attribute without `value`). Patterns are compiled when the processor is
built, so a pattern the engine cannot run is refused there, naming the component.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.engine.components.processing import compile_regexp
from app.engine.pdata import Metric, ResourceMetrics


class StringFilter:
    """`filterset.FilterSet`: strict values or unanchored regexps, any one of which may match."""

    def __init__(self, patterns: Iterable[object], *, regexp: bool, component_id: str | None = None) -> None:
        self.values = list(patterns)
        self.patterns = [compile_regexp(str(p), component_id) for p in self.values] if regexp else None

    def matches(self, value: object) -> bool:
        if self.patterns is None:
            return any(value == expected for expected in self.values)
        return isinstance(value, str) and any(pattern.matches(value) for pattern in self.patterns)


class MetricMatcher:
    """One legacy `include`/`exclude` block: metric names and resource attributes, strict or regexp."""

    def __init__(
        self,
        component_id: str,
        *,
        regexp: bool,
        names: Iterable[str],
        resources: Iterable[tuple[str, object]],
    ) -> None:
        names = list(names)
        self.names = StringFilter(names, regexp=regexp, component_id=component_id) if names else None
        self.resources = [
            (key, None if value is None else StringFilter([value], regexp=regexp, component_id=component_id))
            for key, value in resources
        ]

    def matches(self, rm: ResourceMetrics, metric: Metric) -> bool:
        if self.names is not None and not self.names.matches(metric.name):
            return False
        attributes = rm.resource.attributes
        return all(
            key in attributes and (expected is None or expected.matches(attributes[key]))
            for key, expected in self.resources
        )
