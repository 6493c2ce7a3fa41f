"""Deployments API: standing pipelines on targets (created directly or by promoting an experiment),
their status changes (pause, resume, rollback, delete) and status history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from app.auth.dependencies import Operator, Viewer
from app.core.db import SessionDep
from app.deployments import service
from app.deployments.models import (
    DeploymentChangeRequest,
    DeploymentCreate,
    DeploymentDetail,
    DeploymentRead,
    DeploymentTransitionRead,
    RollbackRead,
)

router = APIRouter(prefix="/api/v1/deployments", tags=["deployments"])


async def _reason(body: DeploymentChangeRequest | None = None) -> str:
    """The optional `{"reason": ...}` body of a status change, recorded in its transition."""
    return body.reason if body else ""


ChangeReason = Annotated[str, Depends(_reason)]


@router.get("", response_model=list[DeploymentRead])
async def list_deployments(
    _: Viewer, session: SessionDep, include_inactive: bool = Query(False, description="also replaced and removed ones")
) -> list[DeploymentRead]:
    """Deployments, newest first."""
    return [
        DeploymentRead.model_validate(d) for d in await service.list_all(session, include_inactive=include_inactive)
    ]


@router.post("", response_model=DeploymentDetail, status_code=201)
async def create_deployment(
    body: DeploymentCreate, principal: Operator, request: Request, session: SessionDep
) -> DeploymentDetail:
    """Deploy a template or saved pipeline on a target; what ran there before is replaced."""
    deployment = await service.create(session, data=body, actor=principal.actor, runtime=request.app.state.runtime)
    return DeploymentDetail.model_validate(deployment)


@router.get("/{deployment_id}", response_model=DeploymentDetail)
async def get_deployment(deployment_id: str, _: Viewer, session: SessionDep) -> DeploymentDetail:
    """One deployment with its config."""
    return DeploymentDetail.model_validate(await service.get(session, deployment_id=deployment_id))


@router.get("/{deployment_id}/transitions", response_model=list[DeploymentTransitionRead])
async def list_transitions(deployment_id: str, _: Viewer, session: SessionDep) -> list[DeploymentTransitionRead]:
    """The deployment's status history (who changed it, when and why), oldest first."""
    rows = await service.transitions(session, deployment_id=deployment_id)
    return [DeploymentTransitionRead.model_validate(t) for t in rows]


@router.post("/{deployment_id}/pause", response_model=DeploymentRead)
async def pause_deployment(
    deployment_id: str, principal: Operator, session: SessionDep, reason: ChangeReason
) -> DeploymentRead:
    """Suspend an active deployment; the reconciler stops it on the runtime until it is resumed."""
    deployment = await service.pause(session, deployment_id=deployment_id, actor=principal.actor, reason=reason)
    return DeploymentRead.model_validate(deployment)


@router.post("/{deployment_id}/resume", response_model=DeploymentRead)
async def resume_deployment(
    deployment_id: str, principal: Operator, session: SessionDep, reason: ChangeReason
) -> DeploymentRead:
    """Reactivate a suspended deployment; the reconciler runs it again."""
    deployment = await service.resume(session, deployment_id=deployment_id, actor=principal.actor, reason=reason)
    return DeploymentRead.model_validate(deployment)


@router.post("/{deployment_id}/rollback", response_model=RollbackRead)
async def rollback_deployment(
    deployment_id: str, principal: Operator, request: Request, session: SessionDep, reason: ChangeReason
) -> RollbackRead:
    """Give the target back to the deployment this one replaced; this one is removed. 409 when nothing
    was replaced, or when another change of the deployment got there first."""
    rolled = await service.rollback(
        session, deployment_id=deployment_id, actor=principal.actor, runtime=request.app.state.runtime, reason=reason
    )
    return RollbackRead(
        restored=DeploymentRead.model_validate(rolled.restored), removed=DeploymentRead.model_validate(rolled.removed)
    )


@router.delete("/{deployment_id}", response_model=DeploymentRead)
async def delete_deployment(deployment_id: str, principal: Operator, session: SessionDep) -> DeploymentRead:
    """Remove a deployment; the reconciler stops it on the runtime."""
    deployment = await service.delete(session, deployment_id=deployment_id, actor=principal.actor)
    return DeploymentRead.model_validate(deployment)
