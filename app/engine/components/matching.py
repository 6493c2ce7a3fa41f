"""The collector's legacy include/exclude matching (contrib `internal/filter`), defined once for the engine.

`StringFilter` is `filterset`: `strict` is equality with one of the entries, `regexp` an unanchored
RE2 search with one of them (only a string value can match a pattern); the `attributes` processor
selects metrics by name with it, and the process scraper selects processes. `MetricMatcher` is one
`include` or `exclude` block of the `filter` processor's `metrics`, selecting by name and by
resource attributes: a metric matches when its name matches one of the names (or no names are
given) and its resource has every listed attribute, with a matching value when a value is given
(no value: the key must exist, as `filtermatcher` reads an attribute without `value`). An attribute value is matched as
`filtermatcher.AttributesMatcher` does: `strict` needs the same type and value (the int 1 is not the
double 1.0), `regexp` searches the text of a string, bool, int or double value. Patterns are
compiled when the processor is built, so a pattern the engine cannot run is refused there, naming
the component.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal

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


def attribute_text(value: object) -> str | None:
    """An attribute value as text, as the collector's regexp attribute matcher reads it
    (`attributeStringValue`: Go's `FormatBool`, `FormatInt`, `FormatFloat(v, 'f', -1, 64)`); None for
    maps, slices and bytes, which never match."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "+Inf" if value > 0 else "-Inf"
        text = format(Decimal(repr(value)), "f")  # shortest round-trip digits, never an exponent
        return text.rstrip("0").rstrip(".") if "." in text else text
    return None


class AttributeValueFilter:
    """One resource attribute's expected `value`: strict (same type, same value) or a regexp."""

    def __init__(self, expected: object, *, regexp: bool, component_id: str | None = None) -> None:
        self.expected = expected
        self.pattern = compile_regexp(str(expected), component_id) if regexp else None

    def matches(self, value: object) -> bool:
        if self.pattern is None:
            return type(value) is type(self.expected) and value == self.expected
        text = attribute_text(value)
        return text is not None and self.pattern.matches(text)


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
            (key, None if value is None else AttributeValueFilter(value, regexp=regexp, component_id=component_id))
            for key, value in resources
        ]

    def matches(self, rm: ResourceMetrics, metric: Metric) -> bool:
        """Both parts that are given match (an `include` block keeps exactly this)."""
        names_ok = self.names is None or self.names.matches(metric.name)
        return names_ok and (not self.resources or self.resource_matches(rm))

    def matches_either(self, rm: ResourceMetrics, metric: Metric) -> bool:
        """A given part matches: the filter processor's `exclude`, whose resource attributes drop a
        whole resource and whose names drop a metric anywhere (`newSkipResExpr`, `NewSkipExpr`)."""
        by_name = self.names is not None and self.names.matches(metric.name)
        return by_name or (bool(self.resources) and self.resource_matches(rm))

    def resource_matches(self, rm: ResourceMetrics) -> bool:
        """Every listed resource attribute is present (and equal or matching, when a value is given)."""
        attributes = rm.resource.attributes
        return all(
            key in attributes and (expected is None or expected.matches(attributes[key]))
            for key, expected in self.resources
        )
