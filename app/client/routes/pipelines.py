"""`/api/v1/pipelines`: the template catalog, rendering, validation, previews, manifests, the
builder's graph conversions and saved (versioned) custom pipelines."""

from __future__ import annotations

from typing import Any

from app.client.call import Body, Call
from app.pipelines.models import (
    CriticalMatchesRead,
    CustomPipelineCreate,
    CustomPipelineRead,
    CustomPipelineUpdate,
    CustomPipelineVersionRead,
    GitOpsExportRead,
    GraphToYamlRead,
    ManifestsRead,
    ManifestsRequest,
    PaletteRead,
    PipelineGraph,
    PreviewRead,
    RenderRead,
    TemplateDetail,
    TemplateSummary,
    ValidationRead,
)

BASE = "/api/v1/pipelines"
# Previews and validation run the engine (and the collector) in the server's compute pool.
SLOW_SECONDS = 120.0


def templates() -> Call[list[TemplateSummary]]:
    return Call("GET", f"{BASE}/templates", list[TemplateSummary])


def template(name: str) -> Call[TemplateDetail]:
    return Call("GET", f"{BASE}/templates/{name}", TemplateDetail)


def render(template: str, parameters: dict[str, Any] | None = None) -> Call[RenderRead]:
    return Call("POST", f"{BASE}/render", RenderRead, body={"template": template, "parameters": parameters or {}})


def validate(config_yaml: str, *, strict: bool = False) -> Call[ValidationRead]:
    body = {"config_yaml": config_yaml, "strict": strict}
    return Call("POST", f"{BASE}/validate", ValidationRead, body=body, timeout=SLOW_SECONDS)


def components() -> Call[PaletteRead]:
    return Call("GET", f"{BASE}/components", PaletteRead)


def preview(body: Body) -> Call[PreviewRead]:
    """`body`: a PreviewRequest (app.pipelines.preview) or its JSON: template or config_yaml, snapshot."""
    return Call("POST", f"{BASE}/preview", PreviewRead, body=body, timeout=SLOW_SECONDS)


def manifests(body: ManifestsRequest | Body) -> Call[ManifestsRead]:
    return Call("POST", f"{BASE}/manifests", ManifestsRead, body=body)


def export(body: ManifestsRequest | Body) -> Call[GitOpsExportRead]:
    return Call("POST", f"{BASE}/export", GitOpsExportRead, body=body)


def graph_to_yaml(graph: PipelineGraph | Body) -> Call[GraphToYamlRead]:
    return Call("POST", f"{BASE}/graph/to-yaml", GraphToYamlRead, body=graph, timeout=SLOW_SECONDS)


def graph_from_yaml(config_yaml: str) -> Call[PipelineGraph]:
    return Call("POST", f"{BASE}/graph/from-yaml", PipelineGraph, body={"config_yaml": config_yaml})


def list_() -> Call[list[CustomPipelineRead]]:
    return Call("GET", BASE, list[CustomPipelineRead])


def create(body: CustomPipelineCreate | Body) -> Call[CustomPipelineRead]:
    return Call("POST", BASE, CustomPipelineRead, body=body, timeout=SLOW_SECONDS)


def get(pipeline_id: str, version: int | None = None) -> Call[CustomPipelineRead]:
    return Call("GET", f"{BASE}/{pipeline_id}", CustomPipelineRead, params={"version": version})


def update(pipeline_id: str, body: CustomPipelineUpdate | Body) -> Call[CustomPipelineRead]:
    return Call("PUT", f"{BASE}/{pipeline_id}", CustomPipelineRead, body=body, timeout=SLOW_SECONDS)


def versions(pipeline_id: str) -> Call[list[CustomPipelineVersionRead]]:
    return Call("GET", f"{BASE}/{pipeline_id}/versions", list[CustomPipelineVersionRead])


def delete(pipeline_id: str) -> Call[None]:
    return Call("DELETE", f"{BASE}/{pipeline_id}")


def critical_matches(body: Body) -> Call[CriticalMatchesRead]:
    """Which processes critical patterns protect on a snapshot, per pattern."""
    return Call("POST", f"{BASE}/critical-matches", CriticalMatchesRead, body=body, timeout=SLOW_SECONDS)
