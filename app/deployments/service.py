"""Standing deployments: create from a template or saved pipeline, promote an experiment's winner,
suspend and restore around experiments, delete. The reconciler makes the runtime match."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.db import utcnow
from app.core.errors import Conflict, Invalid, NotFound
from app.deployments.models import Deployment, DeploymentCreate, DeploymentStatus
from app.pipelines import service as pipelines
from app.runtimes.base import VariantDeployment, config_hash

DEPLOYMENT_LABEL = "deployment"


def same_target(a: dict[str, Any], b: dict[str, Any], runtime: str) -> bool:
    """Whether two targets are the same hosts: locally there is only this host."""
    if runtime == "local":
        return True
    return a.get("namespace") == b.get("namespace") and (a.get("node_selector") or {}) == (b.get("node_selector") or {})


def as_variant(deployment: Deployment) -> VariantDeployment:
    """The runtime's view of a deployment."""
    return VariantDeployment(
        owner=deployment.name,
        owner_id=deployment.id,
        label=DEPLOYMENT_LABEL,
        config_yaml=deployment.config_yaml,
        template=str(deployment.source.get("template") or "custom"),
        parameters=dict(deployment.source),
        namespace=deployment.target.get("namespace", "default"),
        node_selector=dict(deployment.target.get("node_selector") or {}),
        critical_processes=tuple(deployment.critical_processes),
    )


async def get(session: AsyncSession, *, deployment_id: str) -> Deployment:
    """One deployment, or NotFound."""
    deployment = await session.get(Deployment, deployment_id, populate_existing=True)
    if deployment is None:
        raise NotFound(f"deployment {deployment_id} not found")
    return deployment


async def list_all(session: AsyncSession, *, include_inactive: bool = False) -> list[Deployment]:
    """Deployments, newest first; only active and suspended ones unless asked for all."""
    query = select(Deployment).order_by(Deployment.created_at.desc())
    if not include_inactive:
        query = query.where(Deployment.status.in_([DeploymentStatus.active, DeploymentStatus.suspended]))
    return list((await session.execute(query)).scalars())


async def to_reconcile(session: AsyncSession) -> list[Deployment]:
    """Deployments the runtime must run, or may still run and must stop."""
    query = select(Deployment).where(or_(Deployment.status == DeploymentStatus.active, Deployment.in_runtime.is_(True)))
    return list((await session.execute(query)).scalars())


async def _on_target(
    session: AsyncSession, target: dict[str, Any], runtime: str, status: DeploymentStatus
) -> list[Deployment]:
    rows = (await session.execute(select(Deployment).where(Deployment.status == status))).scalars()
    return [d for d in rows if same_target(d.target, target, runtime)]


async def _replace_on_target(session: AsyncSession, target: dict[str, Any], runtime: str) -> list[str]:
    replaced = []
    for status in (DeploymentStatus.active, DeploymentStatus.suspended):
        for old in await _on_target(session, target, runtime, status):
            old.status, old.updated_at = DeploymentStatus.replaced, utcnow()
            replaced.append(old.id)
    return replaced


async def create(session: AsyncSession, *, data: DeploymentCreate, actor: str, runtime: str) -> Deployment:
    """A new active deployment on a target; whatever ran there before is replaced."""
    source = data.pipeline.model_dump(exclude_none=True)
    if data.pipeline.template is not None:
        pipelines.check_template_parameters(data.pipeline.template, data.pipeline.parameters, path="body.pipeline")
    else:
        pipeline, version = await pipelines.get_pipeline(session, pipeline_id=str(data.pipeline.pipeline_id))
        source = {"pipeline_id": pipeline.id, "pipeline_version": version.version, "pipeline_name": pipeline.name}
    config_yaml, _, _ = await pipelines.render_for_run(
        session,
        source,
        owner=data.name,
        label=DEPLOYMENT_LABEL,
        critical_processes=data.critical_processes,
        runtime=runtime,
    )
    target = data.target.model_dump()
    await _replace_on_target(session, target, runtime)
    deployment = Deployment(
        name=data.name,
        source=source,
        config_yaml=config_yaml,
        config_hash=config_hash(config_yaml),
        target=target,
        critical_processes=data.critical_processes,
        created_by=actor,
    )
    session.add(deployment)
    await session.commit()
    return deployment


