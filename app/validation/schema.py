"""Tier 2, schema: top-level layout, component IDs and each known component's typed config.

Component configs are checked with the models of `app.engine.registry` (the pinned release),
`service` (pipelines, extensions, telemetry) with the models here and in `telemetry`. An unknown
component type is a warning (`coverage.unknown_component`): Phoenix cannot check it, the collector
may know it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.engine.collector import CONTRIB_VERSION, PROCESS_METRIC_MISNOMERS, PROCESS_METRICS
from app.engine.components.common import BARE_DURATIONS, ENV_PLACEHOLDER, PhoenixPolicy
from app.engine.registry import SECTION_KIND, get_component, split_id
from app.validation.codes import Code, finding
from app.validation.issues import PathParts, Severity, ValidationIssue
from app.validation.source import YamlSource
from app.validation.telemetry import Telemetry

TOP_LEVEL = ("receivers", "processors", "exporters", "extensions", "connectors", "service")
PIPELINE_SIGNALS = ("traces", "metrics", "logs", "profiles")


class Pipeline(BaseModel):
    model_config = ConfigDict(extra="forbid")

    receivers: list[str] = Field(default_factory=list)
    processors: list[str] = Field(default_factory=list)
    exporters: list[str] = Field(default_factory=list)


class Service(BaseModel):
    model_config = ConfigDict(extra="forbid")

    extensions: list[str] = Field(default_factory=list)
    pipelines: dict[str, Pipeline] = Field(default_factory=dict)
    telemetry: Telemetry | None = None


@dataclass
class SchemaResult:
    """What later tiers need: typed configs of known components and the parsed service."""

    components: dict[tuple[str, str], BaseModel] = field(default_factory=dict)
    defined: dict[str, set[str]] = field(default_factory=dict)
    service: Service | None = None
    issues: list[ValidationIssue] = field(default_factory=list)


def _issue(
    source: YamlSource, code: Code, path: PathParts, message: str, severity: Severity | None = None
) -> ValidationIssue:
    return finding(code, path, source.line_of(path), message, severity=severity, tier="schema")


def _real_path(data: Any, loc: tuple[Any, ...]) -> PathParts:
    """Follow a pydantic error location through the data, skipping union/tag names it adds."""
    out: list[str | int] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            out.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not part[:1].isupper() and "[" not in part:
            out.append(part)  # a key that is missing or unknown at this level
            node = None
    return tuple(out)


def unknown_metric_message(name: str) -> str:
    """Why `name` is not a process metric, with the closest real name when there is one."""
    close = (
        [PROCESS_METRIC_MISNOMERS[name]]
        if name in PROCESS_METRIC_MISNOMERS
        else difflib.get_close_matches(name, list(PROCESS_METRICS), n=1, cutoff=0.6)
    )
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown metric {name!r}: the process scraper of otelcol-contrib {CONTRIB_VERSION} has no such metric{hint}"


def _message(error: dict[str, Any], path: PathParts) -> tuple[Code, str]:
    kind = error["type"]
    last = path[-1] if path else ""
    if kind == "extra_forbidden" and len(path) >= 2 and path[-2] == "metrics" and "process" in path:
        return Code.SCHEMA_UNKNOWN_METRIC, unknown_metric_message(str(last))
    if kind == "extra_forbidden":
        return Code.SCHEMA_UNKNOWN_KEY, f"unknown key {last!r}: the pinned collector rejects it (has invalid keys)"
    if kind == "missing":
        return Code.SCHEMA_MISSING_KEY, f"missing required key {last!r}"
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if kind.startswith("literal_error") or kind == "enum":
        return Code.SCHEMA_INVALID_VALUE, f"invalid value {error.get('input')!r}: {message[0].lower()}{message[1:]}"
    return Code.SCHEMA_INVALID_VALUE, message


def _model_issues(source: YamlSource, base: PathParts, data: Any, exc: ValidationError) -> list[ValidationIssue]:
    out = []
    for error in exc.errors(include_url=False):
        path = (*base, *_real_path(data, tuple(error["loc"])))
        value = error.get("input")
        if isinstance(value, str) and ENV_PLACEHOLDER.match(value.strip()):
            message = f"value {value} comes from the environment; not checked"
            out.append(_issue(source, Code.COVERAGE_ENV_VALUE, path, message))
            continue
        code, message = _message(error, path)
        # A rule of Phoenix's own (the collector loads the config, which would not do what it says)
        # raises PhoenixPolicy in the model.
        if isinstance((error.get("ctx") or {}).get("error"), PhoenixPolicy):
            code = Code.SEMANTIC_COMPONENT_SETTING
        out.append(_issue(source, code, path, message))
    return out


def _bare_duration_issues(
    source: YamlSource, base: PathParts, config: Any, noted: list[tuple[str, Any]]
) -> list[ValidationIssue]:
    """Warnings for durations written as bare numbers (the collector reads them as nanoseconds)."""
    out = []

    def walk(node: Any, path: PathParts) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            if isinstance(key, str) and not isinstance(value, bool) and (key, value) in noted:
                message = f"{key}: {value} is read as {value} nanoseconds; write the unit, e.g. '{value}s'"
                out.append(_issue(source, Code.SEMANTIC_COMPONENT_SETTING, (*path, key), message, "warning"))
            else:
                walk(value, (*path, key))

    walk(config, base)
    return out


def _extra_keys(model: BaseModel, prefix: PathParts = ()) -> list[PathParts]:
    """Keys kept by lenient models (the collector ignores them), at any depth."""
    found: list[PathParts] = [(*prefix, k) for k in (model.model_extra or {})]
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            alias = type(model).model_fields[name].alias or name
            found += _extra_keys(value, (*prefix, alias))
    return found


def _check_section(source: YamlSource, section: str, body: Any, result: SchemaResult) -> None:
    kind = SECTION_KIND.get(section)
    result.defined[section] = set()
    if body is None:
        return
    if not isinstance(body, dict):
        message = f"'{section}' must be a mapping of component IDs"
        result.issues.append(_issue(source, Code.SCHEMA_INVALID_VALUE, (section,), message))
        return
    for component_id, config in body.items():
        path: PathParts = (section, str(component_id))
        try:
            type_, _ = split_id(str(component_id))
        except ValueError as exc:
            result.issues.append(_issue(source, Code.SCHEMA_INVALID_ID, path, str(exc)))
            continue
        result.defined[section].add(str(component_id))
        spec = get_component(kind, type_) if kind else None
        if spec is None:
            what = section[:-1] if section.endswith("s") else section
            result.issues.append(
                # otelcol-phoenix holds exactly the components Phoenix knows, so the pinned collector
                # refuses it; a user's own otelcol-contrib may not (tier 5 then has the last word).
                _issue(
                    source,
                    Code.COVERAGE_UNKNOWN_COMPONENT,
                    path,
                    f"unknown {what} type {type_!r}: Phoenix cannot check its config",
                )
            )
            continue
        if config is not None and not isinstance(config, dict):
            message = f"the config of {component_id!r} must be a mapping"
            result.issues.append(_issue(source, Code.SCHEMA_INVALID_VALUE, path, message))
            continue
        noted: list[tuple[str, Any]] = []
        token = BARE_DURATIONS.set(noted)
        try:
            model = spec.config_model.model_validate(config or {})
        except ValidationError as exc:
            result.issues += _model_issues(source, path, config or {}, exc)
            continue
        finally:
            BARE_DURATIONS.reset(token)
        result.issues += _bare_duration_issues(source, path, config or {}, noted)
        result.components[(section, str(component_id))] = model
        for extra in _extra_keys(model):
            message = f"unknown key {extra[-1]!r} is ignored by the collector"
            result.issues.append(_issue(source, Code.SCHEMA_IGNORED_KEY, (*path, *extra), message))


def _check_service(source: YamlSource, body: Any, result: SchemaResult) -> None:
    if body is None:
        result.issues.append(_issue(source, Code.SCHEMA_MISSING_KEY, ("service",), "missing 'service' section"))
        return
    try:
        result.service = Service.model_validate(body)
    except ValidationError as exc:
        result.issues += _model_issues(source, ("service",), body, exc)
        if not isinstance(body, dict) or body.get("telemetry") is None:
            return
        try:  # a wrong telemetry block must not hide the pipelines from the graph tier
            result.service = Service.model_validate({**body, "telemetry": None})
        except ValidationError:
            return
    for pipeline_id in result.service.pipelines:
        signal, _, _name = pipeline_id.partition("/")
        if signal not in PIPELINE_SIGNALS:
            result.issues.append(
                _issue(
                    source,
                    Code.SCHEMA_UNKNOWN_SIGNAL,
                    ("service", "pipelines", pipeline_id),
                    f"pipeline {pipeline_id!r}: unknown signal {signal!r} (use traces, metrics or logs)",
                )
            )


def check_schema(source: YamlSource) -> SchemaResult:
    """Tier 2 over a parsed config (a mapping)."""
    result = SchemaResult()
    data: dict[str, Any] = source.data
    for key in data:
        if key not in TOP_LEVEL:
            result.issues.append(
                _issue(
                    source,
                    Code.SCHEMA_UNKNOWN_KEY,
                    (str(key),),
                    f"unknown top-level key {key!r} (allowed: {', '.join(TOP_LEVEL)})",
                )
            )
    for section in ("receivers", "processors", "exporters", "extensions", "connectors"):
        _check_section(source, section, data.get(section), result)
    _check_service(source, data.get("service"), result)
    return result
