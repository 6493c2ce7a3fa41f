"""The experiments list: pages newest first with an opaque cursor, filtered by phase and text, read
in one statement of only the columns the list shows, and served as JSON from a read cache
(`app.core.read_cache`) until an experiment changes."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Row, Select, and_, bindparam, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.change_feed import ChangeFeed
from app.core.config import Settings
from app.core.errors import Invalid
from app.core.read_cache import GenerationCache
from app.experiments.models import (
    Experiment,
    ExperimentPage,
    ExperimentRead,
)
from app.experiments.phases import Phase, allowed_from


def _encode_cursor(experiment: Experiment) -> str:
    raw = json.dumps([experiment.created_at.isoformat(), experiment.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created_at, experiment_id = json.loads(raw)
        return datetime.fromisoformat(created_at), str(experiment_id)
    except (ValueError, TypeError, json.JSONDecodeError):
        raise Invalid("invalid cursor", [{"path": "query.cursor", "message": "invalid cursor"}]) from None


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


LIST_COLUMNS = tuple(
    Experiment.__table__.c[name] for name in ExperimentRead.model_fields if name in Experiment.__table__.c
)
"""The columns a list page shows, those of `ExperimentRead`: the frozen configs, the results and the
suspended deployments are large and not shown in a list, so they are never read for one."""


@lru_cache(maxsize=16)
def _list_statement(by_phase: bool, by_text: bool, after_cursor: bool) -> Select[Any]:
    """The list query for one combination of filters, built once: its values are bound parameters, so
    SQLAlchemy reuses the statement and its cache key instead of rebuilding them on every request."""
    query = select(*LIST_COLUMNS)
    if by_phase:
        query = query.where(Experiment.phase == bindparam("phase"))
    if by_text:
        pattern = bindparam("pattern")
        query = query.where(
            or_(Experiment.name.like(pattern, escape="\\"), Experiment.description.ilike(pattern, escape="\\"))
        )
    if after_cursor:
        created_at = bindparam("after_created_at")
        query = query.where(
            or_(
                Experiment.created_at < created_at,
                and_(Experiment.created_at == created_at, Experiment.id < bindparam("after_id")),
            )
        )
    return query.order_by(Experiment.created_at.desc(), Experiment.id.desc()).limit(bindparam("limit"))


async def list_page(
    session: AsyncSession, *, limit: int, cursor: str | None, phase: Phase | None, q: str | None
) -> tuple[list[ExperimentRead], str | None]:
    """A page of experiments as the API shows them, newest first, and the cursor of the next page.

    One statement reading only `LIST_COLUMNS`, rows straight into `ExperimentRead` (no ORM objects).
    """
    values: dict[str, Any] = {"limit": limit + 1}
    if phase is not None:
        values["phase"] = Phase(phase).value
    if q:
        values["pattern"] = f"%{_like_escape(q.lower())}%"
    if cursor:
        values["after_created_at"], values["after_id"] = _decode_cursor(cursor)
    query = _list_statement(phase is not None, bool(q), bool(cursor))
    rows = (await session.execute(query, values)).all()
    next_cursor = _encode_cursor(rows[limit - 1]) if len(rows) > limit else None
    return [_list_item(row) for row in rows[:limit]], next_cursor


# What a list page is read from: a committed write to it is a new page (`app.core.read_cache`).
LIST_TABLES = ("experiments",)


def page_cache(feed: ChangeFeed, settings: Settings) -> GenerationCache[bytes]:
    return GenerationCache(feed, LIST_TABLES, settings.read_cache_seconds)


async def list_page_json(
    session: AsyncSession,
    pages: GenerationCache[bytes],
    *,
    limit: int,
    cursor: str | None,
    phase: Phase | None,
    q: str | None,
) -> bytes:
    """`list_page` as the response body, read and serialized once per change of the experiments."""
    key = (limit, cursor, phase, q)
    body = pages.get(key)
    if body is None:
        stamp = pages.stamp()
        items, next_cursor = await list_page(session, limit=limit, cursor=cursor, phase=phase, q=q)
        body = ExperimentPage(items=items, next_cursor=next_cursor).model_dump_json(by_alias=True).encode()
        pages.put(key, stamp, body)
    return body


_ALLOWED_FROM = {phase.value: allowed_from(phase) for phase in Phase}


def _list_item(row: Row[Any]) -> ExperimentRead:
    """`to_read` of a list row: validated from the row's mapping, the allowed transitions from a table."""
    return ExperimentRead.model_validate({**row._mapping, "allowed_transitions": _ALLOWED_FROM[row.phase]})
