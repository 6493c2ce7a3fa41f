"""Render a catalog template into a collector config: validated parameters in, YAML text out.

Jinja2 runs sandboxed (`ImmutableSandboxedEnvironment`, `StrictUndefined`) with a loader that
only sees the templates directory. Templates never paste a value raw: `yaml` emits a quoted YAML
scalar, `ottl_string` an escaped OTTL string literal, `ottl_names` the RE2 alternation of a
pattern list (`app.engine.critical.critical_regex`: unanchored, as IsMatch searches) and
`seconds` the number in a validated duration, so no parameter can add YAML keys, OTTL code or Jinja.
The result is checked once more: it must parse as a YAML mapping and hold no placeholder other than
`${env:VAR}`.
"""

from __future__ import annotations

import copy
import json
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from app.core import safe_yaml
from app.core.errors import Invalid
from app.engine.collector import CONTRIB_VERSION, PROCESS_IDENTITY_ATTRIBUTES, PROCESS_METRICS
from app.engine.components.common import go_duration_seconds
from app.engine.critical import critical_regex
from app.pipelines import catalog
from app.pipelines.parameters import validate_parameters

SCRAPED_METRICS: tuple[str, ...] = tuple(
    name for name, m in PROCESS_METRICS.items() if m.enabled_by_default or name == "process.cpu.utilization"
)
"""What every template's receiver emits: the scraper defaults plus process.cpu.utilization."""

_LEFTOVER_JINJA = re.compile(r"\{\{|\{%|\{#")
_PLACEHOLDER = re.compile(r"\$\{[^}]*\}")
_ENV_PLACEHOLDER = re.compile(r"^\$\{env:[A-Za-z_][A-Za-z0-9_]*\}$")


class TemplateRenderError(Invalid):
    """A template could not be rendered into a clean collector config with these parameters (a value
    that breaks the YAML, or a catalog bug): a 422 for a request, a failed run for an experiment."""


@dataclass(frozen=True)
class RenderedConfig:
    config_yaml: str
    warnings: list[str] = field(default_factory=list)
    parameters: dict[str, Any] = field(default_factory=dict)


def yaml_scalar(value: Any) -> str:
    """A YAML flow scalar. Printable strings come out single-quoted (`'` doubled, nothing else is
    special there); anything else as JSON, which is a subset of YAML."""
    if isinstance(value, str) and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, str | int | float | bool) or value is None or isinstance(value, list):
        return json.dumps(value, ensure_ascii=True)
    raise TypeError(f"cannot render {type(value).__name__} into YAML")


def ottl_string(value: str) -> str:
    """An OTTL string literal: backslashes and double quotes escaped."""
    if not isinstance(value, str):
        raise TypeError("ottl_string takes a string")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ottl_names(patterns: list[str]) -> str:
    """OTTL string literal of the one regex IsMatch searches for a pattern list: `(?:p1)|(?:p2)`,
    unanchored, so a pattern means in the config what it means to `app.engine.critical`."""
    return ottl_string(critical_regex(list(patterns)))


def ottl_number(value: float | int) -> str:
    """A number as OTTL writes it (no exponent, so the grammar always accepts it)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("ottl_number takes a number")
    if isinstance(value, int):
        return str(value)
    text = f"{value:.9f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


@lru_cache(maxsize=8)
def _environment(root: str) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(root),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        yaml=yaml_scalar,
        ottl_string=ottl_string,
        ottl_names=ottl_names,
        ottl_number=ottl_number,
        seconds=go_duration_seconds,
    )
    env.globals.update(
        collector_version=CONTRIB_VERSION,
        process_metrics=PROCESS_METRICS,
        identity_attributes=PROCESS_IDENTITY_ATTRIBUTES,
        scraped_metrics=SCRAPED_METRICS,
    )
    return env


def _check_output(text: str) -> None:
    if _LEFTOVER_JINJA.search(text):
        raise TemplateRenderError("rendered config still contains Jinja markers")
    for placeholder in _PLACEHOLDER.findall(text):
        if not _ENV_PLACEHOLDER.match(placeholder):
            raise TemplateRenderError(f"unresolved placeholder {placeholder!r} in rendered config")
    try:
        data = safe_yaml.load(text)
    except safe_yaml.SafeYamlError as exc:  # parameters reach the text: the same limits as a client's YAML
        raise TemplateRenderError(f"rendered config is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise TemplateRenderError("rendered config is not a YAML mapping")


RENDER_CACHE_SIZE = 512
_render_cache: OrderedDict[tuple[Any, ...], RenderedConfig] = OrderedDict()
_render_lock = threading.Lock()


def _canonical(parameters: dict[str, Any] | None) -> str | None:
    """The parameters as canonical JSON (the render cache key), None if they are not plain JSON."""
    if parameters is None:
        return "{}"
    if not isinstance(parameters, dict):
        return None
    try:
        return json.dumps(parameters, sort_keys=True, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError):
        return None


def _copy(rendered: RenderedConfig) -> RenderedConfig:
    """A copy a caller may change without changing the cached one."""
    return RenderedConfig(
        config_yaml=rendered.config_yaml,
        warnings=list(rendered.warnings),
        parameters=copy.deepcopy(rendered.parameters),
    )


def render_template(name: str, parameters: dict[str, Any] | None = None) -> RenderedConfig:
    """The collector config of template `name` with `parameters` (validated; defaults filled in).

    Rendered and checked once per template version and parameter set: results are kept in a bounded
    LRU keyed by the template's file stamps and the canonical JSON of the parameters (failures are
    not kept). Raises `catalog.TemplateNotFound` and `parameters.InvalidParameters`.
    """
    info = catalog.get_template(name)
    root = Path(catalog.templates_dir()).resolve()
    canonical = _canonical(parameters)
    key = (str(root), info.name, info.stamp, canonical)
    if canonical is not None:
        with _render_lock:
            hit = _render_cache.get(key)
            if hit is not None:
                _render_cache.move_to_end(key)
        if hit is not None:
            return _copy(hit)
    rendered = _render(info, root, parameters)
    if canonical is not None:
        with _render_lock:
            _render_cache[key] = rendered
            while len(_render_cache) > RENDER_CACHE_SIZE:
                _render_cache.popitem(last=False)
    return _copy(rendered)


def clear_render_cache() -> None:
    """Forget every rendered config."""
    with _render_lock:
        _render_cache.clear()


def _render(info: catalog.TemplateInfo, root: Path, parameters: dict[str, Any] | None) -> RenderedConfig:
    values = validate_parameters(info.name, info.metadata, parameters, model=info.parameters_model)
    env = _environment(str(root))
    context = {
        **values,
        "template_name": info.name,
        "template_version": str(info.metadata.get("version", "")),
        "template_strategy": str(info.metadata.get("strategy", "")),
    }
    try:
        text = env.get_template(info.config_template).render(context)
    except jinja2.TemplateError as exc:
        raise TemplateRenderError(f"template {info.name} failed to render: {exc}") from exc
    _check_output(text)
    return RenderedConfig(config_yaml=text, warnings=_warnings(values), parameters=values)


def _warnings(values: dict[str, Any]) -> list[str]:
    out = []
    if values.get("otlp_enabled") and str(values.get("otlp_endpoint", "")).startswith("localhost"):
        out.append("otlp_endpoint points at localhost: inside a collector pod that is the pod itself")
    if not values.get("critical_processes"):
        out.append("critical_processes is empty: no process is protected from dropping or roll-up")
    return out
