"""The change feed: what a committed transaction wrote, announced after the commit, never before
and never for a rollback; the rows where known, the table where a statement wrote several."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import update

from app.auth.models import User
from app.core import migrations
from app.core.change_feed import Change, ChangeFeed, Overflowed
from app.core.db import create_engine, create_sessionmaker


@pytest.fixture
async def feed_and_sessions(tmp_path: Path) -> AsyncIterator[tuple[ChangeFeed, object]]:
    url = f"sqlite+aiosqlite:///{tmp_path}/feed.db"
    await asyncio.to_thread(migrations.upgrade, url)
    engine = create_engine(url)
    feed = ChangeFeed()
    yield feed, create_sessionmaker(engine, feed)
    await engine.dispose()


def _user(name: str) -> User:
    return User(username=name, password_hash="x", role="viewer")


async def test_rows_are_announced_after_commit_with_their_ids(feed_and_sessions) -> None:
    feed, sessions = feed_and_sessions
    before = feed.generation("users")
    async with sessions() as session:
        user = _user("ann")
        session.add(user)
        await session.flush()
        assert feed.generation("users") == before  # flushed, not committed: nothing announced yet
        await session.commit()
        assert feed.generation("users") == (before[0] + 1,)

    subscription = feed.subscribe()
    async with sessions() as session:
        row = await session.get(User, user.id)
        row.role = "operator"
        await session.commit()
    assert await asyncio.wait_for(subscription.get(), 5) == Change("users", str(user.id), "updated")
    subscription.close()


async def test_a_rollback_announces_nothing(feed_and_sessions) -> None:
    feed, sessions = feed_and_sessions
    before = feed.generation("users")
    async with sessions() as session:
        session.add(_user("bob"))
        await session.flush()
        await session.rollback()
    assert feed.generation("users") == before


async def test_a_statement_announces_its_table(feed_and_sessions) -> None:
    feed, sessions = feed_and_sessions
    seen: list[Change] = []
    feed.publish = seen.extend  # type: ignore[method-assign]
    async with sessions() as session:
        await session.execute(update(User).values(is_active=True))
        await session.commit()
    assert seen == [Change("users", None, "updated")]


async def test_a_subscriber_that_falls_behind_is_told(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.core.change_feed.SUBSCRIBER_BUFFER", 2)
    feed = ChangeFeed()
    subscription = feed.subscribe()
    feed.publish([Change("users", str(i), "updated") for i in range(5)])
    received = []
    with pytest.raises(Overflowed):
        async for change in subscription:
            received.append(change.id)
    assert len(received) < 5 and received == sorted(received)  # some, in order, then told
    assert feed.subscribers == 0
