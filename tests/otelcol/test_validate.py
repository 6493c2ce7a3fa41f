"""Tier 5 with the real collector: every template loads in otelcol-phoenix, over a parameter grid,
and what the collector refuses is reported on the component (and key) it names."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from app.engine.collector import CONTRIB_VERSION
from app.pipelines import catalog
from app.pipelines.render import render_template
from app.pipelines.validation import validate_config
from tests.pipelines.conftest import TEMPLATE_NAMES

COLLECTOR = f"otelcol-phoenix {CONTRIB_VERSION}"


def _extreme(spec: dict[str, Any], end: str) -> Any:
    """A parameter's value at one end of its range (`low` or `high`)."""
    kind = spec["type"]
    if kind == "enum":
        return spec["choices"][0 if end == "low" else -1]
    if kind == "boolean":
        return end == "high"
    if kind in ("integer", "number", "duration") and ("min" in spec or "max" in spec):
        return spec.get("min" if end == "low" else "max", spec["default"])
    if kind == "regex_list":
        # An empty list, and a list of awkward but valid names (unicode, dots, dashes, anchors).
        return [] if end == "low" else ["^posтgres$", "my.app-1", "(?i)NGINX", "java$", "kworker/.*"]
    if kind == "string" and spec.get("pattern", "").startswith("^(/"):
        return "" if end == "low" else "/hostfs"
    return spec["default"]


def _grid(name: str) -> list[tuple[str, dict[str, Any]]]:
    metadata = catalog.get_template(name).metadata
    # A declared `less_than: [a, b]` keeps a at its low end and b at its high end in both sets.
    pinned = {}
    for constraint in metadata.get("constraints", []):
        lower, upper = constraint["less_than"]
        pinned |= {lower: "low", upper: "high"}
    spec = metadata["parameters"]
    return [
        ("defaults", {}),
        ("low", {key: _extreme(s, pinned.get(key, "low")) for key, s in spec.items()}),
        ("high", {key: _extreme(s, pinned.get(key, "high")) for key, s in spec.items()}),
    ]


CASES = [(name, label, params) for name in TEMPLATE_NAMES for label, params in _grid(name)]


@pytest.mark.parametrize(("name", "label", "params"), CASES, ids=[f"{n}-{lbl}" for n, lbl, _ in CASES])
def test_the_real_collector_accepts_every_template_over_the_parameter_grid(
    otelcol_bin: Path, name: str, label: str, params: dict[str, Any]
) -> None:
    result = validate_config(render_template(name, params).config_yaml)
    assert result.collector == COLLECTOR and result.tiers_run[-1] == "otelcol"
    assert [i for i in result.errors + result.warnings if i.tier == "otelcol"] == []


def test_an_unknown_key_is_placed_on_that_key(otelcol_bin: Path) -> None:
    text = render_template("process-topk-v1").config_yaml.replace("limit_percentage:", "limit_percentag:")
    [issue] = [i for i in validate_config(text).errors if i.tier == "otelcol"]
    assert issue.path == "processors.memory_limiter.limit_percentag"
    assert issue.line == text.splitlines().index("    limit_percentag: 80") + 1
    assert issue.message.startswith(COLLECTOR) and "invalid keys: limit_percentag" in issue.message


def test_an_ottl_error_is_placed_on_its_processor(otelcol_bin: Path) -> None:
    text = render_template("process-topk-v1").config_yaml.replace("IsMatch(", "IsMatches(")
    [issue] = [i for i in validate_config(text).errors if i.tier == "otelcol"]
    assert issue.path == "processors.transform/classify"
    assert issue.line == text.splitlines().index("  transform/classify:") + 1
    assert 'undefined function "IsMatches"' in issue.message


def test_without_a_binary_the_tier_does_not_run_and_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("app.otelcol.binary.BUNDLED_BINARY", tmp_path / "missing")
    result = validate_config(render_template("process-baseline-v1").config_yaml)
    assert result.tiers_run == ["parse", "schema", "graph", "ottl"] and result.collector is None


BROKEN = sorted((Path(__file__).parents[1] / "pipelines" / "broken_configs").glob("[0-9]*.yaml"))


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_each_broken_config_records_what_the_real_collector_says(otelcol_bin: Path, path: Path) -> None:
    text = path.read_text()
    header = dict(re.findall(r"^# ([a-z-]+): (.*)$", text, re.M))
    expected = header.get("collector-rejects", "no")  # the valid reference config has no header
    done = subprocess.run([otelcol_bin, "validate", f"--config={path}"], capture_output=True, text=True, env={})
    assert ("yes" if done.returncode else "no") == expected, done.stderr[-500:]
