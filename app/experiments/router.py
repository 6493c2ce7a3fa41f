"""Experiments API: thin HTTP layer over `app.experiments.service`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from app.auth.dependencies import Operator, Viewer
from app.core.db import SessionDep
from app.experiments import listing, service
from app.experiments.models import (
    EventRead,
    ExperimentCreate,
    ExperimentPage,
    ExperimentRead,
    ExperimentResults,
    ExperimentUpdate,
    FrozenVariants,
    PromoteRequest,
    StopRequest,
    TimeseriesRead,
    TransitionRead,
)
from app.experiments.phases import Phase

router = APIRouter(prefix="/api/v1/experiments", tags=["experiments"])


@router.post("", response_model=ExperimentRead, status_code=201)
async def create_experiment(
    request: Request, body: ExperimentCreate, principal: Operator, session: SessionDep
) -> ExperimentRead:
    """Create a pending A/B experiment of a baseline and a candidate pipeline."""
    pricing, runtime = request.app.state.settings.pricing, request.app.state.runtime
    experiment = await service.create(
        session, data=body, actor=principal.actor, default_pricing=pricing, runtime=runtime
    )
    return service.to_read(experiment)


@router.get("", response_model=ExperimentPage)
async def list_experiments(
    request: Request,
    _: Viewer,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
    phase: Phase | None = None,
    q: Annotated[str | None, Query(max_length=100, description="text in name or description")] = None,
) -> Response:
    """Experiments, newest first, one page at a time."""
    pages = request.app.state.experiment_pages
    body = await listing.list_page_json(session, pages, limit=limit, cursor=cursor, phase=phase, q=q)
    return Response(body, media_type="application/json")


@router.get("/{experiment_id}", response_model=ExperimentRead)
async def get_experiment(experiment_id: str, _: Viewer, session: SessionDep) -> ExperimentRead:
    """One experiment."""
    return service.to_read(await service.get(session, experiment_id=experiment_id))


@router.patch("/{experiment_id}", response_model=ExperimentRead)
async def update_experiment(
    request: Request, experiment_id: str, body: ExperimentUpdate, principal: Operator, session: SessionDep
) -> ExperimentRead:
    """Change a pending experiment."""
    experiment = await service.update_pending(
        session, experiment_id=experiment_id, data=body, actor=principal.actor, runtime=request.app.state.runtime
    )
    return service.to_read(experiment)


@router.delete("/{experiment_id}", status_code=204)
async def delete_experiment(experiment_id: str, _: Operator, session: SessionDep) -> None:
    """Delete a finished (completed, failed or cancelled) experiment."""
    await service.delete(session, experiment_id=experiment_id)


@router.post("/{experiment_id}/start", response_model=ExperimentRead)
async def start_experiment(experiment_id: str, principal: Operator, session: SessionDep) -> ExperimentRead:
    """Start a pending experiment (it moves to `deploying`)."""
    return service.to_read(await service.start(session, experiment_id=experiment_id, actor=principal.actor))


@router.post("/{experiment_id}/stop", response_model=ExperimentRead)
async def stop_experiment(
    experiment_id: str, principal: Operator, session: SessionDep, body: StopRequest | None = None
) -> ExperimentRead:
    """Cancel an experiment in any non-terminal phase."""
    reason = body.reason if body else ""
    experiment = await service.stop(session, experiment_id=experiment_id, actor=principal.actor, reason=reason)
    return service.to_read(experiment)


@router.post("/{experiment_id}/promote", response_model=ExperimentRead)
async def promote_experiment(
    experiment_id: str, body: PromoteRequest, principal: Operator, request: Request, session: SessionDep
) -> ExperimentRead:
    """Make a completed experiment's variant the standing deployment of its target."""
    experiment = await service.promote(
        session,
        experiment_id=experiment_id,
        variant=body.variant,
        actor=principal.actor,
        runtime=request.app.state.runtime,
    )
    return service.to_read(experiment)


@router.get("/{experiment_id}/variants", response_model=FrozenVariants)
async def variant_configs(experiment_id: str, _: Viewer, session: SessionDep) -> FrozenVariants:
    """Both variants' configs exactly as this run renders and runs them (frozen when it started
    deploying; a config change signal replaces them). 409 while the experiment is pending."""
    return await service.variant_configs(session, experiment_id=experiment_id)


@router.get("/{experiment_id}/timeseries", response_model=TimeseriesRead)
async def timeseries(experiment_id: str, _: Viewer, session: SessionDep) -> TimeseriesRead:
    """Every stored sample of both variants, oldest first."""
    return await service.timeseries(session, experiment_id=experiment_id)


# exclude_unset: results stored before a field existed are returned as stored, without it
@router.get("/{experiment_id}/results", response_model=ExperimentResults, response_model_exclude_unset=True)
async def results(experiment_id: str, _: Viewer, session: SessionDep) -> dict[str, Any]:
    """The analysis: final once completed, provisional (on the samples so far) before."""
    return await service.results(session, experiment_id=experiment_id)


@router.get("/{experiment_id}/transitions", response_model=list[TransitionRead])
async def list_transitions(experiment_id: str, _: Viewer, session: SessionDep) -> list[TransitionRead]:
    """The phase history: every transition with its trigger and reason."""
    return [TransitionRead.model_validate(t) for t in await service.transitions(session, experiment_id=experiment_id)]


@router.get("/{experiment_id}/events", response_model=list[EventRead])
async def list_events(experiment_id: str, _: Viewer, session: SessionDep) -> list[EventRead]:
    """Timeline events other than phase changes."""
    return [EventRead.model_validate(e) for e in await service.events(session, experiment_id=experiment_id)]
