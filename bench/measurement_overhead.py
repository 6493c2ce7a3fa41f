"""What measuring a collector costs it: the local runtime's second pipeline (the raw scrape exported
to Phoenix, see app/runtimes/collector/measured_config.py) on and off.

A high-cardinality simulation of `--processes` real processes runs (0: the host as it is), and two
otelcol-phoenix processes run the same template side by side on this host for `--seconds`, both
exporting to Phoenix's sink: one with the measured config as the runtime runs it, one without the
input pipeline. CPU seconds per scrape and peak RSS (VmHWM) are read from each process. The
difference is what every figure the collector runtime reports includes on top of the variant's own
cost. Writes bench/results/measurement_overhead.json. Asserts nothing.

    .venv/bin/python bench/measurement_overhead.py [--seconds 30] [--interval 2] [--processes 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PHOENIX_ENV", "dev")

import psutil  # noqa: E402
import yaml  # noqa: E402

from app.otelcol.binary import BUNDLED_BINARY, binary_version, configured_binary  # noqa: E402
from app.otelcol.process import CollectorProcess  # noqa: E402
from app.pipelines.render import render_template  # noqa: E402
from app.runtimes.collector.measured_config import INPUT_EXPORTER, INPUT_PIPELINE, measured_config  # noqa: E402
from app.runtimes.collector.runtime import peak_rss_bytes  # noqa: E402
from app.runtimes.collector.scrapes import ScrapeRecorder  # noqa: E402
from app.runtimes.collector.sink import OtlpSink  # noqa: E402
from app.simulation.models import SimulationCreate  # noqa: E402
from app.simulation.service import SimulationManager  # noqa: E402
from app.simulation.settings import SimulationSettings  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "measurement_overhead.json"
MIB = 2**20


def _without_input(config_yaml: str) -> str:
    config = yaml.safe_load(config_yaml)
    del config["service"]["pipelines"][INPUT_PIPELINE]
    del config["exporters"][INPUT_EXPORTER]
    return yaml.safe_dump(config, sort_keys=False)


def _cpu_s(pid: int) -> float:
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


@contextmanager
def population(processes: int):  # type: ignore[no-untyped-def]
    """A running high-cardinality simulation of `processes` real processes (none for 0)."""
    if not processes:
        yield
        return
    with tempfile.TemporaryDirectory() as work_dir:
        manager = SimulationManager(SimulationSettings(work_dir=Path(work_dir), switch_owners=False))
        try:
            info = manager.start(SimulationCreate(profile="high-cardinality", process_count=processes, duration=3600))
            while manager.get(info.id).status == "starting":
                time.sleep(0.05)
            yield
        finally:
            manager.shutdown()


def compare(binary: Path, template: str, seconds: float, interval: int) -> dict:
    sink = OtlpSink()
    processes = {}
    try:
        for mode in ("measured", "unmeasured"):
            token, url = sink.new_route()
            measured = measured_config(
                render_template(template, {"collection_interval": f"{interval}s"}).config_yaml, sink_url=url
            )
            sink.register(token, ScrapeRecorder(collection_interval_s=interval, flush_window_s=measured.flush_window_s))
            text = measured.yaml if mode == "measured" else _without_input(measured.yaml)
            processes[mode] = CollectorProcess(binary, text, health_port=measured.health_port).start()
        time.sleep(interval)  # past start-up
        before = {mode: _cpu_s(p.pid) for mode, p in processes.items()}  # type: ignore[arg-type]
        time.sleep(seconds)
        scrapes = seconds / interval
        row = {}
        for mode, process in processes.items():
            row[mode] = {
                "cpu_ms_per_scrape": (_cpu_s(process.pid) - before[mode]) * 1000 / scrapes,  # type: ignore[arg-type]
                "peak_rss_mib": (peak_rss_bytes(process.pid) or 0) / MIB,  # type: ignore[arg-type]
            }
        row["cpu_overhead_ratio"] = row["measured"]["cpu_ms_per_scrape"] / max(
            row["unmeasured"]["cpu_ms_per_scrape"], 1e-9
        )
        row["processes_on_host"] = len(psutil.pids())
        return row
    finally:
        for process in processes.values():
            process.cleanup()
        sink.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--interval", type=int, default=2)
    parser.add_argument("--templates", default="baseline,topk")
    parser.add_argument("--processes", type=int, default=1000)
    args = parser.parse_args()
    binary = configured_binary() or BUNDLED_BINARY
    results = {"collector": binary_version(binary), "seconds": args.seconds, "interval_s": args.interval, "rows": {}}
    print(f"{results['collector']}, {args.seconds:.0f}s per template, one scrape every {args.interval}s")
    print("| template | processes | CPU ms/scrape measured | unmeasured | ratio | peak RSS MiB measured | unmeasured |")
    print("|---|---|---|---|---|---|---|")
    for short in args.templates.split(","):
        template = f"process-{short}-v1"
        with population(args.processes):
            row = results["rows"][template] = compare(binary, template, args.seconds, args.interval)
        m, u = row["measured"], row["unmeasured"]
        print(
            f"| {template} | {row['processes_on_host']} | {m['cpu_ms_per_scrape']:.1f} | {u['cpu_ms_per_scrape']:.1f} "
            f"| {row['cpu_overhead_ratio']:.2f} | {m['peak_rss_mib']:.0f} | {u['peak_rss_mib']:.0f} |"
        )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
