"""docs/catalog.md carries the catalog as it is: every generated part (the measured reduction of each
template on the seeded profiles, the parameter tables) is what `docs/tools/catalog_figures.py`
computes now, and every template of `pipeline_templates/` has its section."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from app.pipelines import catalog

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "docs" / "tools" / "catalog_figures.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalog_figures", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generated_parts_of_the_page_are_the_scripts_output() -> None:
    figures = _script()
    in_doc = figures.doc_parts(figures.CATALOG_DOC.read_text())
    expected = figures.generated_parts()
    assert sorted(in_doc) == sorted(expected), "docs/catalog.md lacks or has extra generated parts"
    stale = [key for key in expected if in_doc[key] != expected[key]]
    command = f"PHOENIX_ENV=dev .venv/bin/python {SCRIPT.relative_to(ROOT)} --write"
    assert not stale, f"docs/catalog.md is stale in {stale}: run `{command}`"


def test_every_template_has_a_section() -> None:
    text = (ROOT / "docs" / "catalog.md").read_text()
    missing = [t.name for t in catalog.list_templates() if f"\n## `{t.name}`" not in text]
    assert not missing, f"docs/catalog.md has no section for {missing}"


def test_rewrite_replaces_only_the_generated_parts() -> None:
    figures = _script()
    text = (
        "intro\n<!-- generated: a -->\nold\n<!-- end generated -->\n"
        "middle\n<!-- generated: b -->\nkept\n<!-- end generated -->\n"
    )
    assert figures.rewrite(text, {"a": "new\n"}) == text.replace("old", "new")
    assert figures.doc_parts(text) == {"a": "old\n", "b": "kept\n"}
