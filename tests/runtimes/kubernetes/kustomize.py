"""`kubectl kustomize` for the tests of the install in deploy/kubernetes: where kubectl is, and what renders.

kubectl is `build/kube/kubectl` when the repository's Kubernetes build made it (or the kubectl inside
`build/kube/phoenix-kube`), else the first `kubectl` on PATH. Without one the install cannot be
rendered: the test fails in CI and is skipped locally (`require_component`), so it never passes
without having rendered anything.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from app.core.config import REPO_ROOT
from tests.conftest import require_component

DEPLOY = REPO_ROOT / "deploy" / "kubernetes"
BUILT_KUBECTL = REPO_ROOT / "build" / "kube" / "kubectl"
BUILT_MULTICALL = REPO_ROOT / "build" / "kube" / "phoenix-kube"
"""One binary of the pinned Kubernetes release whose first argument picks the program (`kubectl`)."""
OVERLAYS = ("dev", "production")


def _executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def kubectl() -> list[str]:
    """The command that runs kubectl (a path, or the multicall binary and `kubectl`); missing: fail in CI
    (CI=true), skip elsewhere."""
    if _executable(BUILT_KUBECTL):
        return [str(BUILT_KUBECTL)]
    if _executable(BUILT_MULTICALL):
        return [str(BUILT_MULTICALL), "kubectl"]
    found = shutil.which("kubectl")
    if found:
        return [found]
    require_component(
        "kubectl",
        "`kubectl kustomize` renders deploy/kubernetes; build build/kube/kubectl "
        "or install kubectl (Debian: kubernetes-client) on PATH",
    )
    raise AssertionError("unreachable")  # require_component fails or skips


@cache
def _render(directory: str) -> tuple[str, ...]:
    result = subprocess.run(
        [*kubectl(), "kustomize", directory],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"kubectl kustomize {directory} failed:\n{result.stderr}"
    return tuple(yaml.safe_dump(d) for d in yaml.safe_load_all(result.stdout) if d)


def render(directory: Path) -> list[dict[str, Any]]:
    """The objects `kubectl kustomize directory` prints (a fresh copy each call; rendered once per run)."""
    return [yaml.safe_load(text) for text in _render(str(directory))]


def render_overlay(name: str) -> list[dict[str, Any]]:
    return render(DEPLOY / "overlays" / name)
