"""The layering of `app/` (pyproject's import-linter contracts) holds, and it is a check that can fail:
a copy of the tree with one deliberate upward import breaks it, naming the import."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    # PYTHONPATH puts `cwd`'s `app` first, so the copy is analysed, not the installed tree.
    return subprocess.run(
        [str(LINT_IMPORTS), str(cwd / "pyproject.toml"), "--no-cache"],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def tree_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("layers")
    shutil.copytree(ROOT / "app", copy / "app", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def test_the_tree_keeps_every_contract(tree_copy: Path) -> None:
    result = _lint(tree_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_upward_import_breaks_the_layers(tree_copy: Path) -> None:
    upward = tree_copy / "app" / "engine" / "_upward.py"
    upward.write_text("from app.experiments import service  # the engine reaching into a product domain\n")
    try:
        result = _lint(tree_copy)
    finally:
        upward.unlink()
    assert result.returncode == 1, result.stdout
    assert "app.engine is not allowed to import app.experiments" in result.stdout
    assert "app.engine._upward -> app.experiments.service" in result.stdout


def test_a_router_joining_two_domains_breaks_its_contract(tree_copy: Path) -> None:
    router = tree_copy / "app" / "pipelines" / "router.py"
    original = router.read_text()
    router.write_text(original + "\nfrom app.engine import registry  # noqa: E402\n")
    try:
        result = _lint(tree_copy)
    finally:
        router.write_text(original)
    assert result.returncode == 1, result.stdout
    assert "app.pipelines.router is not allowed to import app.engine" in result.stdout
