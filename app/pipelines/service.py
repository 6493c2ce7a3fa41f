"""Pipelines: the template catalog as the API shows it, rendering, validation, manifests, and saved
custom pipelines (versioned). Errors a client can cause are `Invalid` with body paths."""

from __future__ import annotations

import asyncio
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import workers
from app.core.config import Settings
from app.core.db import utcnow
from app.core.errors import Conflict, Invalid, NotFound
from app.engine import registry
from app.pipelines import catalog, parameters, usage
from app.pipelines.graph import SECTIONS, PipelineGraph, graph_to_yaml, yaml_to_graph
from app.pipelines.models import (
    CustomPipeline,
    CustomPipelineCreate,
    CustomPipelineRead,
    CustomPipelineUpdate,
    CustomPipelineVersion,
    GitOpsExportRead,
    ManifestsRead,
    ManifestsRequest,
    PipelineSource,
    RenderRead,
    TemplateDetail,
    TemplateSummary,
    ValidationRead,
)
from app.pipelines.render import render_template
from app.runtimes.base import Runtime
from app.runtimes.gitops.export import GitOpsError, GitOpsOptions, GitOpsPushError, export_manifests
from app.runtimes.kubernetes import manifests as k8s
from app.runtimes.kubernetes.naming import InvalidName
from app.runtimes.kubernetes.variant_config import ConfigMismatch, collector_parameters, ports_for_variant
from app.runtimes.kubernetes.workload import MissingSecret
from app.validation import ValidationResult, validate_config

# Set by Phoenix from the experiment (or deployment) a pipeline runs in, never by the caller.
RESERVED_PARAMETERS = ("experiment_id", "variant")


# --- catalog ------------------------------------------------------------------------------------


def _summary(info: catalog.TemplateInfo) -> dict[str, Any]:
    meta = info.metadata
    return {
        "name": info.name,
        "version": str(meta.get("version", "")),
        "strategy": str(meta.get("strategy", "")),
        "description": str(meta.get("description", "")).strip(),
        "expected_reduction": meta.get("expected_reduction"),
        "processors": list(meta.get("processors") or []),
    }


def list_templates() -> list[TemplateSummary]:
    """Every catalog template, by name."""
    return [TemplateSummary(**_summary(info)) for info in catalog.list_templates()]


def get_template(name: str) -> TemplateDetail:
    """One template with its parameters, their JSON schema and the config rendered with defaults."""
    try:
        info = catalog.get_template(name)
    except catalog.TemplateNotFound:
        raise NotFound(f"no template named {name!r}") from None
    return _template_detail(info, render_template(info.name).config_yaml)


@lru_cache(maxsize=64)
def _template_detail(info: catalog.TemplateInfo, default_config_yaml: str) -> TemplateDetail:
    """The detail of one template version (`TemplateInfo` is new when a file of it changes); shared
    by every caller, so read-only."""
    return TemplateDetail(
        **_summary(info),
        parameters={key: spec.model_dump(exclude_none=True) for key, spec in info.specs.items()},
        parameters_schema=info.parameters_schema,
        default_config_yaml=default_config_yaml,
    )


def _prefixed(exc: Invalid, prefix: str) -> Invalid:
    details = [{**d, "path": f"{prefix}.{d['path']}" if d.get("path") else prefix} for d in (exc.details or [])]
    return Invalid(exc.message, details)


def render(template: str, values: dict[str, Any], *, path: str = "body") -> RenderRead:
    """Render a catalog template; unknown templates and bad parameters are 422s pointing at the field."""
    try:
        rendered = render_template(template, values)
    except catalog.TemplateNotFound:
        known = sorted(catalog.template_names())
        raise Invalid(
            f"unknown template {template!r}",
            [{"path": f"{path}.template", "message": "unknown template", "type": "unknown_template", "known": known}],
        ) from None
    except parameters.InvalidParameters as exc:
        raise _prefixed(exc, f"{path}.parameters") from None
    return RenderRead(config_yaml=rendered.config_yaml, warnings=rendered.warnings, parameters=rendered.parameters)


def check_template_parameters(template: str, values: dict[str, Any], *, path: str) -> None:
    """Validate a variant's template and parameters without rendering (used when experiments are created)."""
    reserved = [k for k in RESERVED_PARAMETERS if k in values]
    if reserved:
        raise Invalid(
            f"{path}: {reserved[0]!r} is set by Phoenix from the experiment",
            [{"path": f"{path}.parameters.{k}", "message": "set by Phoenix", "type": "reserved"} for k in reserved],
        )
    render(template, values, path=path)


# --- validation ---------------------------------------------------------------------------------


def validation_read(result: ValidationResult) -> ValidationRead:
    return ValidationRead.model_validate(result.to_dict())


def validate(
    config_yaml: str, critical_processes: list[str] | None = None, *, run_otelcol: bool = True, strict: bool = False
) -> ValidationRead:
    """Every problem in a config, tier by tier; bad configs are a 200 with `valid: false`.

    `strict`: Phoenix's policies are errors too. CPU-bound (the engine replays the config) and runs
    the real collector's `validate` in a subprocess when one is available: from the event loop, call
    `validate_in_worker`.
    """
    result = validate_config(config_yaml, critical_processes=critical_processes, run_otelcol=run_otelcol, strict=strict)
    return validation_read(result)


