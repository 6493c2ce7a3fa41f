"""What a preview shows changed: a sample of dropped series and of merged (rolled-up) series.

Dropped: input series whose resource identity vanished from the output. A process resource is
identified by its `process.pid`; any other resource by its full attribute set. Merged: output
series whose resource carries `phoenix.group`, i.e. the sums the roll-up templates produce.
Samples are capped so a 2000-process preview stays small; counts are exact.
"""

from __future__ import annotations

from typing import Any

from app.engine.pdata import MetricsBatch, ResourceMetrics, attributes_key

GROUP = "phoenix.group"
PID = "process.pid"
_SHOWN = ("process.pid", "process.executable.name", "process.command_line", "process.owner", GROUP, "host.name")


def _identity(rm: ResourceMetrics) -> tuple:
    pid = rm.resource.attributes.get(PID)
    return ("pid", pid) if isinstance(pid, int) else ("attrs", attributes_key(rm.resource.attributes))


def _shown(attributes: dict[str, Any]) -> dict[str, Any]:
    return {k: attributes[k] for k in _SHOWN if k in attributes}


def series_sample(input_batch: MetricsBatch, output_batch: MetricsBatch, limit: int = 20) -> dict[str, Any]:
    """`{"dropped": [...], "dropped_count", "merged": [...], "merged_count"}` for a preview."""
    surviving = {_identity(rm) for rm in output_batch.resource_metrics}
    dropped: list[dict[str, Any]] = []
    dropped_count = 0
    for rm in input_batch.resource_metrics:
        if _identity(rm) in surviving:
            continue
        for sm in rm.scope_metrics:
            for metric in sm.metrics:
                for dp in metric.data_points:
                    dropped_count += 1
                    if len(dropped) < limit:
                        dropped.append(
                            {
                                "metric": metric.name,
                                "resource": _shown(rm.resource.attributes),
                                "attributes": dict(dp.attributes),
                            }
                        )
    merged: list[dict[str, Any]] = []
    merged_keys: set[tuple] = set()
    for rm in output_batch.resource_metrics:
        if GROUP not in rm.resource.attributes:
            continue
        for sm in rm.scope_metrics:
            for metric in sm.metrics:
                for dp in metric.data_points:
                    key = (attributes_key(rm.resource.attributes), metric.name, attributes_key(dp.attributes))
                    if key in merged_keys:
                        continue
                    merged_keys.add(key)
                    if len(merged) < limit:
                        merged.append(
                            {
                                "metric": metric.name,
                                "group": rm.resource.attributes[GROUP],
                                "resource": _shown(rm.resource.attributes),
                                "attributes": dict(dp.attributes),
                                "value": getattr(dp, "value", None),
                            }
                        )
    return {"dropped": dropped, "dropped_count": dropped_count, "merged": merged, "merged_count": len(merged_keys)}
