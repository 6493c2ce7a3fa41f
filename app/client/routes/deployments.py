"""`/api/v1/deployments`: standing deployments, their history, pause, resume and rollback."""

from __future__ import annotations

from app.client.call import Body, Call
from app.deployments.models import (
    DeploymentCreate,
    DeploymentDetail,
    DeploymentRead,
    DeploymentTransitionRead,
    RollbackRead,
)

BASE = "/api/v1/deployments"


def list_(*, include_inactive: bool = False) -> Call[list[DeploymentRead]]:
    return Call("GET", BASE, list[DeploymentRead], params={"include_inactive": include_inactive})


def create(body: DeploymentCreate | Body) -> Call[DeploymentDetail]:
    return Call("POST", BASE, DeploymentDetail, body=body)


def get(deployment_id: str) -> Call[DeploymentDetail]:
    return Call("GET", f"{BASE}/{deployment_id}", DeploymentDetail)


def delete(deployment_id: str) -> Call[DeploymentRead]:
    return Call("DELETE", f"{BASE}/{deployment_id}", DeploymentRead)


def transitions(deployment_id: str) -> Call[list[DeploymentTransitionRead]]:
    return Call("GET", f"{BASE}/{deployment_id}/transitions", list[DeploymentTransitionRead])


def pause(deployment_id: str, reason: str = "") -> Call[DeploymentRead]:
    body = {"reason": reason}
    return Call("POST", f"{BASE}/{deployment_id}/pause", DeploymentRead, body=body)


def resume(deployment_id: str, reason: str = "") -> Call[DeploymentRead]:
    body = {"reason": reason}
    return Call("POST", f"{BASE}/{deployment_id}/resume", DeploymentRead, body=body)


def rollback(deployment_id: str, reason: str = "") -> Call[RollbackRead]:
    body = {"reason": reason}
    return Call("POST", f"{BASE}/{deployment_id}/rollback", RollbackRead, body=body)
