"""Tier 5 with the real collector: every template loads in otelcol-phoenix, over a parameter grid,
and what the collector refuses is reported on the component (and key) it names."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.engine.collector import CONTRIB_VERSION
from app.engine.registry import get_component
from app.pipelines import catalog
from app.pipelines.render import render_template
from app.validation import validate_config
from app.validation.codes import CODES, Code, CodeSpec
from tests.pipelines.conftest import TEMPLATE_NAMES
from tests.validation.test_service_section import SERVICE_CASES

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
    assert result.tiers_run == ["parse", "schema", "graph", "ottl", "semantic"] and result.collector is None


BROKEN = sorted((Path(__file__).parents[1] / "validation" / "broken_configs").glob("[0-9]*.yaml"))


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_each_broken_config_records_what_the_real_collector_says(otelcol_bin: Path, path: Path) -> None:
    text = path.read_text()
    header = dict(re.findall(r"^# ([a-z-]+): (.*)$", text, re.M))
    expected = header.get("collector-rejects", "no")  # the valid reference config has no header
    done = subprocess.run([otelcol_bin, "validate", f"--config={path}"], capture_output=True, text=True, env={})
    assert ("yes" if done.returncode else "no") == expected, done.stderr[-500:]


# --- codes against the binary (docs/validation.md) ------------------------------------------------


def _binary_refuses(otelcol_bin: Path, config_yaml: str, tmp_path: Path) -> bool:
    config = tmp_path / "config.yaml"
    config.write_text(config_yaml)
    done = subprocess.run(
        [otelcol_bin, "validate", f"--config={config}"], capture_output=True, text=True, env={"HOME": str(tmp_path)}
    )
    return done.returncode != 0


EXAMPLES = [s for s in CODES.values() if s.example is not None]


@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda s: str(s.code))
def test_each_documented_example_is_refused_exactly_when_its_code_says_the_collector_refuses(
    otelcol_bin: Path, spec: CodeSpec, tmp_path: Path
) -> None:
    assert spec.example is not None
    refuses = _binary_refuses(otelcol_bin, spec.example, tmp_path)
    if spec.code == Code.COVERAGE_UNKNOWN_COMPONENT:
        assert refuses  # otelcol-phoenix has exactly the components Phoenix knows
    elif spec.family == "coverage":
        assert not refuses  # the examples' unchecked parts are valid; only the collector could tell
    else:
        assert refuses is (spec.refused_by == "collector" and spec.severity == "error")


def test_the_collector_tier_reports_what_only_the_binary_catches(otelcol_bin: Path) -> None:
    example = CODES[Code.COLLECTOR_REJECTED].example
    assert example is not None
    result = validate_config(example)
    [error] = result.errors
    assert (error.code, error.tier, error.path) == ("collector.rejected", "otelcol", "processors.transform")
    assert [w.code for w in result.warnings] == ["coverage.not_checked"]  # Phoenix said it could not check


@pytest.mark.parametrize(("config", "code"), [c[1:] for c in SERVICE_CASES], ids=[c[0] for c in SERVICE_CASES])
def test_the_service_section_verdicts_agree_with_the_binary(
    otelcol_bin: Path, config: str, code: str | None, tmp_path: Path
) -> None:
    assert _binary_refuses(otelcol_bin, config, tmp_path) is (code is not None)


def test_registry_signals_are_the_binarys(otelcol_bin: Path) -> None:
    done = subprocess.run([otelcol_bin, "components"], capture_output=True, text=True, check=True, env={})
    listed = yaml.safe_load(done.stdout)
    for section, kind in (("receivers", "receiver"), ("processors", "processor"), ("exporters", "exporter")):
        for component in listed.get(section) or []:
            spec = get_component(kind, component["name"])
            assert spec is not None, component["name"]
            supported = {s for s, level in component["stability"].items() if level != "Undefined"}
            assert set(spec.signals) == supported, (component["name"], spec.signals, supported)
