"""Tier 3, graph: how the components are wired in `service`.

What the collector refuses (errors): a referenced component that is not defined, a pipeline
without receivers or exporters or listing a processor twice, a component in a pipeline of a signal
it does not handle, a profiles pipeline (feature-gated), no pipeline at all. Phoenix's policies
(`policy.*`, warnings; errors in strict mode; the collector loads these configs): every defined
component is used, once per pipeline; a metrics pipeline exists; memory_limiter comes first and
batch last; no two listeners share a port. The checks of meaning (metric names, thresholds, critical
processes) are the semantic tier's (`app.validation.semantic`).
"""

from __future__ import annotations

from app.engine.registry import ALL_SIGNALS, SECTION_KIND, get_component, split_id
from app.validation.codes import Code, finding
from app.validation.issues import PathParts, ValidationIssue
from app.validation.ports import clashes_within
from app.validation.schema import SchemaResult
from app.validation.source import YamlSource

_ROLES = (("receivers", "receivers"), ("processors", "processors"), ("exporters", "exporters"))


def _issue(source: YamlSource, code: Code, path: PathParts, message: str) -> ValidationIssue:
    return finding(code, path, source.line_of(path), message, tier="graph")


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
    if signal == "profiles":
        message = (
            f"pipeline {pipeline_id!r}: profiles are gated under the service.profilesSupport feature gate, which "
            "Phoenix's collectors do not enable"
        )
        return [_issue(source, Code.GRAPH_UNSUPPORTED_SIGNAL, base, message)]
    issues = []
    for role, section in _ROLES:
        ids: list[str] = getattr(pipeline, role)
        connectors = result.defined.get("connectors", set()) if role != "processors" else set()
        if role != "processors" and not ids:
            message = f"pipeline {pipeline_id!r} must have at least one {role[:-1]}"
            issues.append(_issue(source, Code.GRAPH_EMPTY_PIPELINE, (*base, role), message))
        for index, component_id in enumerate(ids):
            path = (*base, role, index)
            if component_id not in result.defined.get(section, set()) and component_id not in connectors:
                message = f"{role[:-1]} {component_id!r} is referenced but not defined in '{section}'"
                issues.append(_issue(source, Code.GRAPH_UNDEFINED_COMPONENT, path, message))
                continue
            if ids.index(component_id) != index:
                message = f"{role[:-1]} {component_id!r} is listed twice in {pipeline_id!r}"
                # The collector refuses a repeated processor only; a repeated receiver or exporter loads.
                twice = Code.GRAPH_DUPLICATE_COMPONENT if role == "processors" else Code.POLICY_DUPLICATE_COMPONENT
                issues.append(_issue(source, twice, path, message))
            type_ = _type(component_id)
            spec = get_component(SECTION_KIND[section], type_) if type_ else None
            if spec is not None and signal in ALL_SIGNALS and signal not in spec.signals:
                message = f"{role[:-1]} {component_id!r} does not support {signal} pipelines"
                issues.append(_issue(source, Code.GRAPH_UNSUPPORTED_SIGNAL, path, message))
    processors = pipeline.processors
    types = [_type(p) for p in processors]
    if "memory_limiter" in types and types[0] != "memory_limiter":
        index = types.index("memory_limiter")
        issues.append(
            _issue(
                source,
                Code.POLICY_MEMORY_LIMITER_FIRST,
                (*base, "processors", index),
                "memory_limiter must be the first processor of the pipeline (it has to refuse data before any work)",
            )
        )
    if "batch" in types and types[-1] != "batch":
        index = types.index("batch")
        issues.append(
            _issue(
                source,
                Code.POLICY_BATCH_LAST,
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
                _issue(
                    source,
                    Code.POLICY_UNUSED_COMPONENT,
                    (section, component_id),
                    f"{section[:-1]} {component_id!r} is defined but not used in any pipeline",
                )
            )
    for component_id in sorted(result.defined.get("extensions", set()) - set(result.service.extensions)):
        issues.append(
            _issue(
                source,
                Code.POLICY_UNUSED_COMPONENT,
                ("extensions", component_id),
                f"extension {component_id!r} is defined but not enabled in service.extensions",
            )
        )
    for index, component_id in enumerate(result.service.extensions):
        if component_id not in result.defined.get("extensions", set()):
            issues.append(
                _issue(
                    source,
                    Code.GRAPH_UNDEFINED_COMPONENT,
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
    if not pipelines:
        message = "service must have at least one pipeline"
        issues.append(_issue(source, Code.GRAPH_NO_PIPELINES, ("service", "pipelines"), message))
    elif not any(pid.partition("/")[0] == "metrics" for pid in pipelines):
        issues.append(
            _issue(
                source,
                Code.POLICY_NO_METRICS_PIPELINE,
                ("service", "pipelines"),
                "no metrics pipeline: Phoenix configs need service.pipelines.metrics (or metrics/<name>)",
            )
        )
    for pipeline_id in pipelines:
        issues += _check_pipeline(source, result, pipeline_id)
    issues += _check_unused(source, result)
    issues += clashes_within(source, result)
    return issues
