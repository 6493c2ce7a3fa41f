"""Which metric names an OTTL expression compares against literally (`metric.name == "x"`).

A plain text scan, so component configs can answer it without parsing; parsing and checking
OTTL is `app.engine.ottl`'s job.
"""

from __future__ import annotations

import re

_NAME_COMPARE = re.compile(r'(?:(?<=metric\.)|(?<![\w."\[]))name\s*(?:==|!=)\s*"((?:[^"\\]|\\.)*)"')


def compared_metric_names(text: str) -> list[str]:
    """Metric names in `name == "..."` / `metric.name != "..."` comparisons of `text`."""
    return [m.group(1).replace('\\"', '"') for m in _NAME_COMPARE.finditer(text)]
