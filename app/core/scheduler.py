"""The embedded scheduler: APScheduler's AsyncIOScheduler in the app's own event loop.

Domains register their periodic jobs through `add_interval_job`; the wrapper records each job's
last run, duration and error so `/readyz` and the control status can show the loop's health.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from app.core.phoenix_metrics import record_job_error

log = logging.getLogger(__name__)


@dataclass
class JobHealth:
    last_run: datetime | None = None
    last_duration_seconds: float | None = None
    last_error: str | None = None
    runs: int = 0
    errors: int = 0


class Scheduler:
    def __init__(self) -> None:
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        self.health: dict[str, JobHealth] = {}

    @property
    def running(self) -> bool:
        return self._scheduler.running

    def add_interval_job(self, job_id: str, func: Callable[[], Awaitable[Any]], seconds: float) -> None:
        """Run `func` every `seconds`, never two runs of one job at once."""
        self.health[job_id] = JobHealth()

        async def _run() -> None:
            health = self.health[job_id]
            started = time.perf_counter()
            try:
                await func()
                health.last_error = None
            except Exception as exc:  # a failing job must not kill the loop
                health.errors += 1
                record_job_error(job_id)
                health.last_error = f"{type(exc).__name__}: {exc}"
                log.exception("scheduled job %s failed", job_id)
            finally:
                health.runs += 1
                health.last_run = datetime.now(UTC)
                health.last_duration_seconds = time.perf_counter() - started

        self._scheduler.add_job(
            _run, "interval", seconds=seconds, id=job_id, max_instances=1, coalesce=True, replace_existing=True
        )

    def start(self) -> None:
        self._scheduler.start()

    async def shutdown(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

    def status(self) -> dict[str, Any]:
        jobs = {}
        for job in self._scheduler.get_jobs():
            health = self.health.get(job.id, JobHealth())
            jobs[job.id] = {
                "next_run": job.next_run_time.isoformat() if job.next_run_time else None,
                "last_run": health.last_run.isoformat() if health.last_run else None,
                "last_duration_seconds": health.last_duration_seconds,
                "last_error": health.last_error,
                "runs": health.runs,
                "errors": health.errors,
            }
        return {"running": self.running, "jobs": jobs}
