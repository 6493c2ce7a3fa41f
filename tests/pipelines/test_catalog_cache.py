"""The catalog is read and rendered once per template version and parameter set, not per call;
an edited file (its own or a shared one) is read again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.core.config import get_settings
from app.pipelines import catalog, render
from app.pipelines.render import render_template

META = (
    "name: {name}\nversion: '{version}'\n"
    "parameters:\n  level: {{type: integer, default: 1, min: 0, max: 9, description: d}}\n"
)


def _write(path: Path, text: str) -> None:
    """Write `text`, moving the mtime on so the change shows even within the clock's granularity."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text)
    os.utime(path, ns=(before + 10**9, before + 10**9))


@pytest.fixture
def tiny_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "_shared").mkdir()
    _write(tmp_path / "_shared" / "part.j2", "b: 1\n")
    folder = tmp_path / "tiny-v1"
    folder.mkdir()
    _write(folder / "metadata.yaml", META.format(name="tiny-v1", version="1"))
    _write(folder / "config.yaml.j2", "a: {{ level }}\n{% include '_shared/part.j2' %}")
    monkeypatch.setenv("PHOENIX_TEMPLATES_DIR", str(tmp_path))
    get_settings.cache_clear()
    return tmp_path


def test_a_template_is_parsed_once_while_its_files_stay_the_same(tiny_catalog: Path) -> None:
    first = catalog.get_template("tiny-v1")
    assert catalog.get_template("tiny-v1") is first
    assert catalog.list_templates()[0] is first
    assert first.parameters_model is first.parameters_model

    _write(tiny_catalog / "tiny-v1" / "metadata.yaml", META.format(name="tiny-v1", version="2"))
    second = catalog.get_template("tiny-v1")
    assert second is not first and second.metadata["version"] == "2"


def test_renders_are_cached_per_parameters_and_follow_edits(
    tiny_catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert render_template("tiny-v1").config_yaml == "a: 1\nb: 1\n"
    calls: list[str] = []
    real = render._render

    def counting(info: catalog.TemplateInfo, root: Path, parameters: dict | None) -> render.RenderedConfig:
        calls.append(info.name)
        return real(info, root, parameters)

    monkeypatch.setattr(render, "_render", counting)
    once = render_template("tiny-v1", {"level": 3})
    again = render_template("tiny-v1", {"level": 3})
    assert once.config_yaml == again.config_yaml == "a: 3\nb: 1\n" and calls == ["tiny-v1"]
    again.parameters["level"] = 7  # a caller's copy: the cached render is untouched
    assert render_template("tiny-v1", {"level": 3}).parameters["level"] == 3
    assert render_template("tiny-v1").config_yaml == "a: 1\nb: 1\n" and len(calls) == 1  # cached before

    _write(tiny_catalog / "_shared" / "part.j2", "b: 2\n")
    assert render_template("tiny-v1", {"level": 3}).config_yaml == "a: 3\nb: 2\n" and len(calls) == 2
    _write(tiny_catalog / "tiny-v1" / "config.yaml.j2", "c: {{ level }}\n")
    assert render_template("tiny-v1", {"level": 3}).config_yaml == "c: 3\n" and len(calls) == 3


def test_invalid_parameters_are_refused_every_time(tiny_catalog: Path) -> None:
    from app.pipelines.parameters import InvalidParameters

    for _ in range(2):
        with pytest.raises(InvalidParameters):
            render_template("tiny-v1", {"level": 99})
