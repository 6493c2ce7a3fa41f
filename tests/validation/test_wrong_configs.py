"""Each file in `wrong_configs/` loads in the real collector and then does the wrong thing.

They are written from the mistakes people (and the earlier implementation) make with process
metrics: identity read from datapoint attributes, CPU or memory read as attributes, percent
thresholds, other receivers' metric names, filters written as keep-lists, groupbyattrs expected to
sum. Header keys, as in `broken_configs/`: `expect-tier`, `expect-code`, `expect-severity`,
`expect-line`, `collector-rejects` (always `no` here: the pinned collector's own `validate` accepts
every file, checked against the real binary). Phoenix must report the code on that line.

The catalog's templates are the counterpart: correct configs, so no semantic finding at all.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from app.pipelines import catalog
from app.pipelines.render import render_template
from app.validation import validate_config
from tests.otelcol.conftest import otelcol_bin  # noqa: F401  (the real collector; fails in CI without it)

FOLDER = Path(__file__).parent / "wrong_configs"
CASES = sorted(FOLDER.glob("[0-9]*.yaml"))


def _header(text: str) -> dict[str, str]:
    return dict(re.findall(r"^# ([a-z-]+): (.*)$", text, re.M))


def test_the_corpus_has_at_least_thirty_wrong_configs() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_phoenix_reports_the_wrong_config_on_its_line(path: Path) -> None:
    text = path.read_text()
    expect = _header(text)
    result = validate_config(text, run_otelcol=False)
    issues = result.errors + result.warnings
    matching = [i for i in issues if i.code == expect["expect-code"] and i.line == int(expect["expect-line"])]
    assert matching, [(i.code, i.line, i.message) for i in issues]
    issue = matching[0]
    assert (issue.tier, issue.severity) == (expect["expect-tier"], expect["expect-severity"])
    assert issue.refused_by == "phoenix" and issue.hint
    assert result.valid is (expect["expect-severity"] == "warning" and not result.errors)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_the_real_collector_loads_the_wrong_config(otelcol_bin: Path, path: Path) -> None:  # noqa: F811
    assert _header(path.read_text())["collector-rejects"] == "no"
    done = subprocess.run([otelcol_bin, "validate", f"--config={path}"], capture_output=True, text=True, env={})
    assert done.returncode == 0, done.stderr[-800:]


@pytest.mark.parametrize("name", sorted(t.name for t in catalog.list_templates()))
def test_templates_at_their_defaults_have_no_semantic_finding(name: str) -> None:
    rendered = render_template(name, {})
    result = validate_config(rendered.config_yaml, run_otelcol=False)
    assert "semantic" in result.tiers_run
    semantic = [i for i in result.errors + result.warnings if i.tier == "semantic"]
    assert semantic == [], [(i.code, i.path, i.message) for i in semantic]


def test_a_column_points_into_the_ottl_text() -> None:
    path = next(p for p in CASES if "identity_read_from_datapoint" in p.name)
    text = path.read_text()
    [issue] = [i for i in validate_config(text, run_otelcol=False).errors if i.tier == "semantic"]
    condition = text.splitlines()[issue.line - 1].split("'")[1]
    assert issue.column is not None and condition[issue.column - 1 :].startswith('"process.executable.name"')


def test_an_experiment_pattern_that_cannot_be_sampled_is_named() -> None:
    text = render_template("process-priority-filter-v1", {}).config_yaml
    unsampleable = r"^\p{Greek}+$"  # valid RE2; Phoenix cannot build a name for it
    result = validate_config(text, critical_processes=["^postgres$", unsampleable], run_otelcol=False)
    gaps = [i for i in result.warnings if i.code == "coverage.not_checked" and unsampleable in i.message]
    assert gaps, [(i.code, i.message) for i in result.warnings]


_PROCESS_ONLY = """\
receivers:
  host_metrics:
    scrapers:
      process:
        mute_process_all_errors: true
        metrics:
          process.cpu.utilization:
            enabled: true
processors:
{processors}exporters:
  debug: {{}}
service:
  pipelines:
    metrics:
      receivers: [host_metrics]
      processors: [{chain}]
      exporters: [debug]
"""

# Configs that look like the mistakes above but are right: no semantic error on any of them.
RIGHT = {
    "set_if_absent": (
        "  transform:\n    error_mode: ignore\n    metric_statements:\n      - context: datapoint\n"
        "        statements:\n"
        '          - \'set(attributes["team"], "none") where attributes["team"] == nil\'\n',
        "transform",
    ),
    "name_made_upstream": (
        "  metrics_transform:\n    transforms:\n      - include: process.memory.usage\n        action: insert\n"
        "        new_name: rss\n  filter:\n    error_mode: ignore\n    metrics:\n      datapoint:\n"
        "        - 'metric.name == \"rss\" and value_int < 1048576'\n",
        "metrics_transform, filter",
    ),
    "attribute_set_upstream": (
        "  resource:\n    attributes:\n      - key: team\n        value: db\n        action: upsert\n"
        "  filter:\n    error_mode: ignore\n    metrics:\n      metric:\n"
        '        - \'resource.attributes["team"] == "web"\'\n',
        "resource, filter",
    ),
    "read_where_groupbyattrs_moved_it": (
        "  groupbyattrs:\n    keys: [state]\n  filter:\n    error_mode: ignore\n    metrics:\n      datapoint:\n"
        '        - \'resource.attributes["state"] == "wait"\'\n',
        "groupbyattrs, filter",
    ),
    "thresholds_in_their_units": (
        "  filter:\n    error_mode: ignore\n    metrics:\n      datapoint:\n"
        "        - 'metric.name == \"process.cpu.utilization\" and value_double < 0.001'\n"
        "        - 'metric.name == \"process.memory.usage\" and value_int < 1048576'\n",
        "filter",
    ),
    "attribute_from_the_environment": (
        "  resource_detection:\n    detectors: [env]\n  filter:\n    error_mode: ignore\n    metrics:\n      metric:\n"
        '        - \'resource.attributes["k8s.node.name"] == "other"\'\n',
        "resource_detection, filter",
    ),
}


@pytest.mark.parametrize("name", sorted(RIGHT))
def test_a_right_config_that_looks_wrong_has_no_semantic_error(name: str) -> None:
    processors, chain = RIGHT[name]
    result = validate_config(_PROCESS_ONLY.format(processors=processors, chain=chain), run_otelcol=False)
    assert result.valid, [(i.code, i.path, i.message) for i in result.errors]
    assert not [i for i in result.warnings if i.tier == "semantic" and i.code != "semantic.no_reduction"]