async def promote(
    session: AsyncSession,
    *,
    name: str,
    source: dict[str, Any],
    config_yaml: str,
    target: dict[str, Any],
    critical_processes: list[str],
    experiment_id: str,
    actor: str,
    runtime: str,
) -> Deployment:
    """Turn an experiment's variant into the standing deployment of its target (no commit: the caller
    commits it together with the experiment's change, so both happen or neither)."""
    await _replace_on_target(session, target, runtime)
    deployment = Deployment(
        name=name,
        source=source,
        config_yaml=config_yaml,
        config_hash=config_hash(config_yaml),
        target=target,
        critical_processes=critical_processes,
        source_experiment_id=experiment_id,
        created_by=actor,
    )
    session.add(deployment)
    return deployment


async def suspend_on_target(session: AsyncSession, *, target: dict[str, Any], runtime: str) -> list[str]:
    """Suspend the active deployments on a target (an experiment is about to run there); their ids."""
    suspended = []
    for deployment in await _on_target(session, target, runtime, DeploymentStatus.active):
        deployment.status, deployment.updated_at = DeploymentStatus.suspended, utcnow()
        suspended.append(deployment.id)
    return suspended


async def restore(session: AsyncSession, *, deployment_ids: list[str]) -> list[str]:
    """Reactivate deployments an experiment suspended, unless something replaced them meanwhile."""
    restored = []
    for deployment_id in deployment_ids:
        deployment = await session.get(Deployment, deployment_id)
        if deployment is not None and deployment.status == DeploymentStatus.suspended:
            deployment.status, deployment.updated_at = DeploymentStatus.active, utcnow()
            restored.append(deployment_id)
    return restored


async def delete(session: AsyncSession, *, deployment_id: str) -> Deployment:
    """Mark a deployment removed; the reconciler stops it on the runtime."""
    deployment = await get(session, deployment_id=deployment_id)
    if deployment.status != DeploymentStatus.removed:
        deployment.status, deployment.updated_at = DeploymentStatus.removed, utcnow()
        deployment.version += 1
        await session.commit()
    return deployment


async def rollback(session: AsyncSession, *, deployment_id: str, runtime: str) -> Deployment:
    """Give the target back to the deployment this one replaced (the most recently replaced one there)."""
    current = await get(session, deployment_id=deployment_id)
    rows = (
        await session.execute(
            select(Deployment)
            .where(Deployment.status == DeploymentStatus.replaced, Deployment.id != current.id)
            .order_by(Deployment.updated_at.desc())
        )
    ).scalars()
    previous = next((d for d in rows if same_target(d.target, current.target, runtime)), None)
    if previous is None:
        raise Conflict(f"nothing to roll back to: no deployment was replaced by {current.name} on its target")
    current.status, current.updated_at, current.version = DeploymentStatus.removed, utcnow(), current.version + 1
    previous.status, previous.updated_at, previous.version = DeploymentStatus.active, utcnow(), previous.version + 1
    previous.applied_hash = None  # apply it again
    await session.commit()
    return previous


async def update_parameters(
    session: AsyncSession, *, deployment_id: str, parameters: dict[str, Any], runtime: str
) -> Deployment:
    """Re-render a template deployment with changed parameters (validated first); the reconciler applies it."""
    deployment = await get(session, deployment_id=deployment_id)
    if not deployment.source.get("template"):
        raise Invalid(
            "config_update changes template parameters; this deployment runs a saved pipeline",
            [{"path": "body.deployment_id", "message": "not a template deployment"}],
        )
    merged = {**deployment.source.get("parameters", {}), **parameters}
    pipelines.check_template_parameters(deployment.source["template"], merged, path="body")
    source = {**deployment.source, "parameters": merged}
    config_yaml, _, _ = await pipelines.render_for_run(
        session,
        source,
        owner=deployment.name,
        label=DEPLOYMENT_LABEL,
        critical_processes=list(deployment.critical_processes),
        runtime=runtime,
    )
    deployment.source, deployment.config_yaml, deployment.config_hash = source, config_yaml, config_hash(config_yaml)
    deployment.version, deployment.updated_at = deployment.version + 1, utcnow()
    await session.commit()
    return deployment
