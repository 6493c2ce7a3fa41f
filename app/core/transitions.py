"""The audit row every state machine writes on a change (experiment phases, deployment statuses)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from app.core.db import UtcDateTime, utcnow


class TransitionRecord(SQLModel):
    """Who or what triggered a change, why, and when. A table inherits it and adds its subject's
    foreign key and its own from/to columns (`from_phase`/`to_phase`, `from_status`/`to_status`)."""

    id: int | None = Field(default=None, primary_key=True)
    trigger: str = Field(max_length=80)
    reason: str = Field(default="", max_length=1000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)
