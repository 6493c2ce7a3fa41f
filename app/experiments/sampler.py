"""The sampler: every interval, one KPI sample per variant of every running experiment.

All variants are sampled in one runtime call, so on the local runtime they share one live scrape:
baseline and candidate see the same processes, and N experiments cost one scrape, not N. A stored
sample carries every field of the runtime's sample that `VariantKpisBase` defines, copied as a whole.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.core.db_outage import OutageGuard
from app.core.jobs import JobContext
from app.core.leader import LeaderLock
from app.core.metrics import SAMPLES_TAKEN
from app.experiments.flows.variants import variants
from app.experiments.models import Experiment, ExperimentSample
from app.experiments.phases import Phase
from app.runtimes.base import Runtime


class Sampler:
    def __init__(self, ctx: JobContext[Runtime], leader: LeaderLock) -> None:
        self.ctx = ctx
        self.leader = leader
        self._outage = OutageGuard("sampler")

    async def tick(self) -> int:
        """Sample every running experiment once; returns how many samples were stored. The samples
        of one tick are committed together: while the database is unreachable none is stored and the
        tick is skipped (0), so an outage leaves a gap in the series, never a partial tick."""
        return await self._outage.run(self._tick, lambda _exc: 0)

    async def _tick(self) -> int:
        if not await self.leader.ensure():
            return 0
        async with self.ctx.sessionmaker() as session:
            # Paused experiments are not sampled: their clock is stopped.
            query = select(Experiment).where(Experiment.phase == Phase.running, Experiment.paused_at.is_(None))
            running = list((await session.execute(query)).scalars())
            wanted = [v for e in running for v in variants(e)]
            if not wanted:
                return 0
            samples = await self.ctx.runtime.sample(wanted)
            now = self.ctx.now()
            stored = 0
            for experiment in running:
                warm_until = (experiment.running_at or now) + timedelta(seconds=experiment.warmup_seconds)
                for variant in variants(experiment):
                    sample = samples.get(variant.key)
                    if sample is None:
                        continue
                    session.add(
                        ExperimentSample(
                            experiment_id=experiment.id,
                            variant=variant.label,
                            taken_at=now,
                            warmup=now < warm_until,
                            **sample.kpi_values(),
                        )
                    )
                    SAMPLES_TAKEN.labels(variant.label).inc()
                    stored += 1
            await session.commit()
            return stored
