"""Deployments API: standing pipelines on targets (created directly or by promoting an experiment)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from app.auth.dependencies import Operator, Viewer
from app.core.db import SessionDep
from app.deployments import service
from app.deployments.models import DeploymentCreate, DeploymentDetail, DeploymentRead

router = APIRouter(prefix="/api/v1/deployments", tags=["deployments"])


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
    deployment = await service.create(
        session, data=body, actor=principal.actor, runtime=request.app.state.settings.runtime
    )
    return DeploymentDetail.model_validate(deployment)


@router.get("/{deployment_id}", response_model=DeploymentDetail)
async def get_deployment(deployment_id: str, _: Viewer, session: SessionDep) -> DeploymentDetail:
    """One deployment with its config."""
    return DeploymentDetail.model_validate(await service.get(session, deployment_id=deployment_id))


@router.delete("/{deployment_id}", response_model=DeploymentRead)
async def delete_deployment(deployment_id: str, _: Operator, session: SessionDep) -> DeploymentRead:
    """Remove a deployment; the reconciler stops it on the runtime."""
    return DeploymentRead.model_validate(await service.delete(session, deployment_id=deployment_id))
