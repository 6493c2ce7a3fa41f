"""The differential proof: the same payload through the real collector and through the embedded
engine, and every difference between what comes out.

The config under test keeps its processors exactly; only its ends change. Receivers become one
`otlp` receiver (the payload is what the config's own hostmetrics receiver would emit for the
snapshot, posted as OTLP JSON), exporters become one `file` exporter (OTLP JSON). The collector is
stopped with SIGTERM after the post, so every processor, batch included, drains before the file is
read: no timing is involved.

Outputs are compared as series sets: resource attributes, scope, metric name and identity
(type, unit, temporality, monotonicity), datapoint attributes. Values must agree to 1e-9 relative,
start times exactly, and times exactly unless a statement set them (then both sides must have set
them: a time found in no input point is compared as `set`).

The templates align grouped points with `set(time, TruncateTime(Now(), Duration("1s")))`. When a run
happens to cross a second boundary while it processes the batch, the real collector (and the engine,
at another moment) puts one group's points on two timestamps, so the two runs cannot be compared
point for point. Such a run shows more than one set time; it is repeated (at most
`MAX_ATTEMPTS` times) rather than reported as a difference.
"""

from __future__ import annotations

import copy
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

from app.core import safe_yaml
from app.engine.pdata import MetricsBatch, NumberDataPoint, attributes_key
from app.engine.pipeline import compile_pipeline
from app.engine.scraper.receiver_view import receiver_view
from app.otelcol.process import CollectorProcess, free_port

RELATIVE_TOLERANCE = 1e-9
MAX_ATTEMPTS = 3
_DIFF_EXPORTER = "file/differential"


@dataclass
class Difference:
    """One disagreement between the collector and the engine."""

    kind: str  # only_in_collector | only_in_engine | metric_identity | points
    series: str
    detail: str = ""


@dataclass
class DifferentialResult:
    collector: str
    payload: MetricsBatch
    collector_output: MetricsBatch
    engine_output: MetricsBatch
    differences: list[Difference] = field(default_factory=list)
    collector_log: str = ""
    attempts: int = 1

    @property
    def equal(self) -> bool:
        return not self.differences


def harness_config(config_yaml: str, *, otlp_port: int, health_port: int, output_path: Path) -> str:
    """The config with its receivers and exporters swapped for an OTLP/HTTP input and a file output."""
    config = safe_yaml.load(config_yaml)
    config["receivers"] = {"otlp": {"protocols": {"http": {"endpoint": f"127.0.0.1:{otlp_port}"}}}}
    config["exporters"] = {_DIFF_EXPORTER: {"path": str(output_path), "format": "json"}}
    config["extensions"] = {"health_check": {"endpoint": f"127.0.0.1:{health_port}"}}
    service = config.setdefault("service", {})
    service["extensions"] = ["health_check"]
    service["telemetry"] = {"metrics": {"level": "none"}, "logs": {"level": "warn"}}
    for pipeline_id, pipeline in list(service.get("pipelines", {}).items()):
        if pipeline_id.partition("/")[0] != "metrics":
            del service["pipelines"][pipeline_id]
            continue
        pipeline["receivers"] = ["otlp"]
        pipeline["exporters"] = [_DIFF_EXPORTER]
    return yaml.safe_dump(config, sort_keys=False)


def receiver_payload(config_yaml: str, snapshot_batch: MetricsBatch) -> MetricsBatch:
    """What the config's hostmetrics receiver would emit for the snapshot (the engine's own view)."""
    pipeline = compile_pipeline(config_yaml)
    [receiver] = pipeline.receivers.values()  # Phoenix configs have one process receiver
    payload, _ = receiver_view(snapshot_batch, receiver.settings)
    return payload


def run_collector(binary: Path, config_yaml: str, payload: MetricsBatch) -> tuple[MetricsBatch, str, str]:
    """Post `payload` to the real collector running `config_yaml`'s processors; its exported output."""
    otlp_port, health_port = free_port(), free_port()
    process = CollectorProcess(binary, "", health_port=health_port)
    output_path = process.workdir / "output.json"
    process.config_yaml = harness_config(
        config_yaml, otlp_port=otlp_port, health_port=health_port, output_path=output_path
    )
    try:
        process.start()
        response = httpx.post(
            f"http://127.0.0.1:{otlp_port}/v1/metrics",
            content=json.dumps(payload.to_dict()),
            headers={"Content-Type": "application/json"},
            timeout=60.0,
        )
        response.raise_for_status()
        process.stop()
        output = MetricsBatch()
        if output_path.exists():
            for line in output_path.read_text().splitlines():
                if line.strip():
                    output.resource_metrics += MetricsBatch.from_dict(json.loads(line)).resource_metrics
        return output, process.collector, process.log_tail()
    finally:
        process.cleanup()


