"""The critical matcher agrees with the real collector on a sample of tricky patterns and names.

Two runs of the bundled collector (and of the engine beside it, through the differential harness):
one transform marks, per pattern, the processes whose name IsMatch matches with the regex the
templates render for that pattern; one priority-filter config keeps the critical processes of the
whole list. What the collector marks and keeps is what `app.engine.critical` says.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from app.engine.critical import critical_matcher, critical_regex
from app.engine.pdata import MetricsBatch
from app.otelcol.differential import differential
from app.pipelines.render import ottl_string, render_template
from tests.engine.builders import batch, process

PATTERNS = [
    "(?i)NGINX",
    "^postgres",
    "^postgres$",
    "^[[:alpha:]]+d$",
    r"^\p{L}+$",
    r"\p{Greek}",
    r"^\p{letter}+-\p{Nd}$",  # Go 1.25+ loose class names, rewritten for C++ RE2
    "(?i)^kubelet$",  # simple case folding: the Kelvin sign is a K
    "^python[0-9.]*$",
    "java|node",  # an alternation stays one alternative of the list
    r"^\Qphp-fpm.\E",
    r"^\d+$",
    "(a+)+b",
    r"\bsh\b",
    r"\p{C}",  # Go's C includes unassigned code points
    "[[:^alpha:]]$",
]
NAMES = [
    "nginx",
    "NGINX-exporter",
    "postgres",
    "postgres15",
    "mypostgres",
    "sshd",
    "sshd2",
    "café",
    "\u03b1\u03b2\u03b3",
    "ledger-7",
    "ledger-x",
    "\u212aubelet",
    "kubelet",
    "python3.11",
    "python3-venv",
    "php-fpm.8",
    "php-fpmX8",
    "12345",
    "a" * 40,
    "bash",
    "sh",
    "x\u0378",
    "node_exporter",
    "javac",
]
EXECUTABLE = 'resource.attributes["process.executable.name"]'


def _population() -> MetricsBatch:
    return batch(*[process(100 + i, name) for i, name in enumerate(NAMES)])


def _marking_config() -> str:
    statements = [
        f'set(resource.attributes["phoenix.hit.{i}"], true) where IsMatch({EXECUTABLE}, '
        f"{ottl_string(critical_regex([pattern]))})"
        for i, pattern in enumerate(PATTERNS)
    ]
    processors = {
        "transform/mark": {
            "error_mode": "ignore",
            "metric_statements": [{"context": "resource", "statements": statements}],
        }
    }
    config = {
        "receivers": {"hostmetrics": {"scrapers": {"process": {"mute_process_all_errors": True}}}},
        "processors": processors,
        "exporters": {"debug": {}},
        "service": {
            "pipelines": {
                "metrics": {"receivers": ["hostmetrics"], "processors": ["transform/mark"], "exporters": ["debug"]}
            }
        },
    }
    return yaml.safe_dump(config, sort_keys=False)


def _by_name(output: MetricsBatch) -> dict[str, dict]:
    return {rm.resource.attributes["process.executable.name"]: rm.resource.attributes for rm in output.resource_metrics}


def test_ismatch_of_each_rendered_pattern_is_the_matcher_s_verdict(otelcol_bin: Path) -> None:
    result = differential(otelcol_bin, _marking_config(), _population())
    assert result.differences == [], result.differences[:10]
    collector = _by_name(result.collector_output)
    assert set(collector) == set(NAMES)
    disagreements = [
        (pattern, name)
        for i, pattern in enumerate(PATTERNS)
        for name in NAMES
        if (collector[name].get(f"phoenix.hit.{i}") is True) != critical_matcher([pattern])(name)
    ]
    assert disagreements == []
    assert any(collector[name].get(f"phoenix.hit.{i}") for i in range(len(PATTERNS)) for name in NAMES)


def test_the_priority_filter_keeps_exactly_the_critical_processes(otelcol_bin: Path) -> None:
    parameters = {"critical_processes": PATTERNS, "high_priority_processes": []}
    result = differential(
        otelcol_bin, render_template("process-priority-filter-v1", parameters).config_yaml, _population()
    )
    assert result.differences == [], result.differences[:10]
    kept = {n for n, attributes in _by_name(result.collector_output).items() if "process.pid" in attributes}
    is_critical = critical_matcher(PATTERNS)
    assert kept == {n for n in NAMES if is_critical(n)}
    assert set(NAMES) - kept  # not vacuous: some processes are dropped
