"""`metricstransform` processor config (contrib `processor/metricstransformprocessor`).

Works only within one batch and within one metric of one resource: `aggregate_labels` keeps
`label_set` and aggregates datapoints that then share attributes (and timestamp). It cannot
merge series of different resources (processes); that needs `groupbyattrs` first.

The collector itself requires, per operation, only `label` (update_label), `new_label` and
`new_value` (add_label) and a non-zero `experimental_scale` (experimental_scale_value). The other
fields Phoenix asks for (an aggregation without `aggregation_type` merges nothing, a
`delete_label_value` without `label_value` deletes the empty value) are its own policy.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from app.engine.components.base import Introspectable, Path
from app.engine.components.common import PhoenixPolicy, Strict
from app.engine.regexp import check as check_re2

AggregationType = Literal["sum", "mean", "min", "max", "count", "median"]


class ValueAction(Strict):
    value: str
    new_value: str


class Operation(Strict):
    action: Literal[
        "add_label",
        "update_label",
        "delete_label_value",
        "toggle_scalar_data_type",
        "experimental_scale_value",
        "aggregate_labels",
        "aggregate_label_values",
    ]
    label: str | None = None
    new_label: str | None = None
    label_set: list[str] | None = None
    aggregation_type: AggregationType | None = None
    aggregated_values: list[str] | None = None
    new_value: str | None = None
    value_actions: list[ValueAction] | None = None
    experimental_scale: float | None = None
    label_value: str | None = None

    @model_validator(mode="after")
    def _required(self) -> Operation:
        need = {"add_label": ("new_label", "new_value"), "update_label": ("label",)}.get(self.action, ())
        missing = [f for f in need if not getattr(self, f)]
        if missing:
            raise ValueError(f"missing required field {missing[0]!r} for operation {self.action!r}")
        if self.action == "experimental_scale_value" and not self.experimental_scale:
            raise ValueError("missing required field 'experimental_scale' for operation 'experimental_scale_value'")
        policy = {
            "delete_label_value": ("label", "label_value"),
            "aggregate_labels": ("label_set", "aggregation_type"),
            "aggregate_label_values": ("label", "aggregated_values", "new_value", "aggregation_type"),
        }.get(self.action, ())
        missing = [f for f in policy if getattr(self, f) is None]
        if missing:
            raise PhoenixPolicy(f"missing field {missing[0]!r} for operation {self.action!r}")
        return self


class Transform(Strict):
    include: str = Field(min_length=1)
    match_type: Literal["strict", "regexp"] = "strict"
    experimental_match_labels: dict[str, str] | None = None
    action: Literal["update", "insert", "combine", "group"]
    new_name: str | None = None
    group_resource_labels: dict[str, str] | None = None
    aggregation_type: AggregationType | None = None
    submatch_case: Literal["lower", "upper"] | None = None
    operations: list[Operation] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Transform:
        if self.match_type == "regexp":
            check_re2(self.include)
        if self.action in ("insert", "combine") and not self.new_name:
            raise ValueError(f"missing required field 'new_name' while 'action' is {self.action}")
        if self.action == "combine" and self.aggregation_type is None:
            raise ValueError("missing required field 'aggregation_type' while 'action' is combine")
        if self.action == "group" and self.group_resource_labels is None:
            raise ValueError("missing required field 'group_resource_labels' while 'action' is group")
        return self


class MetricsTransformConfig(Strict, Introspectable):
    transforms: list[Transform] = Field(default_factory=list)

    def metric_references(self) -> list[tuple[Path, str]]:
        return [
            (("transforms", i, "include"), t.include) for i, t in enumerate(self.transforms) if t.match_type == "strict"
        ]
