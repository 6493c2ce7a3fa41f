"""The sampler: every interval, one KPI sample per variant of every running experiment.

All variants are sampled in one runtime call, so on the local runtime they share one live scrape:
baseline and candidate see the same processes, and N experiments cost one scrape, not N.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.core.leader import LeaderLock
from app.core.metrics import SAMPLES_TAKEN
from app.experiments.flows.context import FlowContext
from app.experiments.flows.variants import variants
from app.experiments.models import Experiment, ExperimentSample
from app.experiments.phases import Phase


class Sampler:
    def __init__(self, ctx: FlowContext, leader: LeaderLock) -> None:
        self.ctx = ctx
        self.leader = leader

    async def tick(self) -> int:
        """Sample every running experiment once; returns how many samples were stored."""
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
                            input_processes=sample.input_processes,
                            input_series=sample.input_series,
                            output_series=sample.output_series,
                            output_data_points_per_minute=sample.output_data_points_per_minute,
                            estimated_bytes_per_minute=sample.estimated_bytes_per_minute,
                            critical_processes_on_host=sample.critical_processes_on_host,
                            critical_processes_in_output=sample.critical_processes_in_output,
                            critical_retention=sample.critical_retention,
                            cpu_fidelity_error=sample.cpu_fidelity_error,
                            memory_fidelity_error=sample.memory_fidelity_error,
                            collector_cpu_cores=sample.collector_cpu_cores,
                            collector_peak_memory_bytes=sample.collector_peak_memory_bytes,
                            measured_by=sample.measured_by,
                        )
                    )
                    SAMPLES_TAKEN.labels(variant.label).inc()
                    stored += 1
            await session.commit()
            return stored
