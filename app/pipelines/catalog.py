"""The pipeline template catalog: one folder per template under `pipeline_templates/`.

Each folder holds `metadata.yaml` (name, version, strategy, description, parameters, expected
reduction, processors) and `config.yaml.j2`. The parameters every template shares are declared
once in `_shared/parameters.yaml` and merged into each template's metadata here. This module only
reads the catalog; rendering and validation live beside it.

The catalog is files shipped with Phoenix, read on every API call that names a template, so each
template is parsed once and kept per templates directory: a `TemplateInfo` is reused while its
files (`metadata.yaml`, `config.yaml.j2` and everything in `_shared/`) keep their modification time,
size and inode, and read again when one changes. What is derived from a template's metadata (its
parameter specs, the pydantic model of its parameters, their JSON schema) is computed once per
`TemplateInfo`. Treat `TemplateInfo.metadata` as read-only: it is shared by every caller.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from app.core import safe_yaml
from app.core.config import get_settings
from app.core.naming import is_dns_1123_label
from app.pipelines import parameters

SHARED_DIR = "_shared"
COMMON_PARAMETERS_FILE = "parameters.yaml"
CONFIG_TEMPLATE = "config.yaml.j2"

FileStamp = tuple[int, int, int] | None
"""(mtime in ns, size, inode) of a file, None when it is missing: what says a file changed."""


class TemplateNotFound(LookupError):
    """No template of that name in the catalog."""


@dataclass(frozen=True, eq=False)
class TemplateInfo:
    name: str
    folder: Path
    metadata: dict[str, Any] = field(default_factory=dict)
    stamp: tuple[Any, ...] = ()
    """The stamps of the files this template is made of (its own and `_shared/`); a new stamp is a new
    template, so what is cached by stamp (the parameters model, rendered configs) follows an edit."""

    @property
    def config_template(self) -> str:
        """The Jinja2 template path, relative to the templates directory."""
        return f"{self.name}/{CONFIG_TEMPLATE}"

    @cached_property
    def specs(self) -> dict[str, parameters.ParameterSpec]:
        """The parsed parameter declarations (computed once per template version)."""
        return parameters.parameter_specs(self.metadata)

    @cached_property
    def parameters_model(self) -> type[BaseModel]:
        """The pydantic model of this template's parameters (built once per template version)."""
        return parameters.build_model(self.name, self.metadata)

    @cached_property
    def parameters_schema(self) -> dict[str, Any]:
        """JSON schema of the parameters, for forms (computed once per template version)."""
        return self.parameters_model.model_json_schema()


def templates_dir() -> Path:
    """Where the catalog lives (`PHOENIX_TEMPLATES_DIR`)."""
    return get_settings().templates_dir


def _stamp(path: Path) -> FileStamp:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


_lock = threading.Lock()
_common_cache: dict[Path, tuple[tuple[tuple[str, FileStamp], ...], dict[str, Any]]] = {}
_template_cache: dict[Path, TemplateInfo] = {}


def _shared_stamp(root: Path) -> tuple[tuple[str, FileStamp], ...]:
    """The stamps of every file in `_shared/`: the common parameters and the partials templates include."""
    folder = root / SHARED_DIR
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return ()
    return tuple((n, _stamp(folder / n)) for n in names)


def _common(root: Path) -> tuple[tuple[tuple[str, FileStamp], ...], dict[str, Any]]:
    """(stamp of `_shared/`, the common parameters), read again only when a shared file changed."""
    path = root / SHARED_DIR / COMMON_PARAMETERS_FILE
    stamp = _shared_stamp(root)
    cached = _common_cache.get(path)
    if cached is not None and cached[0] == stamp:
        return cached
    common: dict[str, Any] = {}
    if path.is_file():
        common = (safe_yaml.load(path.read_text()) or {}).get("parameters") or {}
    with _lock:
        _common_cache[path] = (stamp, common)
    return stamp, common


def common_parameters(root: Path | None = None) -> dict[str, Any]:
    """The parameters every template takes (experiment, variant, criticals, exporters, ports)."""
    return dict(_common(root or templates_dir())[1])


def _load(meta_file: Path, common_stamp: tuple[Any, ...], common: dict[str, Any]) -> TemplateInfo:
    """The template of `meta_file`, from the cache unless one of its files changed."""
    stamp = (_stamp(meta_file), _stamp(meta_file.parent / CONFIG_TEMPLATE), common_stamp)
    cached = _template_cache.get(meta_file)
    if cached is not None and cached.stamp == stamp:
        return cached
    metadata = safe_yaml.load(meta_file.read_text()) or {}
    own = metadata.get("parameters") or {}
    clash = sorted(set(own) & set(common))
    if clash:
        raise ValueError(f"{meta_file}: parameters {clash} are common parameters; do not redeclare them")
    metadata["parameters"] = {**common, **own}
    info = TemplateInfo(name=meta_file.parent.name, folder=meta_file.parent, metadata=metadata, stamp=stamp)
    with _lock:
        _template_cache[meta_file] = info
    return info


def list_templates() -> list[TemplateInfo]:
    """Every template in the catalog, sorted by name."""
    root = templates_dir()
    common_stamp, common = _common(root)
    return [
        _load(meta_file, common_stamp, common)
        for meta_file in sorted(root.glob("*/metadata.yaml"))
        if is_dns_1123_label(meta_file.parent.name)
    ]


def template_names() -> set[str]:
    """Names of the templates in the catalog."""
    return {t.name for t in list_templates()}


def get_template(name: str) -> TemplateInfo:
    """One template by name; names are plain folder names, never paths."""
    if not is_dns_1123_label(name):
        raise TemplateNotFound(name)
    root = templates_dir()
    meta_file = root / name / "metadata.yaml"
    if not meta_file.is_file():
        raise TemplateNotFound(name)
    return _load(meta_file, *_common(root))


def clear_cache() -> None:
    """Forget every template read so far (the next call reads the files again)."""
    with _lock:
        _common_cache.clear()
        _template_cache.clear()
