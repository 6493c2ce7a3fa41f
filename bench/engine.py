"""Cost of the embedded engine: live scrape vs evaluating every catalog template on 2,000 processes.

Prints the time to scrape this host (a priming scrape, then the measured ones), the evaluation time
of each template on a seeded 2,000-process high-cardinality snapshot (median of `--repeat` runs,
wall and CPU), data points processed per second, and the ratio evaluation / scrape. The goal is that
evaluating a pipeline costs less than the scrape it follows. With `--spawn N` the host first gets N
extra idle processes (`sleep`, in their own process group, killed at the end), so the scrape is of
a host as busy as the snapshot; without it the per-process scrape cost is extrapolated to 2,000.
Asserts nothing.

    .venv/bin/python bench/engine.py [--spawn 2000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PHOENIX_ENV", "dev")

from app.engine.pipeline import compile_pipeline  # noqa: E402
from app.engine.scraper.process_scraper import ProcessScraper  # noqa: E402
from app.engine.scraper.settings import ScraperSettings  # noqa: E402
from app.pipelines.render import render_template  # noqa: E402
from app.simulation.profiles import get_profile  # noqa: E402
from app.simulation.snapshots import synthesize_snapshot  # noqa: E402

TEMPLATES = ("baseline", "priority-filter", "aggregated", "topk", "adaptive", "aggressive", "dynamic")
SNAPSHOT_PROCESSES = 2000


def spawn_idle(count: int) -> subprocess.Popen | None:
    """`count` sleeping processes under one shell in a new process group (one killpg ends them all)."""
    if count <= 0:
        return None
    script = f"for i in $(seq {count}); do sleep 600 & done; wait"
    shell = subprocess.Popen(["sh", "-c", script], start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and len(_children(shell.pid)) < count:
        time.sleep(0.2)
    return shell


def _children(pid: int) -> list[int]:
    try:
        import psutil

        return [c.pid for c in psutil.Process(pid).children()]
    except Exception:
        return []


def measure_scrape(repeat: int) -> tuple[float, int]:
    scraper = ProcessScraper(ScraperSettings.for_snapshot())
    scraper.scrape()  # priming: cpu.utilization needs a previous reading
    times, processes = [], 0
    for _ in range(repeat):
        result = scraper.scrape()
        times.append(result.report.duration_s)
        processes = result.report.processes_emitted
    return statistics.median(times), processes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--spawn", type=int, default=0, help="extra idle processes to start before scraping")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    shell = spawn_idle(args.spawn)
    try:
        scrape_s, processes = measure_scrape(args.repeat)
    finally:
        if shell is not None:
            os.killpg(shell.pid, signal.SIGKILL)
            shell.wait()
    per_process = scrape_s / max(processes, 1)
    scrape_2000 = scrape_s if args.spawn and processes >= SNAPSHOT_PROCESSES else per_process * SNAPSHOT_PROCESSES
    print(
        f"live scrape of this host: {processes} processes in {scrape_s * 1000:.1f} ms "
        f"({per_process * 1e6:.0f} us/process)"
    )
    basis = "measured" if args.spawn and processes >= SNAPSHOT_PROCESSES else "extrapolated"
    print(f"scrape of {SNAPSHOT_PROCESSES} processes ({basis}): {scrape_2000 * 1000:.1f} ms\n")

    snapshot = synthesize_snapshot(get_profile("high-cardinality", process_count=SNAPSHOT_PROCESSES, seed=7))
    points = snapshot.batch.data_point_count()
    print(
        f"snapshot: {snapshot.process_count()} processes, {points} data points, "
        f"{snapshot.batch.series_count()} series\n"
    )
    print(f"{'template':18} {'wall ms':>9} {'cpu ms':>9} {'points/s':>11} {'out series':>11} {'eval/scrape':>12}")
    for template in TEMPLATES:
        pipeline = compile_pipeline(render_template(f"process-{template}-v1").config_yaml)
        pipeline.run(snapshot)  # warm-up
        runs = [pipeline.run(snapshot) for _ in range(args.repeat)]
        wall = statistics.median(r.wall_seconds for r in runs)
        cpu = statistics.median(r.cpu_seconds for r in runs)
        print(
            f"{template:18} {wall * 1000:9.1f} {cpu * 1000:9.1f} {points / wall:11.0f} "
            f"{runs[-1].output.series_count():11d} {wall / scrape_2000:12.2f}"
        )


if __name__ == "__main__":
    main()
