"""`/api/v1/experiments`: A/B experiments, their phases, samples, results and history."""

from __future__ import annotations

from app.client.call import Body, Call
from app.experiments.models import (
    EventRead,
    ExperimentCreate,
    ExperimentPage,
    ExperimentRead,
    ExperimentResults,
    ExperimentUpdate,
    FrozenVariants,
    TimeseriesRead,
    TransitionRead,
)
from app.experiments.phases import Phase

BASE = "/api/v1/experiments"


def create(body: ExperimentCreate | Body) -> Call[ExperimentRead]:
    return Call("POST", BASE, ExperimentRead, body=body)


def list_(
    *, limit: int = 20, cursor: str | None = None, phase: Phase | str | None = None, q: str | None = None
) -> Call[ExperimentPage]:
    params = {"limit": limit, "cursor": cursor, "phase": None if phase is None else str(phase), "q": q}
    return Call("GET", BASE, ExperimentPage, params=params)


def get(experiment_id: str) -> Call[ExperimentRead]:
    return Call("GET", f"{BASE}/{experiment_id}", ExperimentRead)


def update(experiment_id: str, body: ExperimentUpdate | Body) -> Call[ExperimentRead]:
    return Call("PATCH", f"{BASE}/{experiment_id}", ExperimentRead, body=body)


def delete(experiment_id: str) -> Call[None]:
    return Call("DELETE", f"{BASE}/{experiment_id}")


def start(experiment_id: str) -> Call[ExperimentRead]:
    return Call("POST", f"{BASE}/{experiment_id}/start", ExperimentRead)


def stop(experiment_id: str, reason: str = "") -> Call[ExperimentRead]:
    return Call("POST", f"{BASE}/{experiment_id}/stop", ExperimentRead, body={"reason": reason})


def promote(experiment_id: str, variant: str) -> Call[ExperimentRead]:
    return Call("POST", f"{BASE}/{experiment_id}/promote", ExperimentRead, body={"variant": variant})


def variants(experiment_id: str) -> Call[FrozenVariants]:
    """Both variants' configs exactly as the run renders and runs them (409 while pending)."""
    return Call("GET", f"{BASE}/{experiment_id}/variants", FrozenVariants)


def timeseries(experiment_id: str) -> Call[TimeseriesRead]:
    return Call("GET", f"{BASE}/{experiment_id}/timeseries", TimeseriesRead)


def results(experiment_id: str) -> Call[ExperimentResults]:
    return Call("GET", f"{BASE}/{experiment_id}/results", ExperimentResults)


def transitions(experiment_id: str) -> Call[list[TransitionRead]]:
    return Call("GET", f"{BASE}/{experiment_id}/transitions", list[TransitionRead])


def events(experiment_id: str) -> Call[list[EventRead]]:
    return Call("GET", f"{BASE}/{experiment_id}/events", list[EventRead])
