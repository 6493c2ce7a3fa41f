"""Runs the operator loop inside Phoenix, on the leader replica only.

A scheduler job calls `tick()`: while this process holds the leader lock the operator task runs
(restarted if it died); when leadership is lost the task is stopped, so two replicas never both
write the same objects.
"""

from __future__ import annotations

import asyncio
import logging

from app.core.leader import LeaderLock
from app.runtimes.kubernetes.operator import PipelineOperator

log = logging.getLogger(__name__)


class OperatorSupervisor:
    def __init__(self, operator: PipelineOperator, leader: LeaderLock) -> None:
        self.operator = operator
        self.leader = leader
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def tick(self) -> None:
        if await self.leader.ensure():
            if not self.running:
                if self._task is not None and self._task.done() and not self._task.cancelled():
                    error = self._task.exception()
                    if error is not None:
                        log.error("the operator loop stopped: %s; restarting it", error)
                self._task = asyncio.create_task(self.operator.run(), name="phoenix-operator")
        elif self.running:
            await self._stop()

    async def _stop(self) -> None:
        await self.operator.stop()
        if self._task is not None:
            try:
                await asyncio.wait_for(self._task, timeout=10)
            except (TimeoutError, asyncio.CancelledError):
                self._task.cancel()
        self._task = None

    async def shutdown(self) -> None:
        await self._stop()
        await self.operator.close()
