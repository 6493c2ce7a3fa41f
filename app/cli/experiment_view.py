"""What `phoenix experiment status` shows, once or live (--watch): phase, elapsed and remaining time,
samples per variant, the (provisional) verdict, and why a failed run failed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from app.client import PhoenixApiError, PhoenixClient, routes
from app.experiments.models import ExperimentRead, ExperimentResults
from app.experiments.phases import TERMINAL, Phase

WITH_RESULTS = frozenset({Phase.running, Phase.analyzing, Phase.completed})
# Events that say what went wrong in a run (app.experiments.events.EventKind).
TROUBLE_EVENTS = frozenset({"reconcile_error", "simulation_failed"})


@dataclass
class Snapshot:
    experiment: ExperimentRead
    results: ExperimentResults | None = None
    why_failed: list[str] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.experiment.phase in TERMINAL


def take(phoenix: PhoenixClient, experiment_id: str) -> Snapshot:
    """The experiment, its results once it has samples, and the reasons when it failed."""
    experiment = phoenix.send(routes.experiments.get(experiment_id))
    snapshot = Snapshot(experiment)
    if experiment.phase in WITH_RESULTS:
        try:
            snapshot.results = phoenix.send(routes.experiments.results(experiment_id))
        except PhoenixApiError as exc:
            if exc.status_code not in (404, 409):  # no results yet
                raise
    if experiment.phase == Phase.failed:
        snapshot.why_failed = failure_reasons(phoenix, experiment_id)
    return snapshot


def failure_reasons(phoenix: PhoenixClient, experiment_id: str) -> list[str]:
    transitions = phoenix.send(routes.experiments.transitions(experiment_id))
    events = phoenix.send(routes.experiments.events(experiment_id))
    reasons = [f"{t.trigger}: {t.reason}" for t in transitions if t.to_phase == Phase.failed and t.reason]
    reasons += [f"{e.kind}: {e.message}" for e in events if e.kind in TROUBLE_EVENTS]
    return reasons or ["no reason recorded"]


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def times(experiment: ExperimentRead, now: datetime | None = None) -> tuple[str, str]:
    """Elapsed since the run began (or deploying began) and what remains of its duration."""
    now = now or datetime.now(UTC)
    began = experiment.running_at or experiment.started_at
    if began is None:
        return "-", _clock(experiment.duration_seconds)
    end = experiment.finished_at or now
    elapsed = (end - began).total_seconds()
    if experiment.running_at is None or experiment.finished_at is not None:
        return _clock(elapsed), "-"
    return _clock(elapsed), _clock(experiment.duration_seconds - elapsed)


def render(snapshot: Snapshot) -> RenderableType:
    e = snapshot.experiment
    elapsed, remaining = times(e)
    summary = Table("ID", "NAME", "PHASE", "ELAPSED", "REMAINING", "VERDICT", title="experiment", title_justify="left")
    summary.add_row(e.id, e.name, e.phase.value, elapsed, remaining, _verdict(snapshot))
    parts: list[RenderableType] = [summary]
    if snapshot.results is not None:
        parts.append(_variants(snapshot.results))
        parts += [Text(f"- {reason}") for reason in snapshot.results.reasons]
    for reason in snapshot.why_failed:
        parts.append(Text(f"failed: {reason}", style="red"))
    return Group(*parts)


def _verdict(snapshot: Snapshot) -> str:
    if snapshot.results is None:
        return snapshot.experiment.verdict or "-"
    kind = "final" if snapshot.results.final else "provisional"
    return f"{snapshot.results.verdict} ({kind})"


def _variants(results: ExperimentResults) -> Table:
    c = results.comparison
    reduction = "n/a" if c.cardinality_reduction is None else f"{c.cardinality_reduction:.1%}"
    grid = Table("VARIANT", "SAMPLES", "MEASURED BY", title=f"reduction {reduction}", title_justify="left")
    for label, variant in results.variants.items():
        grid.add_row(label, str(variant.samples), ", ".join(variant.measured_by) or "not recorded")
    return grid
