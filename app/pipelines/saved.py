"""Saved custom pipelines: versioned configs (YAML and the builder's graph), each version stored with
the validation report it had when saved, so reads never validate again."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import workers
from app.core.db import utcnow
from app.core.errors import Conflict, NotFound
from app.pipelines import usage
from app.pipelines.graph import PipelineGraph, graph_to_yaml, yaml_to_graph
from app.pipelines.models import (
    CustomPipeline,
    CustomPipelineCreate,
    CustomPipelineRead,
    CustomPipelineUpdate,
    CustomPipelineVersion,
    ValidationRead,
)
from app.pipelines.validation_reports import require_valid, validate


def _source_pair(graph: PipelineGraph | None, config_yaml: str | None) -> tuple[str, PipelineGraph]:
    if graph is not None:
        return graph_to_yaml(graph), graph
    assert config_yaml is not None
    return config_yaml, yaml_to_graph(config_yaml)


async def get_pipeline(
    session: AsyncSession, *, pipeline_id: str, version: int | None = None
) -> tuple[CustomPipeline, CustomPipelineVersion]:
    """A saved pipeline and one of its versions (the current one by default), or NotFound."""
    pipeline = await session.get(CustomPipeline, pipeline_id, populate_existing=True)
    if pipeline is None:
        raise NotFound(f"pipeline {pipeline_id} not found")
    wanted = version or pipeline.version
    row = (
        await session.execute(
            select(CustomPipelineVersion).where(
                CustomPipelineVersion.pipeline_id == pipeline_id, CustomPipelineVersion.version == wanted
            )
        )
    ).scalar_one_or_none()
    if row is None:
        raise NotFound(f"pipeline {pipeline_id} has no version {wanted}")
    return pipeline, row


def _static_reports(configs: list[str]) -> list[ValidationRead]:
    """Static tiers only: every stored version passed all tiers, the collector's too, when saved."""
    return [validate(config_yaml, run_otelcol=False) for config_yaml in configs]


async def _reports(session: AsyncSession, versions: list[CustomPipelineVersion]) -> list[ValidationRead]:
    """The stored validation report of each version. A version saved before reports were stored gets
    its report computed once (one compute job for all of them) and stored, so later reads validate nothing."""
    missing = [v for v in versions if v.validation is None]
    if missing:
        computed = await workers.run(_static_reports, [v.config_yaml for v in missing])
        for version, report in zip(missing, computed, strict=True):
            version.validation = report.model_dump(mode="json")
        await session.commit()
    return [ValidationRead.model_validate(v.validation) for v in versions]


async def reads(
    session: AsyncSession, pairs: list[tuple[CustomPipeline, CustomPipelineVersion]]
) -> list[CustomPipelineRead]:
    """Saved pipelines as the API shows them, with the validation reports stored with their versions."""
    reports = await _reports(session, [version for _, version in pairs])
    return [_read(pipeline, version, report) for (pipeline, version), report in zip(pairs, reports, strict=True)]


async def to_read(
    session: AsyncSession, pipeline: CustomPipeline, version: CustomPipelineVersion
) -> CustomPipelineRead:
    """A saved pipeline as the API shows it, with its (static) validation report."""
    return (await reads(session, [(pipeline, version)]))[0]


def _saveable(config_yaml: str, path: str) -> ValidationRead:
    """`require_valid`, then the static report the saved version shows: one compute job, before the
    write (a busy pool must refuse the save, never answer 429 for a save that happened)."""
    require_valid(config_yaml, path=path)
    return validate(config_yaml, run_otelcol=False)


def _read(pipeline: CustomPipeline, version: CustomPipelineVersion, report: ValidationRead) -> CustomPipelineRead:
    return CustomPipelineRead(
        id=pipeline.id,
        name=pipeline.name,
        description=pipeline.description,
        version=version.version,
        created_by=pipeline.created_by,
        created_at=pipeline.created_at,
        updated_at=pipeline.updated_at,
        config_yaml=version.config_yaml,
        graph=PipelineGraph.model_validate(version.graph),
        validation=report,
    )


