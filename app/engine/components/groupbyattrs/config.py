"""`groupbyattrs` processor config (contrib `processor/groupbyattrsprocessor`).

`keys` are *record-level* (datapoint) attribute keys moved up to the resource. With no keys the
processor only compacts: resources with identical attributes (and identical scopes) are merged
into one, and metrics with the same name and type under them are merged into one metric whose
datapoints are appended. It never sums values.
"""

from __future__ import annotations

from pydantic import Field

from app.engine.components.base import Introspectable
from app.engine.components.common import Strict


class GroupByAttrsConfig(Strict, Introspectable):
    keys: list[str] = Field(default_factory=list)