async def validate_in_worker(
    config_yaml: str, critical_processes: list[str] | None = None, *, run_otelcol: bool = True, strict: bool = False
) -> ValidationRead:
    """`validate` in the compute pool (`app.core.workers`), so it never holds the event loop."""
    return await workers.run(
        validate, config_yaml, critical_processes and list(critical_processes), run_otelcol=run_otelcol, strict=strict
    )


def _node_of(issue_path: str) -> str | None:
    """`processors.filter/drop.metrics[0]` -> `filter/drop`: lets the builder mark the node."""
    section, _, rest = issue_path.partition(".")
    if section in SECTIONS.values() and rest:
        return rest.split(".")[0].split("[")[0]
    return None


def require_valid(config_yaml: str, *, path: str) -> ValidationRead:
    """The validation report of a config that must be valid to be saved; 422 listing every error otherwise.

    Errors block (what the collector refuses, and what would not do what it says); Phoenix's
    policies stay warnings in the report and never block a save.
    """
    report = validate(config_yaml)
    if not report.valid:
        details = [
            {
                "path": f"{path}:{e.path}" if e.path else path,
                "line": e.line,
                "message": e.message,
                "tier": e.tier,
                "code": e.code,
                "node": _node_of(e.path),
            }
            for e in report.errors
        ]
        raise Invalid(f"pipeline config is invalid: {report.errors[0].message}", details)
    return report


# --- sources and manifests ----------------------------------------------------------------------


async def config_of(
    session: AsyncSession, source: PipelineSource, *, forced: dict[str, Any] | None = None
) -> tuple[str, str, dict[str, Any]]:
    """(config YAML, template label, parameters) of a source; `forced` parameters override the caller's."""
    if source.template is not None:
        rendered = render(source.template, {**source.parameters, **(forced or {})})
        return rendered.config_yaml, source.template, rendered.parameters
    if source.pipeline_id is not None:
        try:
            pipeline, version = await get_pipeline(session, pipeline_id=source.pipeline_id)
        except NotFound as exc:
            raise Invalid(exc.message, [{"path": "body.pipeline_id", "message": "pipeline not found"}]) from None
        return version.config_yaml, "custom", {"pipeline": pipeline.name, "version": version.version}
    return str(source.config_yaml), "custom", {}


async def render_for_run(
    session: AsyncSession,
    source: dict[str, Any],
    *,
    owner: str,
    label: str,
    critical_processes: list[str],
    runtime: Runtime,
) -> tuple[str, str, dict[str, Any]]:
    """(config YAML, template label, parameters) of a variant about to run: a template is rendered with
    the run's identity and critical patterns, plus what the runtime sets (`Runtime.run_parameters`);
    a saved pipeline runs its pinned version as written."""
    if source.get("template"):
        forced: dict[str, Any] = {
            "experiment_id": owner,
            "variant": label,
            "critical_processes": critical_processes,
            **runtime.run_parameters(owner=owner, label=label),
        }
        rendered = render(source["template"], {**source.get("parameters", {}), **forced})
        return rendered.config_yaml, source["template"], rendered.parameters
    pipeline, version = await get_pipeline(
        session, pipeline_id=source["pipeline_id"], version=source.get("pipeline_version")
    )
    return version.config_yaml, "custom", {"pipeline": pipeline.name, "version": version.version}


async def variant_manifests(session: AsyncSession, request: ManifestsRequest) -> k8s.VariantManifests:
    """The Kubernetes objects that would run this pipeline as one variant of an experiment."""
    ports = ports_for_variant(request.variant)
    forced = collector_parameters({}, experiment_id=request.experiment, variant=request.variant, ports=ports)
    config_yaml, template, used = await config_of(session, request, forced=forced)
    try:
        built = k8s.build_variant_manifests(
            config_yaml=config_yaml,
            experiment=request.experiment,
            variant=request.variant,
            template=template,
            parameters=used,
            target=k8s.VariantTarget(namespace=request.target.namespace, node_selector=request.target.node_selector),
            ports=ports,
        )
    except (ConfigMismatch, MissingSecret, InvalidName, ValueError) as exc:
        raise Invalid(f"cannot build manifests: {exc}", [{"path": "body", "message": str(exc)}]) from None
    return built


async def manifests(session: AsyncSession, request: ManifestsRequest) -> ManifestsRead:
    """The manifests of a variant as the API returns them."""
    built = await variant_manifests(session, request)
    return ManifestsRead(config_hash=built.config_hash, objects=built.objects, yaml=built.to_yaml())


async def export_to_git(session: AsyncSession, request: ManifestsRequest, settings: Settings) -> GitOpsExportRead:
    """Commit a variant's manifests as a kustomization to the configured GitOps repository."""
    options = GitOpsOptions.from_settings(settings)
    if options is None:
        raise Conflict("GitOps export is not configured: set PHOENIX_GITOPS_REPO_PATH")
    built = await variant_manifests(session, request)
    try:
        result = await asyncio.to_thread(export_manifests, built, options)
    except GitOpsPushError as exc:
        raise Conflict(f"committed locally but the push failed: {exc}", {"commit_id": exc.commit_id}) from None
    except GitOpsError as exc:
        raise Conflict(f"GitOps export failed: {exc}") from None
    return GitOpsExportRead(
        commit_id=result.commit_id,
        branch=result.branch,
        folder=result.folder,
        paths=list(result.paths),
        created=result.created,
        pushed=result.pushed,
    )


# --- custom pipelines ---------------------------------------------------------------------------


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


def palette() -> dict[str, Any]:
    """The builder's palette: every component the engine and the pinned collector support."""
    return registry.palette()
