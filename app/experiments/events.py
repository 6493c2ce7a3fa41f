"""The kinds of entry on an experiment's timeline besides phase changes (`ExperimentEvent.kind`).

Stored as their string values (the column stays a plain string), served as this enum by `EventRead`.
"""

from __future__ import annotations

from enum import StrEnum


class EventKind(StrEnum):
    configs_rendered = "configs_rendered"  # both variants' configs rendered and frozen for the run
    simulation_started = "simulation_started"
    simulation_failed = "simulation_failed"
    variants_reapplied = "variants_reapplied"  # a variant drifted or vanished and was applied again
    reconcile_error = "reconcile_error"
    cleaned_up = "cleaned_up"  # the runtime no longer runs either variant
    updated = "updated"  # a pending experiment's fields changed
    promoted = "promoted"
    paused = "paused"
    resumed = "resumed"
    config_updated = "config_updated"  # a variant's template parameters changed by a control signal
    retargeted = "retargeted"
