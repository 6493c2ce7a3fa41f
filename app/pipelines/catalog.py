"""The pipeline template catalog: one folder per template under `pipeline_templates/`.

Each folder holds `metadata.yaml` (name, version, strategy, description, parameters, expected
reduction, processors) and `config.yaml.j2`. The parameters every template shares are declared
once in `_shared/parameters.yaml` and merged into each template's metadata here. This module only
reads the catalog; rendering and validation live beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core import safe_yaml
from app.core.config import get_settings
from app.core.naming import is_dns_1123_label

SHARED_DIR = "_shared"
COMMON_PARAMETERS_FILE = "parameters.yaml"


class TemplateNotFound(LookupError):
    """No template of that name in the catalog."""


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    folder: Path
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def config_template(self) -> str:
        """The Jinja2 template path, relative to the templates directory."""
        return f"{self.name}/config.yaml.j2"


def templates_dir() -> Path:
    """Where the catalog lives (`PHOENIX_TEMPLATES_DIR`)."""
    return get_settings().templates_dir


def common_parameters(root: Path | None = None) -> dict[str, Any]:
    """The parameters every template takes (experiment, variant, criticals, exporters, ports)."""
    path = (root or templates_dir()) / SHARED_DIR / COMMON_PARAMETERS_FILE
    if not path.is_file():
        return {}
    return (safe_yaml.load(path.read_text()) or {}).get("parameters") or {}


def _load(meta_file: Path, common: dict[str, Any]) -> TemplateInfo:
    metadata = safe_yaml.load(meta_file.read_text()) or {}
    own = metadata.get("parameters") or {}
    clash = sorted(set(own) & set(common))
    if clash:
        raise ValueError(f"{meta_file}: parameters {clash} are common parameters; do not redeclare them")
    metadata["parameters"] = {**common, **own}
    return TemplateInfo(name=meta_file.parent.name, folder=meta_file.parent, metadata=metadata)


def list_templates() -> list[TemplateInfo]:
    """Every template in the catalog, sorted by name."""
    root = templates_dir()
    common = common_parameters(root)
    return [
        _load(meta_file, common)
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
    return _load(meta_file, common_parameters(root))
