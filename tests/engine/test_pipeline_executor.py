"""The executor builds the pipeline from the collector YAML itself, refuses what it cannot run by
name, keeps processor state across runs, records exporter input and drops payloads on errors."""

from __future__ import annotations

import textwrap

import pytest

from app.engine.errors import EngineError, EngineUnsupported
from app.engine.pipeline import compile_pipeline
from tests.engine.builders import NOW, batch, metric, process

BASE = """
receivers:
  hostmetrics:
    collection_interval: 10s
    scrapers:
      process:
        metrics:
          process.cpu.utilization: {{enabled: true}}
processors:
  batch: {{}}
{processors}
exporters:
  debug: {{}}
  otlp:
    endpoint: backend:4317
service:
  pipelines:
    metrics:
      receivers: [hostmetrics]
      processors: [{chain}]
      exporters: [debug, otlp]
"""


def _config(processors: str = "", chain: str = "batch") -> str:
    return BASE.format(processors=textwrap.indent(textwrap.dedent(processors), "  "), chain=chain)


def test_processors_run_in_the_configured_order_and_exporters_record_the_output() -> None:
    config = _config(
        """
        filter/bash:
          error_mode: ignore
          metrics:
            metric: ['resource.attributes["process.executable.name"] == "bash"']
        resource/tag:
          attributes: [{key: phoenix.variant, value: candidate, action: upsert}]
    """,
        chain="filter/bash, resource/tag, batch",
    )
    compiled = compile_pipeline(config)
    assert compiled.collection_interval_s == 10.0
    run = compiled.run(batch(process(1, "postgres"), process(2, "bash")))
    assert run.input.series_count() == 20 and run.output.series_count() == 10
    assert [rm.resource.attributes["phoenix.variant"] for rm in run.output.resource_metrics] == ["candidate"]
    assert len(run.exports["debug"]) == 1 and run.exports["otlp"][0] is run.exports["debug"][0]
    assert run.cpu_seconds >= 0 and run.wall_seconds > 0


def test_the_input_snapshot_is_never_modified() -> None:
    source = batch(process(1, "bash"))
    compile_pipeline(
        _config(
            """
        resource/x:
          attributes: [{key: process.pid, action: delete}]
    """,
            chain="resource/x",
        )
    ).run(source)
    assert source.resource_metrics[0].resource.attributes["process.pid"] == 1


def test_the_receiver_config_narrows_the_snapshot() -> None:
    config = _config().replace(
        "        metrics:\n", "        include: {names: [postgres], match_type: strict}\n        metrics:\n"
    )
    run = compile_pipeline(config).run(batch(process(1, "postgres"), process(2, "bash")))
    assert run.input.series_count() == 10 and len(run.output.resource_metrics) == 1


def test_a_filter_that_empties_the_payload_exports_nothing() -> None:
    run = compile_pipeline(
        _config(
            """
        filter/all:
          error_mode: ignore
          metrics: {metric: ["true"]}
    """,
            chain="filter/all, batch",
        )
    ).run(batch(process(1, "a")))
    assert run.output.resource_metrics == [] and run.exports["debug"] == [] and not run.errors


def test_a_processor_error_drops_the_payload_and_is_reported() -> None:
    run = compile_pipeline(
        _config(
            """
        transform/bad:
          error_mode: propagate
          metric_statements:
            - context: resource
              statements: ['set(resource.attributes["x"], resource.attributes["process.owner"]["y"])']
    """,
            chain="transform/bad",
        )
    ).run(batch(process(1, "a")))
    assert run.output.resource_metrics == [] and "transform/bad" in run.errors[0]


def test_state_is_kept_across_runs() -> None:
    compiled = compile_pipeline(
        _config(
            """
        cumulativetodelta:
          include: {metrics: [process.cpu.time], match_type: strict}
          initial_value: keep
    """,
            chain="cumulativetodelta",
        )
    )
    compiled.run(batch(process(1, "a", cpu=(1.0, 0.0, 0.0))))
    second = compiled.run(batch(process(1, "a", cpu=(3.0, 0.0, 0.0), time=NOW + 10**10)))
    user = {dp.attributes["state"]: dp.value for dp in metric(second.output, "process.cpu.time").data_points}["user"]
    assert user == 2.0


def test_now_is_pinned_for_one_payload() -> None:
    run = compile_pipeline(
        _config(
            """
        transform/time:
          error_mode: ignore
          metric_statements:
            - context: datapoint
              statements: ['set(time, Now())']
    """,
            chain="transform/time",
        )
    ).run(batch(*[process(i, "a") for i in range(200)]))
    assert len({dp.time_unix_nano for _, _, m in run.output.iter_metrics() for dp in m.data_points}) == 1


@pytest.mark.parametrize(
    ("processors", "chain", "component"),
    [
        ("k8sattributes: {}", "k8sattributes", "k8sattributes"),
        ("resourcedetection/cloud: {detectors: [gcp]}", "resourcedetection/cloud", "resourcedetection/cloud"),
        (
            """transform/x:
          metric_statements:
            - context: datapoint
              statements: ['set(attributes["b"], "x") where IsMatch(attributes["a"], "\\\\pL{1000}")']""",
            "transform/x",
            "transform/x",
        ),
    ],
)
def test_unsupported_components_are_refused_by_name(processors: str, chain: str, component: str) -> None:
    with pytest.raises(EngineUnsupported) as raised:
        compile_pipeline(_config(processors, chain=chain))
    assert raised.value.component == component


def test_receivers_other_than_the_process_scraper_are_refused() -> None:
    with pytest.raises(EngineUnsupported, match="hostmetrics"):
        compile_pipeline(_config().replace("      process:\n", "      cpu: {}\n      process:\n"))
    otlp = (
        _config()
        .replace("receivers: [hostmetrics]", "receivers: [otlp]")
        .replace("receivers:\n  hostmetrics:", "receivers:\n  otlp:\n    protocols: {grpc: {}}\n  hostmetrics:")
    )
    with pytest.raises(EngineUnsupported, match="otlp"):
        compile_pipeline(otlp)


def test_malformed_configs_are_engine_errors() -> None:
    with pytest.raises(EngineError, match="not defined"):
        compile_pipeline(_config(chain="filter/missing"))
    with pytest.raises(EngineError, match="no metrics pipeline"):
        compile_pipeline("service: {pipelines: {traces: {receivers: [otlp], exporters: [debug]}}}")
    with pytest.raises(EngineError, match="YAML"):
        compile_pipeline("a: [")
    with pytest.raises(EngineError, match="groupbyattrs"):
        compile_pipeline(_config("groupbyattrs: {keys: oops}", chain="groupbyattrs"))