def run_engine(config_yaml: str, payload: MetricsBatch) -> MetricsBatch:
    run = compile_pipeline(config_yaml).run(payload)
    output = MetricsBatch()
    for batch in run.outputs.values():
        output.resource_metrics += batch.resource_metrics
    return output


def _points_by_series(batch: MetricsBatch, input_times: set[int]) -> dict[tuple, tuple[tuple, list[tuple]]]:
    """series key -> (metric identity, sorted points); a point is (start, time or 'set', value)."""
    series: dict[tuple, tuple[tuple, list[tuple]]] = {}
    for rm, sm, metric in batch.iter_metrics():
        identity = (metric.type, metric.unit, metric.aggregation_temporality, metric.is_monotonic)
        for dp in metric.data_points:
            key = (attributes_key(rm.resource.attributes), sm.scope_name, metric.name, attributes_key(dp.attributes))
            time_ = dp.time_unix_nano if dp.time_unix_nano in input_times else "set"
            value = dp.value if isinstance(dp, NumberDataPoint) else json.dumps(dp.body, sort_keys=True)
            entry = series.setdefault(key, (identity, []))
            entry[1].append((dp.start_time_unix_nano, time_, value))
    for _, points in series.values():
        points.sort(key=lambda p: (p[0], str(p[1]), str(p[2])))
    return series


def _same_value(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        if type(a) is not type(b):  # an int point and a double point are different OTLP values
            return False
        return math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE, abs_tol=0.0) or a == b
    return a == b


def _describe(key: tuple) -> str:
    resource, _scope, name, attributes = key
    short = {k: v for k, (_, v) in resource if k in ("process.pid", "process.executable.name", "phoenix.group")}
    return f"{name}{dict((k, v) for k, (_, v) in attributes)} on {short or dict(resource)}"


def compare(collector: MetricsBatch, engine: MetricsBatch, payload: MetricsBatch) -> list[Difference]:
    """Every difference between the two outputs of one payload."""
    input_times = {dp.time_unix_nano for _, _, m in payload.iter_metrics() for dp in m.data_points}
    ours, theirs = _points_by_series(engine, input_times), _points_by_series(collector, input_times)
    out = [Difference("only_in_collector", _describe(k)) for k in theirs.keys() - ours.keys()]
    out += [Difference("only_in_engine", _describe(k)) for k in ours.keys() - theirs.keys()]
    for key in theirs.keys() & ours.keys():
        (id_c, points_c), (id_e, points_e) = theirs[key], ours[key]
        if id_c != id_e:
            out.append(Difference("metric_identity", _describe(key), f"collector {id_c}, engine {id_e}"))
        same = len(points_c) == len(points_e) and all(
            pc[:2] == pe[:2] and _same_value(pc[2], pe[2]) for pc, pe in zip(points_c, points_e, strict=True)
        )
        if not same:
            out.append(Difference("points", _describe(key), f"collector {points_c[:3]}, engine {points_e[:3]}"))
    return sorted(out, key=lambda d: (d.kind, d.series))


def set_times(batch: MetricsBatch, payload: MetricsBatch) -> set[int]:
    """The distinct point times of `batch` that no input point has (times a statement set)."""
    input_times = {dp.time_unix_nano for _, _, m in payload.iter_metrics() for dp in m.data_points}
    return {dp.time_unix_nano for _, _, m in batch.iter_metrics() for dp in m.data_points} - input_times


def differential(binary: Path, config_yaml: str, snapshot_batch: MetricsBatch) -> DifferentialResult:
    """Run one config on one snapshot through both, and compare (see the module docstring for repeats)."""
    payload = receiver_payload(config_yaml, snapshot_batch)
    attempts = 0
    while True:
        attempts += 1
        collector_output, collector, log = run_collector(binary, config_yaml, copy.deepcopy(payload))
        engine_output = run_engine(config_yaml, copy.deepcopy(payload))
        straddled = len(set_times(collector_output, payload)) > 1 or len(set_times(engine_output, payload)) > 1
        if not straddled or attempts == MAX_ATTEMPTS:
            break
    differences = compare(collector_output, engine_output, payload)
    return DifferentialResult(collector, payload, collector_output, engine_output, differences, log, attempts=attempts)
