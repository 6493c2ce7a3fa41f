"""Tier 3, graph: how the components are wired in `service`.

Every referenced component is defined; every defined receiver, processor and exporter is used
(unused ones are errors here, although the collector would only skip them: in Phoenix an unused
component is always a mistake); a metrics pipeline exists; memory_limiter comes first and batch
last; each component supports the pipeline's signal; no two listeners share a port. The
semantic checks (metric names, thresholds, critical processes) live in `semantics`.
"""

from __future__ import annotations

from app.engine.registry import SECTION_KIND, get_component, split_id
from app.pipelines.validation.issues import PathParts, ValidationIssue, format_path
from app.pipelines.validation.ports import clashes_within
from app.pipelines.validation.schema import SchemaResult
from app.pipelines.validation.source import YamlSource

_ROLES = (("receivers", "receivers"), ("processors", "processors"), ("exporters", "exporters"))


def _issue(
    source: YamlSource, path: PathParts, message: str, severity: str = "error", refused_by: str = "collector"
) -> ValidationIssue:
    line = source.line_of(path)
    return ValidationIssue("graph", format_path(path), line, message, severity, refused_by)  # type: ignore[arg-type]


def _policy(source: YamlSource, path: PathParts, message: str, severity: str = "error") -> ValidationIssue:
    """A Phoenix policy: the collector loads the config as it is."""
    return _issue(source, path, message, severity, "phoenix")


def _type(component_id: str) -> str | None:
    try:
        return split_id(component_id)[0]
    except ValueError:
        return None


def _check_pipeline(source: YamlSource, result: SchemaResult, pipeline_id: str) -> list[ValidationIssue]:
    assert result.service is not None
    pipeline = result.service.pipelines[pipeline_id]
    base: PathParts = ("service", "pipelines", pipeline_id)
    signal = pipeline_id.partition("/")[0]
    issues = []
    for role, section in _ROLES:
        ids: list[str] = getattr(pipeline, role)
        connectors = result.defined.get("connectors", set()) if role != "processors" else set()
        if role != "processors" and not ids:
            issues.append(_issue(source, (*base, role), f"pipeline {pipeline_id!r} must have at least one {role[:-1]}"))
        for index, component_id in enumerate(ids):
            path = (*base, role, index)
            if component_id not in result.defined.get(section, set()) and component_id not in connectors:
                issues.append(
                    _issue(source, path, f"{role[:-1]} {component_id!r} is referenced but not defined in '{section}'")
                )
                continue
            if ids.index(component_id) != index:
                issues.append(_issue(source, path, f"{role[:-1]} {component_id!r} is listed twice in {pipeline_id!r}"))
            type_ = _type(component_id)
            spec = get_component(SECTION_KIND[section], type_) if type_ else None
            if spec is not None and signal not in spec.signals:
                issues.append(_issue(source, path, f"{role[:-1]} {component_id!r} does not support {signal} pipelines"))
    processors = pipeline.processors
    types = [_type(p) for p in processors]
    if "memory_limiter" in types and types[0] != "memory_limiter":
        index = types.index("memory_limiter")
        issues.append(
            _policy(
                source,
                (*base, "processors", index),
                "memory_limiter must be the first processor of the pipeline (it has to refuse data before any work)",
            )
        )
    if "batch" in types and types[-1] != "batch":
        index = types.index("batch")
        issues.append(
            _policy(
                source,
                (*base, "processors", index),
                "batch must be the last processor of the pipeline (after memory_limiter and every filter/transform)",
            )
        )
    return issues


def _check_unused(source: YamlSource, result: SchemaResult) -> list[ValidationIssue]:
    assert result.service is not None
    used: dict[str, set[str]] = {section: set() for _, section in _ROLES}
    for pipeline in result.service.pipelines.values():
        for role, section in _ROLES:
            used[section] |= set(getattr(pipeline, role))
    issues = []
    for _, section in _ROLES:
        for component_id in sorted(result.defined.get(section, set()) - used[section]):
            issues.append(
                _policy(
                    source,
                    (section, component_id),
                    f"{section[:-1]} {component_id!r} is defined but not used in any pipeline",
                )
            )
    for component_id in sorted(result.defined.get("extensions", set()) - set(result.service.extensions)):
        issues.append(
            _policy(
                source,
                ("extensions", component_id),
                f"extension {component_id!r} is defined but not enabled in service.extensions",
                "warning",
            )
        )
    for index, component_id in enumerate(result.service.extensions):
        if component_id not in result.defined.get("extensions", set()):
            issues.append(
                _issue(
                    source,
                    ("service", "extensions", index),
                    f"extension {component_id!r} is referenced but not defined in 'extensions'",
                )
            )
    return issues


def check_graph(source: YamlSource, result: SchemaResult) -> list[ValidationIssue]:
    """Tier 3 wiring checks; needs a parsed `service` (reported by tier 2 otherwise)."""
    if result.service is None:
        return []
    issues: list[ValidationIssue] = []
    pipelines = result.service.pipelines
    if not any(pid.partition("/")[0] == "metrics" for pid in pipelines):
        issues.append(
            _policy(
                source,
                ("service", "pipelines"),
                "no metrics pipeline: Phoenix configs need service.pipelines.metrics (or metrics/<name>)",
            )
        )
    for pipeline_id in pipelines:
        issues += _check_pipeline(source, result, pipeline_id)
    issues += _check_unused(source, result)
    issues += clashes_within(source, result)
    return issues
