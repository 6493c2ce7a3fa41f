"""The config a variant's collector runs: receivers and processors untouched, ends rewired to Phoenix."""

from __future__ import annotations

import pytest
import yaml

from app.pipelines.render import render_template
from app.runtimes.collector.measured_config import (
    INPUT_EXPORTER,
    INPUT_PIPELINE,
    OUTPUT_EXPORTER,
    UnmeasurableConfig,
    measured_config,
)

SINK = "http://127.0.0.1:9/token"


def _topk(**parameters: object) -> str:
    return render_template("process-topk-v1", {"collection_interval": "10s", **parameters}).config_yaml


def test_processors_and_receivers_are_kept_and_exports_go_to_the_sink() -> None:
    original = yaml.safe_load(_topk())
    measured = measured_config(_topk(), sink_url=SINK)
    config = yaml.safe_load(measured.yaml)

    assert config["receivers"]["host_metrics"] == original["receivers"]["host_metrics"]
    assert config["processors"] == original["processors"]
    # Each batch sent once, in order, one at a time: no retry can duplicate a scrape's points.
    once = {
        "encoding": "proto",
        "timeout": "30s",
        "retry_on_failure": {"enabled": False},
        "sending_queue": {"enabled": True, "num_consumers": 1, "queue_size": 20},
    }
    assert config["exporters"] == {
        OUTPUT_EXPORTER: {"metrics_endpoint": f"{SINK}/output", "compression": "gzip", **once},
        INPUT_EXPORTER: {"metrics_endpoint": f"{SINK}/input", "compression": "none", **once},
    }
    pipelines = config["service"]["pipelines"]
    assert pipelines["metrics"]["processors"] == original["service"]["pipelines"]["metrics"]["processors"]
    assert pipelines["metrics"]["exporters"] == [OUTPUT_EXPORTER]
    assert pipelines[INPUT_PIPELINE] == {"receivers": ["host_metrics"], "processors": [], "exporters": [INPUT_EXPORTER]}
    assert measured.collection_interval_s == 10.0
    assert measured.flush_window_s == pytest.approx(5.0 + 2.0)  # the templates' batch timeout is 5s


def test_every_listening_port_moves_to_a_free_loopback_port() -> None:
    first, second = measured_config(_topk(), sink_url=SINK), measured_config(_topk(), sink_url=SINK)
    for measured in (first, second):
        config = yaml.safe_load(measured.yaml)
        assert config["extensions"] == {"health_check": {"endpoint": f"127.0.0.1:{measured.health_port}", "path": "/"}}
        reader = config["service"]["telemetry"]["metrics"]["readers"][0]["pull"]["exporter"]["prometheus"]
        assert reader["host"] == "127.0.0.1" and reader["port"] not in (8888, measured.health_port)
    assert first.health_port != second.health_port


def test_receiver_endpoints_are_rebound() -> None:
    config = yaml.safe_load(_topk())
    config["receivers"]["otlp"] = {"protocols": {"grpc": {"endpoint": "0.0.0.0:4317"}}}
    config["service"]["pipelines"]["metrics"]["receivers"].append("otlp")
    measured = yaml.safe_load(measured_config(yaml.safe_dump(config), sink_url=SINK).yaml)
    assert measured["receivers"]["otlp"]["protocols"]["grpc"]["endpoint"].startswith("127.0.0.1:")
    assert measured["service"]["pipelines"][INPUT_PIPELINE]["receivers"] == ["host_metrics", "otlp"]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda c: c["receivers"]["host_metrics"].update(collection_interval="1s"), "shorter than 2s"),
        (lambda c: c["service"].update(pipelines={}), "no metrics pipeline"),
    ],
)
def test_configs_that_cannot_be_measured_say_why(mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    config = yaml.safe_load(_topk())
    mutate(config)
    with pytest.raises(UnmeasurableConfig, match=message):
        measured_config(yaml.safe_dump(config), sink_url=SINK)
