"""The config a variant's collector actually runs on this host: the variant's own, measured.

Its receivers and processors stay exactly as written. What changes:
- every exporter is replaced by one `otlp_http` exporter that sends the output (protobuf, the
  default gzip compression, as an OTLP backend would get it) to Phoenix's sink, so nothing leaves
  the host and every exported data point is counted;
- one extra pipeline, `metrics/phoenix_input`, takes the same receivers with no processors and sends
  what they scraped (uncompressed) to the sink: input and output of the *same* scrape, which critical
  retention and fidelity need. It costs the collector a second export of the raw scrape, included in
  the CPU and memory Phoenix reports (bench/measurement_overhead.py measures how much);
- every listening port moves to a free loopback port (health_check, internal telemetry, receivers
  with endpoints), so two variants can run side by side; extensions other than health_check go.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from app.core import safe_yaml
from app.engine.components.common import go_duration_seconds
from app.otelcol.process import free_port

OUTPUT_EXPORTER = "otlp_http/phoenix_output"
INPUT_EXPORTER = "otlp_http/phoenix_input"
INPUT_PIPELINE = "metrics/phoenix_input"
HEALTH_CHECK = "health_check"
# The shortest interval at which scrapes can be told apart: a statement such as
# `set(time, TruncateTime(Now(), Duration("1s")))` moves a point up to a second before its scrape.
MIN_COLLECTION_INTERVAL_S = 2.0
DEFAULT_BATCH_TIMEOUT_S = 0.2  # the batch processor's default `timeout`
DEFAULT_COLLECTION_INTERVAL_S = 60.0  # the scraper controller's default


class UnmeasurableConfig(ValueError):
    """A config the collector runtime cannot measure (no metrics pipeline, a too-short interval)."""


@dataclass(frozen=True)
class MeasuredConfig:
    yaml: str
    health_port: int
    collection_interval_s: float
    # How long after a scrape arrives its output may still be on the way (batch timeouts + slack).
    flush_window_s: float


def _duration(value: Any, default: float) -> float:
    if value is None:
        return default
    return go_duration_seconds(str(value))


def _metrics_pipelines(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    pipelines = (config.get("service") or {}).get("pipelines") or {}
    return {pid: body for pid, body in pipelines.items() if str(pid).partition("/")[0] == "metrics"}


def _rebind_receivers(receivers: dict[str, Any]) -> None:
    for body in receivers.values():
        for protocol in ((body or {}).get("protocols") or {}).values():
            if isinstance(protocol, dict):
                protocol["endpoint"] = f"127.0.0.1:{free_port()}"


def _rebind_telemetry(service: dict[str, Any]) -> None:
    metrics = (service.get("telemetry") or {}).get("metrics") or {}
    for reader in metrics.get("readers") or []:
        prometheus = (((reader or {}).get("pull") or {}).get("exporter") or {}).get("prometheus")
        if isinstance(prometheus, dict):
            prometheus.update(host="127.0.0.1", port=free_port())


def _exporter(endpoint: str, *, compression: str) -> dict[str, Any]:
    """An exporter to the sink that sends each batch once, in order, one at a time. The defaults
    (ten concurrent senders, retries on timeout) would, on a busy host where the sink falls behind,
    send the same scrape again and again: duplicated points in the figures and a growing pile of
    requests in Phoenix. A batch the sink cannot take is lost and its scrape reports nothing."""
    return {
        "metrics_endpoint": endpoint,
        "compression": compression,
        "encoding": "proto",
        "timeout": "30s",
        "retry_on_failure": {"enabled": False},
        "sending_queue": {"enabled": True, "num_consumers": 1, "queue_size": 20},
    }


def measured_config(config_yaml: str, *, sink_url: str) -> MeasuredConfig:
    """The variant's config rewired to Phoenix's sink at `sink_url` (`.../output` and `.../input`)."""
    try:
        config = safe_yaml.load(config_yaml)
    except safe_yaml.SafeYamlError as exc:
        raise UnmeasurableConfig(f"the config is not usable YAML: {exc}") from None
    if not isinstance(config, dict):
        raise UnmeasurableConfig("the config is not a YAML mapping")
    pipelines = _metrics_pipelines(config)
    if not pipelines:
        raise UnmeasurableConfig("the config has no metrics pipeline")
    receivers = config.get("receivers") or {}
    intervals = [
        _duration((receivers.get(r) or {}).get("collection_interval"), DEFAULT_COLLECTION_INTERVAL_S)
        for body in pipelines.values()
        for r in body.get("receivers") or []
        if (receivers.get(r) or {}).get("scrapers") is not None
    ]
    interval = min(intervals) if intervals else DEFAULT_COLLECTION_INTERVAL_S
    if interval < MIN_COLLECTION_INTERVAL_S:
        raise UnmeasurableConfig(
            f"collection_interval {interval:g}s is shorter than {MIN_COLLECTION_INTERVAL_S:g}s: the collector "
            "runtime measures one scrape at a time and cannot tell such scrapes apart"
        )
    batch_timeouts = [
        _duration((body or {}).get("timeout"), DEFAULT_BATCH_TIMEOUT_S)
        for pid, body in (config.get("processors") or {}).items()
        if str(pid).partition("/")[0] == "batch"
    ]

    _rebind_receivers(receivers)
    config["exporters"] = {
        OUTPUT_EXPORTER: _exporter(f"{sink_url}/output", compression="gzip"),
        INPUT_EXPORTER: _exporter(f"{sink_url}/input", compression="none"),
    }
    health_port = free_port()
    config["extensions"] = {HEALTH_CHECK: {"endpoint": f"127.0.0.1:{health_port}", "path": "/"}}
    service = config.setdefault("service", {})
    service["extensions"] = [HEALTH_CHECK]
    _rebind_telemetry(service)
    inputs: list[str] = []
    for body in pipelines.values():
        body["exporters"] = [OUTPUT_EXPORTER]
        inputs += [r for r in body.get("receivers") or [] if r not in inputs]
    service["pipelines"] = {
        **pipelines,
        INPUT_PIPELINE: {"receivers": inputs, "processors": [], "exporters": [INPUT_EXPORTER]},
    }
    return MeasuredConfig(
        yaml=yaml.safe_dump(config, sort_keys=False),
        health_port=health_port,
        collection_interval_s=interval,
        flush_window_s=sum(batch_timeouts) + 2.0,
    )
