"""One component, one folder: every folder under `app.engine.components` is listed by the registry
and holds its config, its engine implementation, its README and its `COMPONENT` spec; the spec's
stability is the pinned collector's; the components import nothing above the engine."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from app.engine.components.processing import PassThrough
from app.engine.registry import COMPONENTS, FOLDERS
from app.otelcol.binary import BUNDLED_BINARY, is_executable
from tests.conftest import require_component

ENGINE = Path(__file__).resolve().parents[2] / "app" / "engine"
COMPONENTS_DIR = ENGINE / "components"
SHARED_FOLDERS = {"attraction"}  # attribute actions, shared by resource and attributes
PRODUCT_DOMAINS = (
    "app.pipelines",
    "app.experiments",
    "app.deployments",
    "app.control",
    "app.simulation",
    "app.runtimes",
    "app.analysis",
    "app.auth",
    "app.cli",
    "app.main",
    "app.validation",
)


def _folder(package: ModuleType) -> Path:
    return Path(str(package.__file__)).parent


def test_the_registry_lists_every_component_folder_once() -> None:
    on_disk = {p.parent.name for p in COMPONENTS_DIR.glob("*/__init__.py")} - SHARED_FOLDERS
    listed = [_folder(package).name for package in FOLDERS]
    assert sorted(listed) == sorted(on_disk)
    assert len({(c.kind, c.type) for c in COMPONENTS}) == len(COMPONENTS)


@pytest.mark.parametrize("package", FOLDERS, ids=lambda p: p.__name__.rsplit(".", 1)[-1])
def test_a_folder_holds_its_config_processing_readme_and_spec(package: ModuleType) -> None:
    folder, spec = _folder(package), package.COMPONENT
    assert (folder / "config.py").is_file() and (folder / "README.md").is_file()
    assert spec.config_model.__module__ == f"{package.__name__}.config"
    has_module = (folder / "processor.py").is_file()
    if spec.processor is None or spec.processor is PassThrough:
        assert not has_module
    else:
        assert spec.kind == "processor" and spec.processor.__module__ == f"{package.__name__}.processor"


@pytest.mark.parametrize("spec", COMPONENTS, ids=lambda s: f"{s.kind}-{s.type}")
def test_stability_is_given_for_exactly_the_signals(spec) -> None:  # type: ignore[no-untyped-def]
    expected = {"extension"} if spec.kind == "extension" else set(spec.signals)
    assert set(spec.stability) == expected


def test_stability_is_what_the_pinned_collector_reports() -> None:
    if not is_executable(BUNDLED_BINARY):
        require_component("otelcol-phoenix", f"{BUNDLED_BINARY} is missing: run `make collector`")
    listed = yaml.safe_load(subprocess.run([BUNDLED_BINARY, "components"], capture_output=True, check=True).stdout)
    reported = {
        (kind.removesuffix("s"), c["name"]): {s: level.lower() for s, level in c["stability"].items()}
        for kind in ("receivers", "processors", "exporters", "extensions")
        for c in listed[kind]
    }
    for spec in COMPONENTS:
        levels = reported[(spec.kind, spec.type)]
        assert dict(spec.stability) == {s: levels[s] for s in spec.stability}, spec.type
        assert not {s for s, level in levels.items() if level != "undefined"} - set(spec.stability), spec.type


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


def test_components_registry_and_executor_import_nothing_above_the_engine() -> None:
    files = [*COMPONENTS_DIR.rglob("*.py"), ENGINE / "registry.py", ENGINE / "pipeline.py"]
    offending = {
        str(path.relative_to(ENGINE)): sorted(m for m in _imports(path) if m.startswith(PRODUCT_DOMAINS))
        for path in files
    }
    assert {k: v for k, v in offending.items() if v} == {}
