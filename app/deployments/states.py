"""The deployment state machine: the one table of statuses and allowed transitions.

Every status change goes through `app.deployments.service.transition()`, which checks this table,
records who and why (`DeploymentTransition`) and writes under the optimistic version check.
"""

from __future__ import annotations

from enum import StrEnum


class DeploymentStatus(StrEnum):
    active = "active"  # should run on its target
    suspended = "suspended"  # paused: by an operator, or while an experiment runs on the same target
    replaced = "replaced"  # superseded by a newer deployment or a promotion on the same target
    removed = "removed"  # deleted, stopped, or rolled back by a user


TRANSITIONS: dict[DeploymentStatus, frozenset[DeploymentStatus]] = {
    # pause / an experiment takes the target; create or promote on the target; delete, stop or roll back
    DeploymentStatus.active: frozenset(
        {DeploymentStatus.suspended, DeploymentStatus.replaced, DeploymentStatus.removed}
    ),
    # resume / the experiment gives the target back; create or promote on the target; delete or stop
    DeploymentStatus.suspended: frozenset(
        {DeploymentStatus.active, DeploymentStatus.replaced, DeploymentStatus.removed}
    ),
    # a rollback of the deployment that replaced it; delete
    DeploymentStatus.replaced: frozenset({DeploymentStatus.active, DeploymentStatus.removed}),
    DeploymentStatus.removed: frozenset(),
}

TERMINAL: frozenset[DeploymentStatus] = frozenset(s for s, nxt in TRANSITIONS.items() if not nxt)

# Statuses that still hold their target (listed by default; replaced by a new deployment there).
ON_TARGET: frozenset[DeploymentStatus] = frozenset({DeploymentStatus.active, DeploymentStatus.suspended})


def allowed_from(status: DeploymentStatus) -> list[DeploymentStatus]:
    """Statuses reachable from `status` in one step, in a stable order."""
    return sorted(TRANSITIONS[status], key=list(DeploymentStatus).index)


def can_transition(current: DeploymentStatus, target: DeploymentStatus) -> bool:
    return target in TRANSITIONS[current]
