"""One regex dialect at every entry point: validate, preview, experiment create (critical patterns and
an OTTL pattern in a custom pipeline), render, and the engine.

Each case is a pattern, a name it matches in the collector (None for none) and a name it does not;
the verdicts are Go's (checked with Go 1.26's regexp). The backtracking cases run against a
50,000-character name (200 where a critical pattern must spell the name): with Python's `re` they
take minutes; with RE2 every entry point answers in well under a second on an idle machine. The
bound asserted is 10 s, so a busy CI machine cannot fail a request that includes the whole validator
(its behavioural run takes up to half a second) while backtracking still would. Patterns the collector
refuses are a 422 wherever a request carries them, never a 500.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import yaml

from app.engine.pdata import MetricsBatch
from app.engine.pipeline import compile_pipeline
from app.engine.snapshot import Snapshot
from app.pipelines.render import ottl_string, render_template
from tests.engine.builders import batch, process
from tests.experiment_bodies import experiment_body
from tests.pipelines.conftest import dev_settings  # noqa: F401  (autouse: catalog settings)

SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

API = "/api/v1"
EXECUTABLE = 'resource.attributes["process.executable.name"]'
FILLER = "kworker/0:1"  # matched by no case
LONG = "a" * 50_000
FAST = 10.0  # seconds: minutes for a backtracking matcher, milliseconds for RE2 (see the docstring)


@dataclass(frozen=True)
class Case:
    id: str
    pattern: str
    matching: str | None  # a name the collector's IsMatch matches
    other: str  # a name it does not match

    @property
    def short_other(self) -> str:
        """`other` as a critical pattern can spell it (at most 256 characters)."""
        return self.other[:200]


CASES = [
    Case("case-folding", "(?i)NGINX", "nginx", "apache2"),
    Case("posix-class", "^[[:alpha:]]+d$", "sshd", "sshd2"),
    Case("unicode-letter", r"^\p{L}+$", "nginx", "php-fpm"),
    Case("loose-unicode-name", r"^\p{letter}+-\p{Nd}$", "ledger-7", "ledger-x"),  # Go 1.25+ spelling
    Case("nested-quantifier", "(a+)+b", None, LONG),
    Case("overlapping-alternation", "(a|aa)+b", None, LONG),
]
REFUSED = ["a**", "a*+", "a{1001}", "(a{500}){500}", r"\C", "(?P<é>x)", "(?=x)y"]


def _config(pattern: str, *, drop: bool = False) -> str:
    """A config whose only OTTL is `IsMatch(executable name, pattern)`: a filter that drops what it
    matches, or a transform that marks it with `phoenix.hit`."""
    condition = f"IsMatch({EXECUTABLE}, {ottl_string(pattern)})"
    if drop:
        step: dict[str, Any] = {"filter/drop": {"error_mode": "ignore", "metrics": {"metric": [condition]}}}
    else:
        statement = f'set(resource.attributes["phoenix.hit"], true) where {condition}'
        step = {
            "transform/mark": {
                "error_mode": "ignore",
                "metric_statements": [{"context": "resource", "statements": [statement]}],
            }
        }
    processors = {
        "memory_limiter": {"check_interval": "1s", "limit_percentage": 80, "spike_limit_percentage": 20},
        **step,
        "batch": {},
    }
    config = {
        "receivers": {"hostmetrics": {"scrapers": {"process": {"mute_process_all_errors": True}}}},
        "processors": processors,
        "exporters": {"debug": {}},
        "service": {
            "pipelines": {
                "metrics": {"receivers": ["hostmetrics"], "processors": list(processors), "exporters": ["debug"]}
            }
        },
    }
    return yaml.safe_dump(config, sort_keys=False)


def _processes(case: Case) -> MetricsBatch:
    names = [n for n in (case.matching, case.other, FILLER) if n is not None]
    return batch(*[process(100 + i, name) for i, name in enumerate(names)])


def _names(output: MetricsBatch, attribute: str, value: object) -> set[str]:
    return {
        rm.resource.attributes["process.executable.name"]
        for rm in output.resource_metrics
        if rm.resource.attributes.get(attribute) == value
    }


def _expected(case: Case) -> set[str]:
    return {case.matching} if case.matching else set()


@pytest.fixture(autouse=True)
def _no_collector_subprocess(monkeypatch: pytest.MonkeyPatch) -> None:
    """What is timed is Phoenix's own work: the real collector's `validate` subprocess is left out."""
    monkeypatch.setattr("app.validation.otelcol.configured_binary", lambda *args, **kwargs: None)


async def _timed(request: Any) -> tuple[httpx.Response, float]:
    start = time.perf_counter()
    response = await request
    return response, time.perf_counter() - start


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_engine_runs_ismatch_as_the_collector(case: Case) -> None:
    start = time.perf_counter()
    run = compile_pipeline(_config(case.pattern)).run(_processes(case))
    assert time.perf_counter() - start < FAST
    assert _names(run.output, "phoenix.hit", True) == _expected(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rendered_template_keeps_what_the_pattern_matches(case: Case) -> None:
    start = time.perf_counter()
    rendered = render_template("process-priority-filter-v1", {"critical_processes": [case.pattern]})
    run = compile_pipeline(rendered.config_yaml).run(_processes(case))
    assert time.perf_counter() - start < FAST
    assert _names(run.output, "phoenix.priority", "critical") == _expected(case)


@SQLITE
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
async def test_validate_guards_exactly_the_names_the_pattern_matches(
    case: Case, client: httpx.AsyncClient, admin_headers: dict
) -> None:
    names = [n for n in (case.matching, case.short_other) if n]
    body = {"config_yaml": _config(case.pattern, drop=True), "critical_processes": [f"^{n}$" for n in names]}
    response, elapsed = await _timed(client.post(f"{API}/pipelines/validate", json=body, headers=admin_headers))
    assert response.status_code == 200, response.text
    assert elapsed < FAST
    flagged = [e["message"] for e in response.json()["errors"] if "drops critical processes" in e["message"]]
    for name in names:
        assert any(repr(name) in m for m in flagged) is (name == case.matching), flagged
    as_critical = {"config_yaml": _config("x"), "critical_processes": [case.pattern]}
    response, elapsed = await _timed(client.post(f"{API}/pipelines/validate", json=as_critical, headers=admin_headers))
    assert response.status_code == 200, response.text
    assert elapsed < FAST


@SQLITE
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
async def test_preview_counts_and_keeps_the_critical_processes(
    case: Case, client: httpx.AsyncClient, admin_headers: dict
) -> None:
    snapshot = Snapshot(_processes(case), "host-1", 0.0, "file").to_dict()
    body = {
        "template": "process-priority-filter-v1",
        "parameters": {"critical_processes": [case.pattern]},  # what the rendered config keeps
        "critical_processes": [case.pattern],  # what the KPIs count as critical
        "snapshot": {"kind": "inline", "data": snapshot},
    }
    response, elapsed = await _timed(client.post(f"{API}/pipelines/preview", json=body, headers=admin_headers))
    assert response.status_code == 200, response.text
    assert elapsed < FAST
    kpis = response.json()["kpis"]
    assert kpis["critical_processes_on_host"] == len(_expected(case))
    assert kpis["critical_retention"] == 1.0


@SQLITE
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
async def test_experiment_create_accepts_the_collector_s_patterns(
    case: Case, client: httpx.AsyncClient, admin_headers: dict
) -> None:
    pipeline = {"name": f"mark-{case.id}", "config_yaml": _config(case.pattern)}
    saved, elapsed = await _timed(client.post(f"{API}/pipelines", json=pipeline, headers=admin_headers))
    assert saved.status_code == 201, saved.text
    assert elapsed < FAST
    body = experiment_body(
        name=f"re-{case.id}", critical_processes=[case.pattern], candidate={"pipeline_id": saved.json()["id"]}
    )
    created, elapsed = await _timed(client.post(f"{API}/experiments", json=body, headers=admin_headers))
    assert created.status_code == 201, created.text
    assert elapsed < FAST
    assert created.json()["critical_processes"] == [case.pattern]


@SQLITE
@pytest.mark.parametrize("pattern", REFUSED)
async def test_patterns_the_collector_refuses_are_422_everywhere(
    pattern: str, client: httpx.AsyncClient, admin_headers: dict
) -> None:
    requests = [
        (f"{API}/pipelines/validate", {"config_yaml": _config("x"), "critical_processes": [pattern]}),
        (f"{API}/pipelines/preview", {"template": "process-topk-v1", "critical_processes": [pattern]}),
        (f"{API}/pipelines/render", {"template": "process-topk-v1", "parameters": {"critical_processes": [pattern]}}),
        (f"{API}/experiments", experiment_body(name="refused", critical_processes=[pattern])),
        (f"{API}/pipelines", {"name": "refused", "config_yaml": _config(pattern)}),
    ]
    for url, body in requests:
        response = await client.post(url, json=body, headers=admin_headers)
        assert response.status_code == 422, (url, response.text)
        assert "is not a valid RE2 (Go regexp) pattern" in response.text, (url, response.text)
    # in a config under validation, the same pattern is a finding of a 200, with its place
    report = await client.post(
        f"{API}/pipelines/validate", json={"config_yaml": _config(pattern)}, headers=admin_headers
    )
    assert report.status_code == 200 and not report.json()["valid"]
    assert any("is not a valid RE2" in e["message"] for e in report.json()["errors"]), report.text


@SQLITE
async def test_a_pattern_phoenix_cannot_evaluate_is_422_as_a_critical_pattern_and_loads_in_a_config(
    client: httpx.AsyncClient, admin_headers: dict
) -> None:
    pattern = r"\pL{1000}"  # the collector compiles it; C++ RE2 exceeds its memory budget
    response = await client.post(
        f"{API}/pipelines/preview",
        json={"template": "process-topk-v1", "critical_processes": [pattern]},
        headers=admin_headers,
    )
    assert response.status_code == 422 and "Phoenix cannot evaluate it" in response.text
    report = await client.post(
        f"{API}/pipelines/validate", json={"config_yaml": _config(pattern)}, headers=admin_headers
    )
    assert report.status_code == 200 and report.json()["valid"], report.text
