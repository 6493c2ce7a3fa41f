"""One reconcile tick with N running experiments on a no-op runtime: its duration and how many SQL
statements it issues (the goal: well under a second for 1,000, and no per-experiment query storm).

    .venv/bin/python bench/reconciler.py [--experiments 1000] [--ticks 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PHOENIX_ENV", "dev")

from app.core import migrations
from app.core.config import Settings
from app.core.db import create_engine, create_sessionmaker
from app.core.jobs import JobContext
from app.core.leader import LeaderLock
from app.experiments.models import Experiment, FrozenVariant, FrozenVariants
from app.experiments.reconciler import Reconciler
from app.runtimes.base import OnThisHost, Target, VariantDeployment, VariantSample, VariantStatus

CONFIG = "receivers: {hostmetrics: {scrapers: {process: {}}}}\n"


class NoopRuntime(OnThisHost):
    """Everything is always ready; costs nothing, so the tick measures Phoenix's own work."""

    name = "noop"

    async def apply(self, variant: VariantDeployment) -> None:
        return None

    async def status(self, variant: VariantDeployment) -> VariantStatus:
        return VariantStatus(state="ready", desired_nodes=1, ready_nodes=1)

    async def remove(self, variant: VariantDeployment) -> None:
        return None

    async def sample(self, variants: list[VariantDeployment]) -> dict[str, VariantSample]:
        return {}

    async def close(self) -> None:
        return None


async def main(count: int, ticks: int) -> None:
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
        reconciler = Reconciler(
            JobContext(sessionmaker=sessionmaker, runtime=NoopRuntime(), settings=settings), LeaderLock(engine)
        )
        timings, counts = [], []
        for _ in range(ticks):
            statements = 0
            started = time.perf_counter()
            report = await reconciler.tick()
            timings.append(time.perf_counter() - started)
            counts.append(statements)
            assert report.experiments == count and not report.errors, report.errors
        await engine.dispose()

    print(f"reconcile tick with {count} running experiments (SQLite, no-op runtime), {ticks} ticks:")
    print(
        f"  median {statistics.median(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms, "
        f"{statistics.median(timings) / count * 1e6:.0f} us per experiment"
    )
    print(f"  SQL statements per tick: {statistics.median(counts):.0f} (independent of the number of experiments)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--experiments", type=int, default=1000)
    parser.add_argument("--ticks", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(main(args.experiments, args.ticks))
