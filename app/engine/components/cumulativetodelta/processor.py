"""`cumulativetodelta` processor: monotonic cumulative sums become deltas, with state across payloads.

Mirrors `processor.go` and `internal/tracking/tracker.go`: only Sum metrics that are cumulative AND
monotonic are converted ("Non-monotonic sums are excluded", README), selected by `include` /
`exclude` (exclude wins; strict names or unanchored regexps) and `metric_types`. A series is
identified by resource, scope, metric name/unit/type, value type, datapoint attributes and start
time. Its first point is handled per `initial_value` (README): `auto` (default) keeps it only if
its start time is set, after the processor started and different from its timestamp, `keep`
sends the observed value (with its own start time; the 0.128 code leaves it at 0), `drop` drops
it. Later points carry value - previous with the previous timestamp as start time; a decrease
(reset) drops the point and restarts from it. NaN points pass unchanged, points flagged "no
recorded value" are dropped. `max_staleness` forgets series not seen for that long, measured
against the newest timestamp of the payload (so replayed snapshots age consistently). Cumulative
histograms are not converted locally (EngineUnsupported).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from app.engine.collector import DEFAULT_MAX_STALENESS_S
from app.engine.components.common import go_duration_seconds
from app.engine.components.cumulativetodelta.config import CumulativeToDeltaConfig, MatchMetrics
from app.engine.components.matching import StringFilter
from app.engine.components.processing import prune_empty
from app.engine.errors import EngineUnsupported
from app.engine.pdata import MetricsBatch, NumberDataPoint, attributes_key

_NO_RECORDED_VALUE = 1


def _matcher(component_id: str, match: MatchMetrics | None) -> Callable[[str, str], bool] | None:
    if match is None or (not match.metrics and not match.metric_types):
        return None
    names = (
        StringFilter(match.metrics, regexp=match.match_type == "regexp", component_id=component_id)
        if match.metrics
        else None
    )
    types = set(match.metric_types or [])

    def matches(name: str, metric_type: str) -> bool:
        if names is not None and not names.matches(name):
            return False
        return not types or metric_type in types

    return matches


class CumulativeToDeltaProcessor:
    def __init__(
        self, component_id: str, config: CumulativeToDeltaConfig, clock: Callable[[], int] = time.time_ns
    ) -> None:
        self.component_id = component_id
        self.include, self.exclude = _matcher(component_id, config.include), _matcher(component_id, config.exclude)
        self.initial_value = config.initial_value or "auto"
        staleness_s = (
            go_duration_seconds(config.max_staleness) if config.max_staleness is not None else DEFAULT_MAX_STALENESS_S
        )
        self.max_staleness_ns = int(staleness_s * 1e9)  # 0: never forget
        self.started_at = clock()
        self.states: dict[tuple, tuple[int | float, int]] = {}  # identity -> (previous value, its timestamp)

    def _selected(self, name: str, metric_type: str) -> bool:
        if self.include is not None and not self.include(name, metric_type):
            return False
        return not (self.exclude is not None and self.exclude(name, metric_type))

    def process(self, batch: MetricsBatch) -> MetricsBatch:
        newest = 0
        for rm in batch.resource_metrics:
            resource_key = attributes_key(rm.resource.attributes)
            for sm in rm.scope_metrics:
                scope_key = (sm.scope_name, sm.scope_version)
                kept_metrics = []
                for metric in sm.metrics:
                    if metric.aggregation_temporality != "cumulative" or not self._selected(metric.name, metric.type):
                        kept_metrics.append(metric)
                        continue
                    if metric.type == "histogram":
                        raise EngineUnsupported(
                            f"converting cumulative histogram {metric.name!r} is not supported", self.component_id
                        )
                    if metric.type != "sum" or not metric.is_monotonic:
                        kept_metrics.append(metric)
                        continue
                    base = (resource_key, scope_key, metric.name, metric.unit)
                    metric.data_points = [dp for dp in metric.data_points if self._convert(base, dp)]  # type: ignore[arg-type]
                    metric.aggregation_temporality = "delta"
                    for dp in metric.data_points:
                        newest = max(newest, dp.time_unix_nano)
                    if metric.data_points:
                        kept_metrics.append(metric)
                sm.metrics = kept_metrics
        self._expire(newest)
        return prune_empty(batch)

    def _convert(self, base: tuple, dp: NumberDataPoint) -> bool:
        """Turn one point into its delta in place; False drops it."""
        if dp.flags & _NO_RECORDED_VALUE:
            return False
        is_float = type(dp.value) is float
        if is_float and math.isnan(dp.value):
            return True
        identity = (*base, is_float, attributes_key(dp.attributes), dp.start_time_unix_nano)
        previous = self.states.get(identity)
        self.states[identity] = (dp.value, dp.time_unix_nano)
        if previous is None:
            if self.initial_value == "keep":
                return True
            if self.initial_value == "auto":
                start = dp.start_time_unix_nano
                return bool(start) and start >= self.started_at and dp.time_unix_nano != start
            return False
        value, observed = previous
        if dp.value < value:  # reset on a monotonic counter
            return False
        dp.value, dp.start_time_unix_nano = dp.value - value, observed
        return True

    def _expire(self, newest: int) -> None:
        if not self.max_staleness_ns or not newest:
            return
        stale_before = newest - self.max_staleness_ns
        for identity in [k for k, (_, seen) in self.states.items() if seen < stale_before]:
            del self.states[identity]
