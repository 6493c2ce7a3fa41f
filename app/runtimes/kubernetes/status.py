"""The `status` of a PhoenixProcessPipeline, derived from its DaemonSet: one definition of the phases.

The reconciler reads the DaemonSet and writes this through the status subresource; the CRD's
schema (phase enum, counts, conditions) is checked against it in the tests. Pure: no clock, no
cluster (the caller passes `now` and what it read).

Phases:
- `Pending`: no DaemonSet yet, or no node matches the selector (nothing to run);
- `Deploying`: the DaemonSet controller has not yet rolled the current pod template to every node;
- `Running`: every desired node runs a ready pod of the current template (its config hash);
- `Degraded`: rolled out, but some nodes' pods are not ready;
- `Failed`: the caller says so (e.g. deploying timed out); the reason is kept in the condition.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

PHASES = ("Pending", "Deploying", "Running", "Degraded", "Failed")
READY_CONDITION = "Ready"


def _phase(daemon_set: Mapping[str, Any] | None, failed_reason: str | None) -> tuple[str, str, str, bool]:
    """(phase, reason, message, rolled_out)."""
    if failed_reason:
        return "Failed", "Failed", failed_reason, False
    if daemon_set is None:
        return "Pending", "NotCreated", "the DaemonSet does not exist yet", False
    status = daemon_set.get("status") or {}
    desired = int(status.get("desiredNumberScheduled", 0))
    ready = int(status.get("numberReady", 0))
    updated = int(status.get("updatedNumberScheduled", 0))
    generation = int((daemon_set.get("metadata") or {}).get("generation", 0))
    observed = int(status.get("observedGeneration", 0))
    rolled_out = observed >= generation and updated >= desired
    if observed == 0 and desired == 0:  # brand new: the DaemonSet controller has not looked at it yet
        return "Pending", "NotObserved", "waiting for the DaemonSet controller", False
    if desired == 0:
        return "Pending", "NoMatchingNodes", "no node matches the node selector", False
    if not rolled_out:
        return "Deploying", "RollingOut", f"{updated}/{desired} nodes run the current config", False
    if ready < desired:
        return "Degraded", "PodsNotReady", f"{ready}/{desired} collector pods are ready", True
    return "Running", "AllNodesReady", f"{ready}/{desired} collector pods are ready", True


def pipeline_status(
    *,
    generation: int,
    config_hash: str,
    daemon_set: Mapping[str, Any] | None,
    now: datetime,
    previous: Mapping[str, Any] | None = None,
    failed_reason: str | None = None,
) -> dict[str, Any]:
    """The status body for a custom resource at `generation` whose spec holds `config_hash`.

    `daemon_set` is the DaemonSet as read from the cluster (None when absent); `previous` the
    resource's current status, whose `Ready` condition keeps its `lastTransitionTime` while its
    value does not change and whose `configHash` stands until a new rollout completes.
    """
    previous = previous or {}
    phase, reason, message, rolled_out = _phase(daemon_set, failed_reason)
    ds_status = (daemon_set or {}).get("status") or {}
    ready_value = "True" if phase == "Running" else "False"
    old: Sequence[Mapping[str, Any]] = previous.get("conditions") or []
    old_ready = next((c for c in old if c.get("type") == READY_CONDITION), None)
    changed = old_ready is None or old_ready.get("status") != ready_value
    moment = now if now.tzinfo is None else now.astimezone(UTC)  # naive means UTC, as everywhere in Phoenix
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ") if changed else str(old_ready["lastTransitionTime"])
    condition = {
        "type": READY_CONDITION,
        "status": ready_value,
        "observedGeneration": generation,
        "lastTransitionTime": stamp,
        "reason": reason,
        "message": message,
    }
    others = [dict(c) for c in old if c.get("type") != READY_CONDITION]
    return {
        "phase": phase,
        "readyNodes": int(ds_status.get("numberReady", 0)),
        "desiredNodes": int(ds_status.get("desiredNumberScheduled", 0)),
        "configHash": config_hash if rolled_out else str(previous.get("configHash", "")),
        "observedGeneration": generation,
        "conditions": sorted([condition, *others], key=lambda c: str(c.get("type"))),
    }
