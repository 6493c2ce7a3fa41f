"""What every phase handler needs: sessions, the runtime, settings, and a clock tests can move."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core.config import Settings
from app.core.db import utcnow
from app.experiments import service
from app.experiments.models import Experiment
from app.experiments.phases import Phase
from app.runtimes.base import Runtime

RECONCILER = "reconciler"


@dataclass
class FlowContext:
    sessionmaker: async_sessionmaker[AsyncSession]
    runtime: Runtime
    settings: Settings
    now: Callable[[], datetime] = field(default=utcnow)
    simulations: Any = None  # the SimulationManager of this process, for experiments' load profiles


async def move(
    session: AsyncSession, experiment: Experiment, to: Phase, reason: str, *, extra: dict[str, Any] | None = None
) -> Experiment:
    """A phase change made by the reconciler (the one trigger of every flow's transitions)."""
    return await service.transition(
        session, experiment=experiment, to=to, trigger=RECONCILER, reason=reason, extra=extra
    )
