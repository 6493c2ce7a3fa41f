"""Database engine and sessions: SQLite (WAL, foreign keys) by default, PostgreSQL via asyncpg.

The engine lives on `app.state` so several app instances (tests, replicas) can point at
different databases in one process.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from pydantic import BaseModel
from sqlalchemy import JSON, event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.types import DateTime, TypeDecorator

from app.core.change_feed import FEED, ChangeFeed, FeedSession
from app.core.errors import Invalid


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """Timestamps stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class PydanticJSON(TypeDecorator[Any]):
    """A JSON column read back as a pydantic model, so code reads typed attributes, not string keys.

    What is stored is the model's JSON (`model_dump(mode="json")`), exactly what a plain JSON column
    would hold; a dict assigned to the attribute is validated against the model before it is written.
    """

    impl = JSON
    cache_ok = True

    def __init__(self, model: type[BaseModel]) -> None:
        super().__init__()
        self.model = model

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        return self.model.model_validate(value).model_dump(mode="json")

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        return None if value is None else self.model.model_validate(value)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


def _refuse_nul_text(_conn: Any, _cursor: Any, _statement: str, parameters: Any, _context: Any, _many: bool) -> None:
    """PostgreSQL cannot store or compare text with NUL characters; refuse them on every database
    alike, as a client error rather than a driver failure."""
    if _has_nul(parameters):
        raise Invalid("text must not contain NUL (\\u0000) characters", [{"path": "", "message": "NUL character"}])


# While PostgreSQL is unreachable a request should fail fast (a 503, `app.core.db_outage`) rather
# than hang: a new connection gets CONNECT_TIMEOUT seconds, a request waiting for a pooled one
# POOL_TIMEOUT seconds (asyncpg's and SQLAlchemy's defaults are 60 and 30).
CONNECT_TIMEOUT_SECONDS = 5.0
POOL_TIMEOUT_SECONDS = 10.0


def create_engine(database_url: str) -> AsyncEngine:
    """An async engine with the per-dialect settings Phoenix relies on.

    PostgreSQL connections are pinged before use, so after an outage or a server restart the dead
    pooled connections are replaced on the next checkout and Phoenix recovers without a restart.
    """
    if database_url.startswith("sqlite"):
        engine = create_async_engine(database_url, connect_args={"timeout": 10})
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    else:
        connect_args = {"timeout": CONNECT_TIMEOUT_SECONDS} if "+asyncpg" in database_url else {}
        engine = create_async_engine(
            database_url,
            pool_pre_ping=True,
            pool_size=10,
            max_overflow=10,
            pool_timeout=POOL_TIMEOUT_SECONDS,
            connect_args=connect_args,
        )
    event.listen(engine.sync_engine, "before_cursor_execute", _refuse_nul_text)
    return engine


def create_sessionmaker(engine: AsyncEngine, feed: ChangeFeed | None = None) -> async_sessionmaker[AsyncSession]:
    """Sessions whose commits are announced on `feed` (`app.core.change_feed`), when one is given."""
    return async_sessionmaker(
        engine, expire_on_commit=False, sync_session_class=FeedSession, info={FEED: feed} if feed else None
    )


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.sessionmaker() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


# Row ids in paths: bounded by the smallest integer column type Phoenix uses (PostgreSQL INTEGER),
# so an absurd id is a 422 instead of a database overflow.
MAX_ROW_ID = 2**31 - 1
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
