"""The experiment state machine: the one table of phases and allowed transitions."""

from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    pending = "pending"
    deploying = "deploying"
    running = "running"
    analyzing = "analyzing"
    completed = "completed"
    failed = "failed"
    cancelled = "cancelled"


TRANSITIONS: dict[Phase, frozenset[Phase]] = {
    Phase.pending: frozenset({Phase.deploying, Phase.cancelled}),
    Phase.deploying: frozenset({Phase.running, Phase.failed, Phase.cancelled}),
    Phase.running: frozenset({Phase.analyzing, Phase.failed, Phase.cancelled}),
    Phase.analyzing: frozenset({Phase.completed, Phase.failed, Phase.cancelled}),
    Phase.completed: frozenset(),
    Phase.failed: frozenset(),
    Phase.cancelled: frozenset(),
}

TERMINAL: frozenset[Phase] = frozenset(p for p, nxt in TRANSITIONS.items() if not nxt)


def allowed_from(phase: Phase) -> list[Phase]:
    """Phases reachable from `phase` in one step, in a stable order."""
    return sorted(TRANSITIONS[phase], key=list(Phase).index)


def can_transition(current: Phase, target: Phase) -> bool:
    return target in TRANSITIONS[current]
