"""What every background job shares: the experiment reconciler and sampler, drift detection and the
dynamic control loop each get one `JobContext` from the lifespan (`app.main`).

It is generic in the runtime so that `core` names no layer above it: jobs annotate it as
`JobContext[Runtime]` (`app.runtimes.base.Runtime`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core.config import Settings
from app.core.db import utcnow

RuntimeT = TypeVar("RuntimeT")


@dataclass
class JobContext(Generic[RuntimeT]):
    """Sessions, the runtime, settings, and a clock tests can move."""

    sessionmaker: async_sessionmaker[AsyncSession]
    runtime: RuntimeT
    settings: Settings
    now: Callable[[], datetime] = field(default=utcnow)
    simulations: Any = None  # the SimulationManager of this process, for experiments' load profiles
