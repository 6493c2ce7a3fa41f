"""`.pre-commit-config.yaml` is a valid hook config whose ruff is the ruff the project installs, and whose
exclusions name files that exist (a renamed folder would silently turn a check back on)."""

from __future__ import annotations

import json
import re
from importlib.metadata import version
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / ".pre-commit-config.yaml"
RUFF_REPO = "https://github.com/astral-sh/ruff-pre-commit"


def _config() -> dict:
    return yaml.safe_load(CONFIG.read_text())


def _hooks(repo: str) -> dict[str, dict]:
    (entry,) = [r for r in _config()["repos"] if r["repo"] == repo]
    return {hook["id"]: hook for hook in entry["hooks"]}


def _installed_ruff() -> str:
    """The ruff of the project's environment (`pip install -e '.[dev]'`), as `ruff --version` says it."""
    return version("ruff")


def test_every_repo_is_pinned_and_every_hook_named() -> None:
    for repo in _config()["repos"]:
        assert repo["repo"] == "local" or re.fullmatch(r"v\d+\.\d+\.\d+", repo["rev"]), repo
        assert all(hook["id"] for hook in repo["hooks"])


def test_ruff_runs_at_the_installed_version() -> None:
    (ruff,) = [r for r in _config()["repos"] if r["repo"] == RUFF_REPO]
    assert ruff["rev"] == f"v{_installed_ruff()}", "bump the ruff-pre-commit rev to the ruff in .venv"
    assert set(_hooks(RUFF_REPO)) == {"ruff", "ruff-format"}


def test_yaml_checks_skip_templates_and_broken_fixtures_only() -> None:
    hook = _hooks("https://github.com/pre-commit/pre-commit-hooks")["check-yaml"]
    assert "--allow-multiple-documents" in hook["args"]
    excluded = re.compile(hook["exclude"])
    files = [p.relative_to(ROOT).as_posix() for p in ROOT.glob("pipeline_templates/**/*") if p.is_file()]
    assert any(excluded.search(f) for f in files if f.endswith(".j2"))
    assert not [f for f in files if f.endswith(".yaml") and excluded.search(f)], "metadata.yaml must be checked"
    assert excluded.search("tests/validation/broken_configs/01_bad_yaml.yaml")
    assert (ROOT / "tests/validation/broken_configs/01_bad_yaml.yaml").is_file()


def test_the_frontend_hook_runs_a_script_the_console_has() -> None:
    hook = _hooks("local")["frontend-typecheck"]
    script = hook["entry"].split(" run ", 1)[1].split()[0]
    assert script in json.loads((ROOT / "frontend" / "package.json").read_text())["scripts"]
    assert hook["pass_filenames"] is False
