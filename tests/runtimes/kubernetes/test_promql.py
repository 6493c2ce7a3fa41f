"""The PromQL builders: literal escaping and pattern anchoring checked by the real engine, and the
collection interval the KPI source reads from a variant's config."""

from __future__ import annotations

import pytest

from app.pipelines.render import render_template
from app.runtimes.kubernetes import promql
from app.runtimes.kubernetes.prometheus import PrometheusClient, Vector
from app.runtimes.kubernetes.prometheus_kpis import DEFAULT_COLLECTION_INTERVAL_S, collection_interval_s
from app.runtimes.kubernetes.promql import Scope


def test_string_literals_escape_quotes_backslashes_and_newlines() -> None:
    assert promql.string_literal('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'
    assert promql.any_of(["postgres", "python[0-9.]*"]) == "(?:postgres)|(?:python[0-9.]*)"


def test_scopes_select_one_experiment_or_all() -> None:
    assert Scope("checkout").process('process_pid!=""') == (
        '{__name__=~"process_.+",phoenix_experiment="checkout",process_pid!=""}'
    )
    assert Scope().telemetry(promql.COLLECTOR_RSS) == 'otelcol_process_memory_rss{phoenix_io_experiment!=""}'


async def _distinct(server_url: str, patterns: list[str]) -> dict[str, float]:
    client = PrometheusClient(server_url)
    answer = await client.query(promql.distinct_processes(Scope("checkout"), patterns))
    await client.close()
    assert isinstance(answer, Vector), answer
    return {s.labels["phoenix_variant"]: s.value for s in answer.samples}


async def test_patterns_are_anchored_and_escaped_as_re2(fleet_prometheus) -> None:  # type: ignore[no-untyped-def]
    # python3 (node-b) and python3.11 (node-a); the candidate lost node-b's.
    assert await _distinct(fleet_prometheus.url, [r"python\d(\.\d+)?"]) == {"baseline": 2.0, "candidate": 1.0}
    # Anchored at both ends, like the templates' ^(...)$: "postgre" and "ostgres" match nothing.
    assert await _distinct(fleet_prometheus.url, ["postgre", "ostgres"]) == {}
    # Two pids 101 on different hosts are two processes; postgres has 2 on node-a and 1 on node-b.
    assert await _distinct(fleet_prometheus.url, ["postgres"]) == {"baseline": 3.0, "candidate": 3.0}
    # A quote in a pattern stays inside the string literal.
    assert await _distinct(fleet_prometheus.url, ['no"such']) == {}


def test_collection_interval_comes_from_the_hostmetrics_receiver() -> None:
    rendered = render_template("process-topk-v1", {"collection_interval": "30s"})
    assert collection_interval_s(rendered.config_yaml) == 30.0
    two = (
        "receivers:\n  hostmetrics:\n    collection_interval: 1m\n  hostmetrics/fast:\n    collection_interval: 500ms\n"
    )
    assert collection_interval_s(two) == 0.5
    assert collection_interval_s("receivers:\n  hostmetrics: {}\n") == 60.0
    for broken in ("not: [yaml", "- a list", "receivers:\n  hostmetrics:\n    collection_interval: soon\n"):
        assert collection_interval_s(broken) == DEFAULT_COLLECTION_INTERVAL_S


@pytest.mark.parametrize("name", sorted(promql.recording_rules()))
def test_recording_rules_are_single_expressions(name: str) -> None:
    expr = promql.recording_rules()[name]
    assert "\n" not in expr and expr.count("(") == expr.count(")")
