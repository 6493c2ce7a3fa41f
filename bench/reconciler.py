"""Reconcile ticks with N running experiments on a no-op runtime: the first tick (a fresh runtime
runs nothing, so every variant is applied again and its hash recorded), the steady ticks after it
(nothing to do), and the first tick after Phoenix restarts while the runtime still runs every
variant; their duration per experiment and how many SQL statements each issues.

The goal (issue 13): a tick with nothing to do costs at most ~100 us per running experiment, and
the first tick is no slower than twice the others. Prints one block per size and writes
bench/results/reconciler.json. Asserts nothing about the figures.

    .venv/bin/python bench/reconciler.py [--experiments 100 1000 10000] [--ticks 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PHOENIX_ENV", "dev")

from app.core import migrations  # noqa: E402
from app.core.config import Settings  # noqa: E402
from app.core.db import create_engine, create_sessionmaker  # noqa: E402
from app.core.heap import freeze_startup_heap  # noqa: E402
from app.core.jobs import JobContext  # noqa: E402
from app.core.leader import LeaderLock  # noqa: E402
from app.experiments.models import Experiment, FrozenVariant, FrozenVariants  # noqa: E402
from app.experiments.reconciler import Reconciler  # noqa: E402
from app.runtimes.base import (  # noqa: E402
    Target,
)
from tests.instant_runtime import InstantRuntime  # noqa: E402

CONFIG = "receivers: {hostmetrics: {scrapers: {process: {}}}}\n"
RESULTS = ROOT / "bench" / "results" / "reconciler.json"
SIZES = [100, 1000, 10000]


async def measure(count: int, ticks: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/bench.db"
        await asyncio.to_thread(migrations.upgrade, url)
        engine = create_engine(url)
        sessionmaker = create_sessionmaker(engine)
        now = datetime.now(UTC)
        frozen = FrozenVariant(config_yaml=CONFIG, template="process-baseline-v1", parameters={})
        configs = FrozenVariants(baseline=frozen, candidate=frozen)
        async with sessionmaker() as session:
            for i in range(count):
                session.add(
                    Experiment(
                        name=f"bench-{i:05d}",
                        phase="running",
                        baseline={"template": "process-baseline-v1"},
                        candidate={"template": "process-topk-v1"},
                        target=Target(),
                        critical_processes=["postgres"],
                        duration_seconds=3600,
                        success_criteria={},
                        created_by="bench",
                        started_at=now,
                        running_at=now,
                        variant_configs=configs,
                    )
                )
            await session.commit()

        statements = 0

        def count_statement(*_: object) -> None:
            nonlocal statements
            statements += 1

        event.listen(engine.sync_engine, "before_cursor_execute", count_statement)
        settings = Settings(_env_file=None, env="dev", database_url=url)
        # A fresh runtime whose variants are ready once applied; it costs nothing, so the ticks
        # measure Phoenix's own work.
        runtime = InstantRuntime()

        async def run_ticks(n: int) -> tuple[list[float], list[int]]:
            """`n` ticks of a new reconciler (a Phoenix process just started), after the heap
            freeze `phoenix serve` does before its first tick."""
            nonlocal statements
            freeze_startup_heap()
            reconciler = Reconciler(
                JobContext(sessionmaker=sessionmaker, runtime=runtime, settings=settings), LeaderLock(engine)
            )
            timings, counts = [], []
            for _ in range(n):
                statements = 0
                started = time.perf_counter()
                report = await reconciler.tick()
                timings.append(time.perf_counter() - started)
                counts.append(statements)
                assert report.experiments == count and not report.errors, report.errors
            return timings, counts

        # Recovery: the runtime runs nothing (a fresh one), so the first tick applies every variant.
        timings, counts = await run_ticks(ticks)
        assert len(runtime.applied) == 2 * count, "every variant applied"
        # Restart: Phoenix starts again while the runtime still runs every variant (collectors on
        # Kubernetes outlive Phoenix): the first tick applies nothing but knows nothing yet.
        restart, restart_counts = await run_ticks(2)
        await engine.dispose()

    steady = statistics.median(timings[1:]) if ticks > 1 else timings[0]
    return {
        "experiments": count,
        "ticks": ticks,
        "first_tick_ms": round(timings[0] * 1000, 1),
        "steady_median_ms": round(steady * 1000, 1),
        "steady_max_ms": round(max(timings[1:] or timings) * 1000, 1),
        "first_us_per_experiment": round(timings[0] / count * 1e6, 1),
        "steady_us_per_experiment": round(steady / count * 1e6, 1),
        "first_to_steady_ratio": round(timings[0] / steady, 2),
        "first_tick_sql_statements": counts[0],
        "steady_sql_statements": statistics.median(counts[1:] or counts),
        "restart_first_tick_ms": round(restart[0] * 1000, 1),
        "restart_first_to_steady_ratio": round(restart[0] / steady, 2),
        "restart_first_tick_sql_statements": restart_counts[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--experiments", type=int, nargs="+", default=SIZES)
    parser.add_argument("--ticks", type=int, default=5)
    args = parser.parse_args()
    results: dict[str, Any] = {"database": "sqlite", "runtime": "noop", "ticks": args.ticks, "sizes": {}}
    print(f"reconcile ticks with N running experiments (SQLite, no-op runtime), {args.ticks} ticks each:")
    for count in args.experiments:
        row = results["sizes"][str(count)] = asyncio.run(measure(count, args.ticks))
        print(
            f"  {count:>6}: first tick {row['first_tick_ms']:8.1f} ms ({row['first_us_per_experiment']:6.1f} us/exp, "
            f"{row['first_tick_sql_statements']} SQL)  steady median {row['steady_median_ms']:8.1f} ms "
            f"({row['steady_us_per_experiment']:6.1f} us/exp, {row['steady_sql_statements']:.0f} SQL)  "
            f"first/steady {row['first_to_steady_ratio']:.2f}x\n"
            f"          after a restart (the runtime still runs every variant): first tick "
            f"{row['restart_first_tick_ms']:8.1f} ms, first/steady {row['restart_first_to_steady_ratio']:.2f}x",
            flush=True,
        )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1))
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
