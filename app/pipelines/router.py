"""Pipelines API: catalog, render, validate, components, manifests, and saved custom pipelines."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from app.auth.dependencies import Operator, Viewer
from app.auth.models import Role
from app.core.db import SessionDep
from app.core.errors import Forbidden
from app.pipelines import preview, saved, service, validation_reports
from app.pipelines.critical_matches import CriticalMatchesRead, CriticalMatchesRequest, critical_matches
from app.pipelines.graph import PipelineGraph, graph_to_yaml, yaml_to_graph
from app.pipelines.models import (
    CustomPipelineCreate,
    CustomPipelineRead,
    CustomPipelineUpdate,
    CustomPipelineVersionRead,
    GitOpsExportRead,
    GraphToYamlRead,
    ManifestsRead,
    ManifestsRequest,
    PaletteRead,
    PreviewRead,
    RenderRead,
    RenderRequest,
    TemplateDetail,
    TemplateSummary,
    ValidateRequest,
    ValidationRead,
    YamlToGraphRequest,
)
from app.pipelines.preview import PreviewRequest

router = APIRouter(prefix="/api/v1/pipelines", tags=["pipelines"])


@router.get("/templates", response_model=list[TemplateSummary])
async def list_templates(_: Viewer) -> list[TemplateSummary]:
    """The catalog of pipeline templates."""
    return service.list_templates()


@router.get("/templates/{name}", response_model=TemplateDetail)
async def get_template(name: str, _: Viewer) -> TemplateDetail:
    """One template: parameters with defaults and bounds, their JSON schema, the default config."""
    return service.get_template(name)


@router.post("/render", response_model=RenderRead)
async def render(body: RenderRequest, _: Viewer) -> RenderRead:
    """Render a template with parameters into a collector config."""
    return service.render(body.template, body.parameters)


@router.post("/validate", response_model=ValidationRead)
async def validate(body: ValidateRequest, _: Viewer) -> ValidationRead:
    """Validate a collector config in tiers; every issue has a code, a YAML path and line."""
    return await validation_reports.validate_in_worker(body.config_yaml, body.critical_processes, strict=body.strict)


@router.get("/components", response_model=PaletteRead)
async def list_components(_: Viewer) -> dict[str, Any]:
    """Every receiver, processor, exporter and extension Phoenix knows, with its config JSON schema."""
    return service.palette()


@router.post("/manifests", response_model=ManifestsRead)
async def build_manifests(body: ManifestsRequest, _: Viewer, session: SessionDep) -> ManifestsRead:
    """The Kubernetes objects (CR, ConfigMap, Service, DaemonSet) that would run a pipeline variant."""
    return await service.manifests(session, body)


@router.post("/preview", response_model=PreviewRead)
async def preview_pipeline(
    request: Request, body: PreviewRequest, principal: Viewer, session: SessionDep
) -> dict[str, Any]:
    """What a pipeline would do to a snapshot: KPIs, cost, reduction, dropped and merged series.

    A live snapshot shows this host's process command lines, so it needs the operator role.
    """
    if body.snapshot.kind == "live" and not principal.role.allows(Role.operator):
        raise Forbidden("a preview on the live host needs the operator role; use a simulated snapshot")
    return await preview.preview(session, body, request.app.state.settings.pricing)


@router.post("/critical-matches", response_model=CriticalMatchesRead)
async def match_critical_processes(body: CriticalMatchesRequest, principal: Viewer) -> CriticalMatchesRead:
    """Which processes the critical patterns protect on a snapshot: per pattern, the executable names
    it matches (the rule the rendered configs use), and the patterns that match nothing.

    The live host's process names need the operator role, as a live preview does.
    """
    if body.snapshot.kind == "live" and not principal.role.allows(Role.operator):
        raise Forbidden("the live host's processes need the operator role; use a simulated snapshot")
    return await critical_matches(body)


@router.post("/export", response_model=GitOpsExportRead)
async def export_to_git(body: ManifestsRequest, _: Operator, request: Request, session: SessionDep) -> GitOpsExportRead:
    """Commit a variant's manifests as a kustomization to the GitOps repository (PHOENIX_GITOPS_*)."""
    return await service.export_to_git(session, body, request.app.state.settings)


@router.post("/graph/to-yaml", response_model=GraphToYamlRead)
async def graph_to_config(body: PipelineGraph, _: Viewer) -> GraphToYamlRead:
    """The collector YAML of a builder graph, with its validation report."""
    config_yaml = graph_to_yaml(body)
    return GraphToYamlRead(config_yaml=config_yaml, validation=await validation_reports.validate_in_worker(config_yaml))


@router.post("/graph/from-yaml", response_model=PipelineGraph)
async def yaml_to_builder_graph(body: YamlToGraphRequest, _: Viewer) -> PipelineGraph:
    """The builder graph of a collector config (YAML import)."""
    return yaml_to_graph(body.config_yaml)


@router.get("", response_model=list[CustomPipelineRead])
async def list_pipelines(_: Viewer, session: SessionDep) -> list[CustomPipelineRead]:
    """Saved custom pipelines, current versions."""
    return await saved.list_current(session)


@router.post("", response_model=CustomPipelineRead, status_code=201)
async def create_pipeline(body: CustomPipelineCreate, principal: Operator, session: SessionDep) -> CustomPipelineRead:
    """Save a custom pipeline from a builder graph or YAML (it must validate)."""
    return await saved.create_pipeline(session, data=body, actor=principal.actor)


@router.get("/{pipeline_id}", response_model=CustomPipelineRead)
async def get_pipeline(
    pipeline_id: str, _: Viewer, session: SessionDep, version: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None
) -> CustomPipelineRead:
    """A saved pipeline, at its current version or at `version`."""
    pipeline, row = await saved.get_pipeline(session, pipeline_id=pipeline_id, version=version)
    return await saved.to_read(session, pipeline, row)


@router.put("/{pipeline_id}", response_model=CustomPipelineRead)
async def update_pipeline(
    pipeline_id: str, body: CustomPipelineUpdate, principal: Operator, session: SessionDep
) -> CustomPipelineRead:
    """Save a new version of a pipeline."""
    return await saved.update_pipeline(session, pipeline_id=pipeline_id, data=body, actor=principal.actor)


@router.get("/{pipeline_id}/versions", response_model=list[CustomPipelineVersionRead])
async def list_versions(pipeline_id: str, _: Viewer, session: SessionDep) -> list[CustomPipelineVersionRead]:
    """Every version of a pipeline."""
    return [
        CustomPipelineVersionRead.model_validate(v) for v in await saved.list_versions(session, pipeline_id=pipeline_id)
    ]


@router.delete("/{pipeline_id}", status_code=204)
async def delete_pipeline(pipeline_id: str, _: Operator, session: SessionDep) -> None:
    """Delete a pipeline unless an unfinished experiment uses it."""
    await saved.delete_pipeline(session, pipeline_id=pipeline_id)
