"""The real collector's cost beside the embedded engine's, on the same work.

1. Same snapshot: a seeded high-cardinality snapshot (2,000 processes) is posted `--repeat` times as
   OTLP/JSON to otelcol-phoenix running a template's processors (debug exporter, basic verbosity);
   its CPU per payload is read from the collector process (psutil). The engine runs the same
   template on the same payload. The collector's figure includes decoding OTLP/JSON, which a real
   scrape does not pay, so it is an upper bound of its processing cost.
2. Live: otelcol-phoenix scrapes this host every second with the template (debug exporter) for
   `--seconds`; CPU per scrape and peak RSS come from the process. The engine scrapes and processes
   the same way (`run_live`), timed with process CPU time. Memory is not like for like: the
   collector's is its whole RSS (Go runtime included), the engine's the peak of what one run
   allocates (tracemalloc), on top of Phoenix's own process.

Prints a table and the ratios collector / engine; writes bench/results/collector.json.
Asserts nothing.

    .venv/bin/python bench/collector.py [--repeat 10] [--seconds 10] [--templates baseline,topk]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PHOENIX_ENV", "dev")

import httpx  # noqa: E402
import psutil  # noqa: E402
import yaml  # noqa: E402

from app.engine.pipeline import compile_pipeline  # noqa: E402
from app.otelcol.binary import BUNDLED_BINARY, binary_version, configured_binary  # noqa: E402
from app.otelcol.differential import harness_config, receiver_payload  # noqa: E402
from app.otelcol.process import CollectorProcess, free_port  # noqa: E402
from app.pipelines.render import render_template  # noqa: E402
from app.simulation.profiles import get_profile  # noqa: E402
from app.simulation.snapshots import synthesize_snapshot  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "collector.json"
MIB = 2**20


def _cpu_s(pid: int) -> float:
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def _with_debug_exporter(config_yaml: str) -> str:
    config = yaml.safe_load(config_yaml)
    config["exporters"] = {"debug": {"verbosity": "basic"}}
    for pipeline in config["service"]["pipelines"].values():
        pipeline["exporters"] = ["debug"]
    return yaml.safe_dump(config, sort_keys=False)


def same_snapshot(binary: Path, template: str, payload_json: str, payload, repeat: int) -> dict:  # type: ignore[no-untyped-def]
    config = render_template(template).config_yaml
    otlp_port, health_port = free_port(), free_port()
    swapped = yaml.safe_load(
        harness_config(config, otlp_port=otlp_port, health_port=health_port, output_path=Path("/dev/null"))
    )
    swapped["exporters"] = {"debug": {"verbosity": "basic"}}
    for pipeline in swapped["service"]["pipelines"].values():
        pipeline["exporters"] = ["debug"]
    with CollectorProcess(binary, yaml.safe_dump(swapped), health_port=health_port) as process:
        assert process.process is not None
        pid = process.process.pid
        with httpx.Client(timeout=60) as client:
            url = f"http://127.0.0.1:{otlp_port}/v1/metrics"
            client.post(url, content=payload_json, headers={"Content-Type": "application/json"})  # warm-up
            before = _cpu_s(pid)
            for _ in range(repeat):
                client.post(url, content=payload_json, headers={"Content-Type": "application/json"})
            collector_cpu = (_cpu_s(pid) - before) / repeat
        collector_rss = psutil.Process(pid).memory_info().rss
    pipeline = compile_pipeline(config)
    pipeline.run(payload)  # warm-up (compiles OTTL, fills caches)
    # Timed without tracemalloc (it slows Python several-fold); the peak comes from one traced run.
    engine = statistics.median(pipeline.run(payload).cpu_seconds for _ in range(repeat))
    engine_peak = pipeline.run(payload, measure_memory=True).peak_memory_bytes or 0
    return {
        "collector_cpu_s": collector_cpu,
        "engine_cpu_s": engine,
        "ratio": collector_cpu / engine,
        "collector_rss_bytes": collector_rss,
        "engine_peak_bytes": engine_peak,
    }


def live(binary: Path, template: str, seconds: float) -> dict:
    config = yaml.safe_load(_with_debug_exporter(render_template(template).config_yaml))
    health_port = free_port()
    config["receivers"]["host_metrics"]["collection_interval"] = "1s"
    config["receivers"]["host_metrics"]["initial_delay"] = "0s"
    config["extensions"]["health_check"]["endpoint"] = f"127.0.0.1:{health_port}"
    config["service"]["telemetry"] = {"metrics": {"level": "none"}}
    peak_rss = 0
    with CollectorProcess(binary, yaml.safe_dump(config), health_port=health_port) as process:
        assert process.process is not None
        proc = psutil.Process(process.process.pid)
        time.sleep(1.5)  # start-up and the first scrape are not the steady state
        before, started = _cpu_s(proc.pid), time.monotonic()
        while time.monotonic() - started < seconds:
            peak_rss = max(peak_rss, proc.memory_info().rss)
            time.sleep(0.2)
        collector_cpu = (_cpu_s(proc.pid) - before) / (time.monotonic() - started)  # one scrape a second
    pipeline = compile_pipeline(_with_debug_exporter(render_template(template).config_yaml))
    pipeline.run_live()
    runs = [pipeline.run_live() for _ in range(int(seconds))]
    engine_cpu = statistics.median(r.cpu_seconds for r in runs)
    engine_peak = pipeline.run_live(measure_memory=True).peak_memory_bytes or 0
    processes = runs[-1].input.series_count()
    return {
        "collector_cpu_s_per_scrape": collector_cpu,
        "engine_cpu_s_per_scrape": engine_cpu,
        "ratio": collector_cpu / engine_cpu,
        "collector_peak_rss_bytes": peak_rss,
        "engine_peak_traced_bytes": engine_peak,
        "input_series": processes,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--templates", default="baseline,topk,aggressive")
    args = parser.parse_args()
    binary = configured_binary() or BUNDLED_BINARY
    collector = binary_version(binary)
    templates = [f"process-{t}-v1" for t in args.templates.split(",")]
    snapshot = synthesize_snapshot(get_profile("high-cardinality", process_count=2000))
    results: dict = {"collector": collector, "same_snapshot": {}, "live": {}}
    print(f"{collector} vs embedded engine; same snapshot: 2,000 processes, {args.repeat} payloads")
    print(f"{'template':28} {'collector CPU':>14} {'engine CPU':>11} {'ratio':>6} {'coll. RSS':>10} {'eng. peak':>10}")
    for template in templates:
        payload = receiver_payload(render_template(template).config_yaml, snapshot.batch)
        row = same_snapshot(binary, template, json.dumps(payload.to_dict()), payload, args.repeat)
        results["same_snapshot"][template] = row
        print(
            f"{template:28} {row['collector_cpu_s'] * 1000:11.1f} ms {row['engine_cpu_s'] * 1000:8.1f} ms "
            f"{row['ratio']:6.2f} {row['collector_rss_bytes'] / MIB:7.1f} MiB {row['engine_peak_bytes'] / MIB:7.1f} MiB"
        )
    print(f"\nlive, this host, one scrape a second for {args.seconds:.0f} s")
    print(f"{'template':28} {'collector CPU':>14} {'engine CPU':>11} {'ratio':>6} {'coll. RSS':>10} {'eng. peak':>10}")
    for template in templates:
        row = live(binary, template, args.seconds)
        results["live"][template] = row
        print(
            f"{template:28} {row['collector_cpu_s_per_scrape'] * 1000:11.1f} ms "
            f"{row['engine_cpu_s_per_scrape'] * 1000:8.1f} ms {row['ratio']:6.2f} "
            f"{row['collector_peak_rss_bytes'] / MIB:7.1f} MiB {row['engine_peak_traced_bytes'] / MIB:7.1f} MiB"
            f"  ({row['input_series']} input series)"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1))
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
