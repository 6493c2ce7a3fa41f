"""What changed in the database, announced once the commit that changed it has landed.

Every session Phoenix opens (`app.core.db.create_sessionmaker`) notes the rows its flushes and DML
statements write; after the commit it hands them to the app's `ChangeFeed`. Two kinds of reader:

- read caches: `generation(table)` moves on with every committed write to a table, so an answer
  cached under the generation it was computed at is never served after a write in this process;
- the live event stream (`GET /api/v1/events/stream`): `subscribe()` yields each `Change`.

Something that is not a table row (a running simulation) is announced with `publish` directly.
A change a rolled-back transaction made is never announced.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

log = logging.getLogger("phoenix.changes")

Action = Literal["created", "updated", "deleted"]

# How many changes a slow subscriber may fall behind before it is told to start over.
SUBSCRIBER_BUFFER = 1000


# The references a changed row names, passed on so a reader knows whose timeline, samples or
# versions changed without reading the row.
REFERENCES = ("experiment_id", "deployment_id", "pipeline_id")


@dataclass(frozen=True)
class Change:
    table: str
    id: str | None  # None: a statement that may have written several rows
    action: Action
    refs: tuple[tuple[str, str], ...] = ()  # (name, id) of the REFERENCES the row holds


class Overflowed(Exception):
    """A subscriber fell more than SUBSCRIBER_BUFFER changes behind and missed some."""


class Subscription:
    """One reader's changes, in commit order: `await get()` or `async for`."""

    def __init__(self, registry: set[asyncio.Queue[Change | None]]) -> None:
        self._queue: asyncio.Queue[Change | None] = asyncio.Queue(SUBSCRIBER_BUFFER)
        self._registry = registry
        registry.add(self._queue)

    async def get(self) -> Change:
        """The next change; raises `Overflowed` if this reader fell too far behind to see them all."""
        change = await self._queue.get()
        if change is None:
            raise Overflowed()
        return change

    def close(self) -> None:
        self._registry.discard(self._queue)

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> Change:
        return await self.get()


class ChangeFeed:
    def __init__(self) -> None:
        self._generations: defaultdict[str, int] = defaultdict(int)
        self._subscribers: set[asyncio.Queue[Change | None]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    def generation(self, *tables: str) -> tuple[int, ...]:
        """The tables' write counters: equal before and after a read means nothing was committed."""
        return tuple(self._generations[t] for t in tables)

    def publish(self, changes: Iterable[Change]) -> None:
        for change in changes:
            self._generations[change.table] += 1
            for queue in list(self._subscribers):
                try:
                    queue.put_nowait(change)
                except asyncio.QueueFull:
                    self._subscribers.discard(queue)
                    queue.get_nowait()  # room for the end marker
                    queue.put_nowait(None)

    def publish_from_thread(self, changes: Iterable[Change]) -> None:
        """`publish` from a worker thread (a sync route, a simulation's thread): on the event loop."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self.publish, list(changes))

    def subscribe(self) -> Subscription:
        """Every change from now on (registered at once, before the first read); close it when done."""
        self._loop = asyncio.get_running_loop()
        return Subscription(self._subscribers)

    @property
    def subscribers(self) -> int:
        return len(self._subscribers)


# --- session hooks ------------------------------------------------------------------------------

_PENDING = "phoenix_changes"
FEED = "change_feed"  # the key of the feed in a session's `info`


def record(session: Session, table: str, row_id: Any, action: Action) -> None:
    """Note a write the hooks cannot attribute to a row (a bulk UPDATE by id) for the next commit."""
    session.info.setdefault(_PENDING, []).append(Change(table, None if row_id is None else str(row_id), action))


def _row_change(instance: Any, action: Action) -> Change:
    # The key values, not `identity`: a new row has none yet while `after_flush` runs.
    key = inspect(instance).mapper.primary_key_from_instance(instance)
    row_id = None if any(part is None for part in key) else ":".join(str(part) for part in key)
    refs = tuple((name, str(value)) for name in REFERENCES if (value := getattr(instance, name, None)) is not None)
    return Change(instance.__table__.name, row_id, action, refs)


def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    changes = [_row_change(obj, "created") for obj in session.new]
    changes += [_row_change(obj, "updated") for obj in session.dirty if session.is_modified(obj)]
    changes += [_row_change(obj, "deleted") for obj in session.deleted]
    if changes:
        session.info.setdefault(_PENDING, []).extend(changes)


def _on_execute(state: ORMExecuteState) -> None:
    statement = state.statement
    if not getattr(statement, "is_dml", False):
        return
    action: Action = "created" if statement.is_insert else "deleted" if statement.is_delete else "updated"
    rows = state.parameters if isinstance(state.parameters, list) else [state.parameters or {}]
    # One table-wide change per distinct set of references the statement's rows name.
    refs = {tuple((n, str(row[n])) for n in REFERENCES if row.get(n) is not None) for row in rows}
    pending = state.session.info.setdefault(_PENDING, [])
    pending.extend(Change(statement.table.name, None, action, r) for r in sorted(refs) or [()])


def _after_commit(session: Session) -> None:
    changes = session.info.pop(_PENDING, None)
    feed: ChangeFeed | None = session.info.get(FEED)
    if changes and feed is not None:
        # A statement's table-wide change is dropped where the same commit names the rows it wrote.
        named = {(c.table, c.action) for c in changes if c.id is not None}
        feed.publish(dict.fromkeys(c for c in changes if c.id is not None or (c.table, c.action) not in named))


def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


class FeedSession(Session):
    """The session class Phoenix's sessionmakers use: its commits are announced on `info[FEED]`."""


event.listen(FeedSession, "after_flush", _after_flush)
event.listen(FeedSession, "do_orm_execute", _on_execute)
event.listen(FeedSession, "after_commit", _after_commit)
event.listen(FeedSession, "after_rollback", _after_rollback)
