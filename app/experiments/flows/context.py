"""The one trigger of every flow's transitions: the reconciler (its context is `app.core.jobs.JobContext`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.experiments import service
from app.experiments.models import Experiment
from app.experiments.phases import Phase

RECONCILER = "reconciler"


async def move(
    session: AsyncSession, experiment: Experiment, to: Phase, reason: str, *, extra: dict[str, Any] | None = None
) -> Experiment:
    """A phase change made by the reconciler."""
    return await service.transition(
        session, experiment=experiment, to=to, trigger=RECONCILER, reason=reason, extra=extra
    )
