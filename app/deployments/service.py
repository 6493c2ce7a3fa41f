"""Standing deployments: create from a template or saved pipeline, promote an experiment's winner,
suspend and restore around experiments, pause, resume, roll back, delete. The reconciler makes the
runtime match.

Every status change goes through `transition()`, which checks the table in `app.deployments.states`
and records who and why. Every write of a deployment row is checked against the version it read
(`version_id_col` on the model): a writer that lost a race gets a 409 and nothing of its change is
written. The reconciler's runtime bookkeeping (`record_runtime`) is the one write without the check
and without a version bump: it only notes what the runtime runs, is re-derived from the status on
every tick, and must not make users' writes fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from app.core.db import utcnow
from app.core.errors import Conflict, Invalid, NotFound
from app.deployments.models import Deployment, DeploymentCreate, DeploymentTransition
from app.deployments.states import ON_TARGET, DeploymentStatus, allowed_from, can_transition
from app.pipelines import saved as saved_pipelines
from app.pipelines import service as pipelines
from app.runtimes.base import Runtime, Target, VariantDeployment, config_hash

DEPLOYMENT_LABEL = "deployment"
CHANGED_CONCURRENTLY = "the deployment was changed concurrently; re-read it and retry"


def as_variant(deployment: Deployment) -> VariantDeployment:
    """The runtime's view of a deployment."""
    return VariantDeployment(
        owner=deployment.name,
        owner_id=deployment.id,
        label=DEPLOYMENT_LABEL,
        config_yaml=deployment.config_yaml,
        template=str(deployment.source.get("template") or "custom"),
        parameters=dict(deployment.source),
        namespace=deployment.target.namespace,
        node_selector=dict(deployment.target.node_selector),
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
        query = query.where(Deployment.status.in_([s.value for s in ON_TARGET]))
    return list((await session.execute(query)).scalars())


async def transitions(session: AsyncSession, *, deployment_id: str) -> list[DeploymentTransition]:
    """The deployment's status history, oldest first."""
    await get(session, deployment_id=deployment_id)
    query = (
        select(DeploymentTransition)
        .where(DeploymentTransition.deployment_id == deployment_id)
        .order_by(DeploymentTransition.id)
    )
    return list((await session.execute(query)).scalars())


async def _write(session: AsyncSession) -> None:
    """Flush pending deployment changes under the version check; a lost race is a 409, nothing written."""
    try:
        await session.flush()
    except StaleDataError:
        await session.rollback()
        raise Conflict(CHANGED_CONCURRENTLY) from None


async def transition(
    session: AsyncSession,
    deployment: Deployment,
    to: DeploymentStatus,
    *,
    actor: str,
    reason: str,
    extra: dict[str, Any] | None = None,
) -> Deployment:
    """Move a deployment to status `to` (the one way statuses change), recording who and why.

    Flushed under the version check but not committed: the caller commits it with the rest of its
    change (a rollback's two transitions, a promotion's experiment update), so all happen or none."""
    current = DeploymentStatus(deployment.status)
    if not can_transition(current, to):
        allowed = [s.value for s in allowed_from(current)]
        raise Conflict(
            f"deployment {deployment.name} is {current.value} and cannot become {to.value}"
            + (f" (it can become: {', '.join(allowed)})" if allowed else f" ({current.value} is final)"),
            {"status": current.value, "requested": to.value, "allowed": allowed},
        )
    deployment.status, deployment.updated_at = to.value, utcnow()
    for name, value in (extra or {}).items():
        setattr(deployment, name, value)
    session.add(
        DeploymentTransition(
            deployment_id=deployment.id, from_status=current.value, to_status=to.value, trigger=actor, reason=reason
        )
    )
    await _write(session)
    return deployment


async def _unchanged_since_read(session: AsyncSession, deployment: Deployment) -> None:
    """Conflict if another writer changed the deployment since this session read it."""
    stored = (await session.execute(select(Deployment.version).where(Deployment.id == deployment.id))).scalar()
    if stored != deployment.version:
        raise Conflict(CHANGED_CONCURRENTLY, {"read_version": deployment.version, "current_version": stored})


def _created(session: AsyncSession, deployment: Deployment, *, actor: str, reason: str) -> None:
    session.add(deployment)
    session.add(
        DeploymentTransition(
            deployment_id=deployment.id, from_status=None, to_status=deployment.status, trigger=actor, reason=reason
        )
    )


async def to_reconcile(session: AsyncSession) -> list[Deployment]:
    """Deployments the runtime must run, or may still run and must stop."""
    query = select(Deployment).where(or_(Deployment.status == DeploymentStatus.active, Deployment.in_runtime.is_(True)))
    return list((await session.execute(query)).scalars())


async def _on_target(
    session: AsyncSession, target: Target, runtime: Runtime, status: DeploymentStatus
) -> list[Deployment]:
    rows = (await session.execute(select(Deployment).where(Deployment.status == status))).scalars()
    return [d for d in rows if runtime.same_target(d.target, target)]


async def _replace_on_target(
    session: AsyncSession, target: Target, runtime: Runtime, *, actor: str, reason: str
) -> list[str]:
    replaced = []
    for status in (DeploymentStatus.active, DeploymentStatus.suspended):
        for old in await _on_target(session, target, runtime, status):
            await transition(session, old, DeploymentStatus.replaced, actor=actor, reason=reason)
            replaced.append(old.id)
    return replaced


async def create(session: AsyncSession, *, data: DeploymentCreate, actor: str, runtime: Runtime) -> Deployment:
    """A new active deployment on a target `runtime` accepts; whatever ran there before is replaced."""
    runtime.check_target(data.target)
    source = data.pipeline.model_dump(exclude_none=True)
    if data.pipeline.template is not None:
        pipelines.check_template_parameters(data.pipeline.template, data.pipeline.parameters, path="body.pipeline")
    else:
        pipeline, version = await saved_pipelines.get_pipeline(session, pipeline_id=str(data.pipeline.pipeline_id))
        source = {"pipeline_id": pipeline.id, "pipeline_version": version.version, "pipeline_name": pipeline.name}
    config_yaml, _, _ = await pipelines.render_for_run(
        session,
        source,
        owner=data.name,
        label=DEPLOYMENT_LABEL,
        critical_processes=data.critical_processes,
        runtime=runtime,
    )
    target = data.target
    await _replace_on_target(session, target, runtime, actor=actor, reason=f"replaced by new deployment {data.name}")
    deployment = Deployment(
        name=data.name,
        source=source,
        config_yaml=config_yaml,
        config_hash=config_hash(config_yaml),
        target=target,
        critical_processes=data.critical_processes,
        created_by=actor,
    )
    _created(session, deployment, actor=actor, reason="created")
    await _write(session)
    await session.commit()
    return deployment


async def promote(
    session: AsyncSession,
    *,
    name: str,
    source: dict[str, Any],
    config_yaml: str,
    target: Target,
    critical_processes: list[str],
    experiment_id: str,
    actor: str,
    runtime: Runtime,
) -> Deployment:
    """Turn an experiment's variant into the standing deployment of its target (no commit: the caller
    commits it together with the experiment's change, so both happen or neither)."""
    promoted = f"promoted from experiment {name} ({experiment_id})"
    await _replace_on_target(session, target, runtime, actor=actor, reason=f"replaced by {promoted}")
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
    _created(session, deployment, actor=actor, reason=promoted)
    await _write(session)
    return deployment


async def suspend_on_target(
    session: AsyncSession, *, target: Target, runtime: Runtime, actor: str, reason: str
) -> list[str]:
    """Suspend the active deployments on a target (an experiment is about to run there); their ids
    (no commit: the caller commits it with the experiment's change)."""
    suspended = []
    for deployment in await _on_target(session, target, runtime, DeploymentStatus.active):
        await transition(session, deployment, DeploymentStatus.suspended, actor=actor, reason=reason)
        suspended.append(deployment.id)
    return suspended


async def restore(session: AsyncSession, *, deployment_ids: list[str], actor: str, reason: str) -> list[str]:
    """Reactivate deployments an experiment suspended, unless something replaced them meanwhile
    (no commit: the caller commits it with the experiment's change)."""
    restored = []
    for deployment_id in deployment_ids:
        deployment = await session.get(Deployment, deployment_id, populate_existing=True)
        if deployment is not None and deployment.status == DeploymentStatus.suspended:
            await transition(session, deployment, DeploymentStatus.active, actor=actor, reason=reason)
            restored.append(deployment_id)
    return restored


async def pause(session: AsyncSession, *, deployment_id: str, actor: str, reason: str = "") -> Deployment:
    """Suspend an active deployment; the reconciler stops it on the runtime until it is resumed."""
    deployment = await get(session, deployment_id=deployment_id)
    await transition(session, deployment, DeploymentStatus.suspended, actor=actor, reason=reason or "paused")
    await session.commit()
    return deployment


async def resume(session: AsyncSession, *, deployment_id: str, actor: str, reason: str = "") -> Deployment:
    """Reactivate a suspended deployment; the reconciler runs it again."""
    deployment = await get(session, deployment_id=deployment_id)
    if deployment.status != DeploymentStatus.suspended:
        raise Conflict(
            f"only a suspended deployment can be resumed; {deployment.name} is {deployment.status}",
            {"status": deployment.status},
        )
    await transition(session, deployment, DeploymentStatus.active, actor=actor, reason=reason or "resumed")
    await session.commit()
    return deployment


async def remove(session: AsyncSession, *, deployment_id: str, actor: str, reason: str = "") -> Deployment:
    """Mark a deployment removed (Conflict if it already is); the reconciler stops it on the runtime."""
    deployment = await get(session, deployment_id=deployment_id)
    await transition(session, deployment, DeploymentStatus.removed, actor=actor, reason=reason or "removed")
    await session.commit()
    return deployment


async def delete(session: AsyncSession, *, deployment_id: str, actor: str) -> Deployment:
    """Mark a deployment removed, idempotently; the reconciler stops it on the runtime."""
    deployment = await get(session, deployment_id=deployment_id)
    if deployment.status == DeploymentStatus.removed:
        return deployment
    return await remove(session, deployment_id=deployment_id, actor=actor, reason="deleted")


@dataclass(frozen=True)
class Rollback:
    restored: Deployment
    removed: Deployment


async def rollback(
    session: AsyncSession, *, deployment_id: str, actor: str, runtime: Runtime, reason: str = ""
) -> Rollback:
    """Give the target back to the deployment this one replaced (the most recently replaced one there).

    Two racing rollbacks of one deployment: the version check lets exactly one win; the other gets a
    409 and nothing of it is written."""
    current = await get(session, deployment_id=deployment_id)
    if current.status not in ON_TARGET:
        raise Conflict(
            f"only the deployment on a target can be rolled back; {current.name} is {current.status}",
            {"status": current.status},
        )
    rows = (
        await session.execute(
            select(Deployment)
            .where(Deployment.status == DeploymentStatus.replaced, Deployment.id != current.id)
            .order_by(Deployment.updated_at.desc())
        )
    ).scalars()
    previous = next((d for d in rows if runtime.same_target(d.target, current.target)), None)
    if previous is None:
        await _unchanged_since_read(session, current)  # a racing rollback may just have taken it
        raise Conflict(f"nothing to roll back to: no deployment was replaced by {current.name} on its target")
    why = f": {reason}" if reason else ""
    await transition(
        session, current, DeploymentStatus.removed, actor=actor, reason=f"rolled back to {previous.name}{why}"
    )
    await transition(
        session,
        previous,
        DeploymentStatus.active,
        actor=actor,
        reason=f"restored by a rollback of {current.name}{why}",
        extra={"applied_hash": None},  # apply it again
    )
    await session.commit()
    return Rollback(restored=previous, removed=current)


async def retarget(session: AsyncSession, *, deployment_id: str, target: Target | None, runtime: Runtime) -> Deployment:
    """Point a deployment at other hosts (`None`: keep them) that `runtime` accepts; the reconciler
    applies it there again."""
    if target is not None:
        runtime.check_target(target)
    deployment = await get(session, deployment_id=deployment_id)
    deployment.target = target if target is not None else deployment.target
    deployment.applied_hash, deployment.updated_at = None, utcnow()
    await _write(session)
    await session.commit()
    return deployment


@dataclass(frozen=True)
class RuntimeRecord:
    """What the reconciler found or did on the runtime for one deployment."""

    deployment_id: str
    applied_hash: str | None
    in_runtime: bool


async def record_runtime(session: AsyncSession, records: list[RuntimeRecord]) -> None:
    """Note what the runtime runs (no commit). Bookkeeping, not a user's change: written without the
    version check and without bumping the version, so it never makes a user's write fail. It cannot
    undo one either: the reconciler re-derives it from the status and config hash on every tick."""
    for record in records:
        await session.execute(
            update(Deployment)
            .where(Deployment.id == record.deployment_id)
            .values(applied_hash=record.applied_hash, in_runtime=record.in_runtime)
            .execution_options(synchronize_session=False)
        )


async def update_parameters(
    session: AsyncSession, *, deployment_id: str, parameters: dict[str, Any], runtime: Runtime
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
    deployment.updated_at = utcnow()
    await _write(session)
    await session.commit()
    return deployment
