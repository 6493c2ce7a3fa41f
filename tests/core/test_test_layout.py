"""The tests mirror `app/`: each test file lives in the folder of the package it tests.

`tests/<path>/test_*.py` tests `app/<path>/` (a package) or `app/<path>.py` (a module: `tests/main` is
the assembled app, `app/main.py`); `tests/frontend/` tests the console in `frontend/` (in a real
browser); no test file sits at the root of `tests/`. Folders without test
files (helpers, data such as `broken_configs/` or `promtool/`) may sit anywhere. Every folder with
Python files is a package, as the tests import each other as `tests.x.y`.

The check is a function of two trees, so it is also proved to fail on a tree that breaks it.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _folders(root: Path) -> list[Path]:
    """`root` and every folder under it, except caches (`__pycache__`, hidden folders), sorted."""
    found = [root]
    for path in root.rglob("*"):
        parts = path.relative_to(root).parts
        if path.is_dir() and not any(part == "__pycache__" or part.startswith(".") for part in parts):
            found.append(path)
    return sorted(found)


# Top-level folders of tests/ that test something outside app/, and what.
# Tests of what lives outside app/: the console, the docs, the control-plane build (kube/), and the
# repository root's packaging (Dockerfile, docker-compose.yml).
OUTSIDE_APP = {"frontend": ROOT / "frontend", "docs": ROOT / "docs", "kube": ROOT / "kube", "packaging": ROOT}


def layout_problems(tests: Path, app: Path, outside: dict[str, Path] | None = None) -> list[str]:
    """What in `tests` does not mirror `app`, one message each; empty when the layout holds."""
    problems = []
    outside = outside or {}
    for folder in _folders(tests):
        rel = folder.relative_to(tests)
        if rel.parts and rel.parts[0] in outside and outside[rel.parts[0]].is_dir():
            if not (folder / "__init__.py").is_file() and any(folder.glob("*.py")):
                problems.append(f"tests/{rel.as_posix()}/ holds Python files but has no __init__.py")
            continue
        test_files = sorted(p.name for p in folder.glob("test_*.py"))
        if folder != tests and any(folder.glob("*.py")) and not (folder / "__init__.py").is_file():
            problems.append(f"tests/{rel.as_posix()}/ holds Python files but has no __init__.py")
        if not test_files:
            continue
        if folder == tests:
            problems.append(
                f"tests/ root holds {', '.join(test_files)}: move each into the tests/ folder of the app package "
                "it tests (tests/main/ for the assembled app)"
            )
            continue
        package, module = app / rel, (app / rel).with_suffix(".py")
        if not (package / "__init__.py").is_file() and not module.is_file():
            problems.append(
                f"tests/{rel.as_posix()}/ holds {', '.join(test_files)} but mirrors nothing: neither "
                f"app/{rel.as_posix()}/ (a package) nor app/{rel.as_posix()}.py exists; put the tests in the "
                "folder of the package they test, or keep only helpers and data here"
            )
    return problems


def test_the_tests_mirror_app() -> None:
    problems = layout_problems(ROOT / "tests", ROOT / "app", OUTSIDE_APP)
    assert not problems, "\n".join(problems)


def _touch(path: Path, text: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_a_layout_that_mirrors_nothing_fails_with_the_reason(tmp_path: Path) -> None:
    app, tests = tmp_path / "app", tmp_path / "tests"
    for module in ("__init__.py", "main.py", "runtimes/__init__.py", "runtimes/kubernetes/__init__.py"):
        _touch(app / module)
    for module in (
        "__init__.py",
        "conftest.py",
        "main/__init__.py",
        "main/test_ops.py",
        "runtimes/__init__.py",
        "runtimes/kubernetes/__init__.py",
        "runtimes/kubernetes/test_crd.py",
        "runtimes/kubernetes/fake_apiserver/__init__.py",
        "runtimes/kubernetes/promtool/rules.yaml",
        "validation/__init__.py",
        "validation/broken_configs/01_bad.yaml",
    ):
        _touch(tests / module)
    assert layout_problems(tests, app) == []

    _touch(tests / "test_stray.py")
    _touch(tests / "widgets" / "__init__.py")
    _touch(tests / "widgets" / "test_widgets.py")
    _touch(tests / "runtimes" / "kubernetes" / "helpers" / "cluster.py")
    _touch(tests / "validation" / "test_tiers.py")
    problems = layout_problems(tests, app)

    assert len(problems) == 4, problems
    assert problems[0].startswith("tests/ root holds test_stray.py: move each into")
    assert problems[1] == "tests/runtimes/kubernetes/helpers/ holds Python files but has no __init__.py"
    assert problems[2].startswith("tests/validation/ holds test_tiers.py but mirrors nothing: neither app/validation/")
    assert problems[3].startswith("tests/widgets/ holds test_widgets.py but mirrors nothing")
    # A folder testing something outside app/ holds, while what it tests exists.
    _touch(tests / "console" / "__init__.py")
    _touch(tests / "console" / "test_views.py")
    assert len(layout_problems(tests, app)) == 5
    assert layout_problems(tests, app, {"console": tmp_path}) == problems
    assert "tests/console/" in layout_problems(tests, app, {"console": tmp_path / "gone"})[1]