async def list_current(session: AsyncSession) -> list[CustomPipelineRead]:
    """Every saved pipeline at its current version, by name: one query, no validation."""
    query = (
        select(CustomPipeline, CustomPipelineVersion)
        .join(
            CustomPipelineVersion,
            (CustomPipelineVersion.pipeline_id == CustomPipeline.id)
            & (CustomPipelineVersion.version == CustomPipeline.version),
        )
        .order_by(CustomPipeline.name)
        .execution_options(populate_existing=True)
    )
    pairs = [(pipeline, version) for pipeline, version in (await session.execute(query)).tuples()]
    return await reads(session, pairs)


async def create_pipeline(session: AsyncSession, *, data: CustomPipelineCreate, actor: str) -> CustomPipelineRead:
    """Save a new pipeline from a builder graph or YAML; it must validate."""
    config_yaml, graph = _source_pair(data.graph, data.config_yaml)
    report = await workers.run(_saveable, config_yaml, "body.graph" if data.graph is not None else "body.config_yaml")
    pipeline = CustomPipeline(name=data.name, description=data.description, created_by=actor)
    session.add(pipeline)
    try:
        await session.flush()
    except IntegrityError:
        await session.rollback()
        raise Conflict(f"a pipeline named {data.name!r} already exists", {"name": data.name}) from None
    version = CustomPipelineVersion(
        pipeline_id=pipeline.id,
        version=1,
        config_yaml=config_yaml,
        graph=graph.model_dump(mode="json"),
        validation=report.model_dump(mode="json"),
        created_by=actor,
    )
    session.add(version)
    await session.commit()
    return _read(pipeline, version, report)


async def update_pipeline(
    session: AsyncSession, *, pipeline_id: str, data: CustomPipelineUpdate, actor: str
) -> CustomPipelineRead:
    """Save a new version; `data.version` must be the current one (else 409, nothing written)."""
    pipeline, current = await get_pipeline(session, pipeline_id=pipeline_id)
    if data.version != pipeline.version:
        raise Conflict(
            "the pipeline has a newer version; reload it and reapply your change",
            {"your_version": data.version, "current_version": pipeline.version},
        )
    if data.graph is None and data.config_yaml is None:
        config_yaml, graph = current.config_yaml, PipelineGraph.model_validate(current.graph)
        (report,) = await _reports(session, [current])
    else:
        config_yaml, graph = _source_pair(data.graph, data.config_yaml)
        path = "body.graph" if data.graph is not None else "body.config_yaml"
        report = await workers.run(_saveable, config_yaml, path)
    expected = pipeline.version
    pipeline.version = expected + 1
    pipeline.updated_at = utcnow()
    if data.description is not None:
        pipeline.description = data.description
    version = CustomPipelineVersion(
        pipeline_id=pipeline.id,
        version=expected + 1,
        config_yaml=config_yaml,
        graph=graph.model_dump(mode="json"),
        validation=report.model_dump(mode="json"),
        created_by=actor,
    )
    session.add(version)
    try:
        await session.commit()
    except IntegrityError:  # a concurrent save took this version number
        await session.rollback()
        raise Conflict("the pipeline was changed concurrently; reload it", {"your_version": expected}) from None
    return _read(pipeline, version, report)


async def list_versions(session: AsyncSession, *, pipeline_id: str) -> list[CustomPipelineVersion]:
    """A pipeline's versions, oldest first."""
    await get_pipeline(session, pipeline_id=pipeline_id)
    query = (
        select(CustomPipelineVersion)
        .where(CustomPipelineVersion.pipeline_id == pipeline_id)
        .order_by(CustomPipelineVersion.version)
    )
    return list((await session.execute(query)).scalars())


async def delete_pipeline(session: AsyncSession, *, pipeline_id: str) -> None:
    """Delete a pipeline and its versions, unless something unfinished runs it (`app.pipelines.usage`)."""
    pipeline, _ = await get_pipeline(session, pipeline_id=pipeline_id)
    in_use = await usage.users_of(session, pipeline.id)
    if in_use:
        raise Conflict(f"pipeline {pipeline.name} is used by unfinished {' and '.join(in_use)}", in_use)
    await session.delete(pipeline)
    await session.commit()
