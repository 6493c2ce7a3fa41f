"""Leader election for the background loops: one replica reconciles, the others serve the API.

PostgreSQL: a session-level advisory lock held on a dedicated connection for as long as this
process lives; if the connection drops, the lock is gone and another replica takes it on its next
attempt. SQLite: a single process owns the database file, so it is always the leader.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)

# Any constant both replicas agree on; the bytes spell "phoenix!" so it is recognisable in pg_locks.
ADVISORY_LOCK_KEY = 0x70686F656E697821


class LeaderLock:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._conn: AsyncConnection | None = None
        self.identity = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.is_sqlite = engine.dialect.name == "sqlite"

    @property
    def held(self) -> bool:
        return self.is_sqlite or self._conn is not None

    async def ensure(self) -> bool:
        """True if this process is the leader now (taking the lock if it is free)."""
        if self.is_sqlite:
            return True
        if self._conn is not None:
            try:
                await self._conn.execute(text("SELECT 1"))
                return True
            except Exception:  # the connection, and with it the lock, is gone
                log.warning("lost the leader lock's connection; will try to take the lock again")
                await self._drop()
        conn = await self._engine.connect()
        try:
            got = (await conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_LOCK_KEY})).scalar()
            await conn.commit()
        except Exception:
            await conn.close()
            raise
        if got:
            self._conn = conn
            log.info("became the leader (%s)", self.identity)
            return True
        await conn.close()
        return False

    async def _drop(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):  # already broken
                await self._conn.close()
            self._conn = None

    async def release(self) -> None:
        if self._conn is not None:
            try:
                await self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_LOCK_KEY})
                await self._conn.commit()
            finally:
                await self._drop()
