"""`make soak`: the tests that depend on wall-clock time or on real processes, run again and again
while a CPU hog keeps every core busy, to show they hold on a loaded machine (issue 13: 20 runs out
of 20). Not part of `make bench` (it takes a long time). Prints the pass count per run and writes
bench/results/soak.json.

    .venv/bin/python bench/_soak.py [--runs 20] [--hogs N (default: one per core)] [paths...]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "soak.json"

# Each of these waits on something physical: real collector processes, simulated process
# populations, a real PostgreSQL stopped and started, a server killed and restarted, wall-clock
# bounds on latency, the engine sampling live processes, a browser, a real Kubernetes control plane.
TIMING_DEPENDENT = [
    "tests/control/test_dynamic_control.py",
    "tests/control/test_control.py",
    "tests/experiments/test_experiment_flow.py",
    "tests/experiments/test_experiment_restart.py",
    "tests/runtimes/collector",
    "tests/simulation/test_churn.py",
    "tests/simulation/test_live_profiles.py",
    "tests/simulation/test_api.py",
    "tests/core/test_database_outage.py",
    "tests/core/test_workers.py",
    "tests/pipelines/test_preview_isolation.py",
    "tests/events/test_event_stream.py",
    "tests/otelcol/test_scraper_fidelity.py",
    "tests/engine/test_process_scraper.py",
    "tests/frontend",  # a browser against a live server, with bounded waits
    "tests/kube",  # a real control plane, collectors and Prometheus
]


def hog() -> None:
    """Spin forever: one core always busy, at the same priority as the tests."""
    while True:
        pass


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--hogs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("paths", nargs="*", default=TIMING_DEPENDENT)
    args = parser.parse_args()
    hogs = [multiprocessing.Process(target=hog, daemon=True) for _ in range(args.hogs)]
    for process in hogs:
        process.start()
    runs = []
    try:
        for run in range(1, args.runs + 1):
            started = time.monotonic()
            done = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args.paths],
                cwd=ROOT,
                env={**os.environ, "CI": "true"},
                capture_output=True,
                text=True,
                check=False,
            )
            summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-500:]
            counts = {k: int(v) for v, k in re.findall(r"(\d+) (passed|failed|errors?|skipped)", summary)}
            failures = [line for line in done.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
            runs.append(
                {"run": run, "exit_code": done.returncode, "seconds": round(time.monotonic() - started), **counts}
            )
            runs[-1]["failures"] = failures
            print(f"run {run:>2}/{args.runs}: {summary}  ({runs[-1]['seconds']} s)", flush=True)
            for line in failures:
                print(f"    {line}", flush=True)
    finally:
        for process in hogs:
            process.terminate()
    clean = sum(1 for r in runs if r["exit_code"] == 0)
    print(f"{clean} of {len(runs)} runs passed with {args.hogs} CPU hog(s) on {os.cpu_count()} core(s)")
    RESULTS.parent.mkdir(exist_ok=True)
    report = {"hogs": args.hogs, "cores": os.cpu_count(), "paths": args.paths, "clean_runs": clean, "runs": runs}
    RESULTS.write_text(json.dumps(report, indent=1))
    return 0 if clean == len(runs) else 1


if __name__ == "__main__":
    sys.exit(main())
