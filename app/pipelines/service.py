"""Pipelines: the template catalog as the API shows it, rendering, the config of any pipeline source
(template or saved pipeline), manifests and GitOps export, and the builder's palette. Validation
reports are in `validation_reports`, saved pipelines in `saved`. Errors a client can cause are
`Invalid` with body paths."""

from __future__ import annotations

import asyncio
from functools import lru_cache
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Settings
from app.core.errors import Conflict, Invalid, NotFound
from app.engine import registry
from app.pipelines import catalog, parameters
from app.pipelines.models import (
    GitOpsExportRead,
    ManifestsRead,
    ManifestsRequest,
    PipelineSource,
    RenderRead,
    TemplateDetail,
    TemplateSummary,
)
from app.pipelines.render import TemplateRenderError, render_template
from app.pipelines.saved import get_pipeline
from app.runtimes.base import Runtime
from app.runtimes.gitops.export import GitOpsError, GitOpsOptions, GitOpsPushError, export_manifests
from app.runtimes.kubernetes import manifests as k8s
from app.runtimes.kubernetes.naming import InvalidName
from app.runtimes.kubernetes.variant_config import ConfigMismatch, collector_parameters, ports_for_variant
from app.runtimes.kubernetes.workload import MissingSecret

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
    except TemplateRenderError as exc:
        detail = {"path": f"{path}.template", "message": exc.message, "type": "render_error"}
        message = f"template {template!r} cannot be rendered with these parameters: {exc.message}"
        raise Invalid(message, [detail]) from None
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


def palette() -> dict[str, Any]:
    """The builder's palette: every component the engine and the pinned collector support."""
    return registry.palette()
