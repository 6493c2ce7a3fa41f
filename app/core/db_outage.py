"""Database outages: one answer for every route and one rule for every background job.

While the database cannot be reached (server stopped or restarting, connection refused or lost,
no pooled connection free in time), a route answers 503 with the error envelope and `Retry-After`
instead of a 500, and a job logs, skips its tick and picks up on the next one. The engine's
pre-ping (`app.core.db.create_engine`) replaces dead pooled connections, so nothing has to restart
once the database is back. Which errors mean "unreachable" is decided once, by
`database_unavailable`; a client's mistake (a duplicate, a bad value) is never one of them.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from asyncpg.exceptions import ConnectionDoesNotExistError, PostgresError
from asyncpg.exceptions import InterfaceError as AsyncpgInterfaceError
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sa_exc

from app.core.errors import error_body

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
"""What a client is told to wait: about the time a PostgreSQL restart or failover takes."""

# SQLSTATE classes that mean "the server cannot serve you now", not "your statement is wrong":
# 08 connection exception, 57P01-57P05 shutdown / crash / cannot connect now, 53 insufficient
# resources (too many connections, disk full, out of memory).
_UNAVAILABLE_SQLSTATES = ("08", "57P", "53")
# Errors that are the client's (409, 422...) even when the database raised them.
_CLIENT_ERRORS = (sa_exc.IntegrityError, sa_exc.DataError, sa_exc.ProgrammingError)
# An `OSError`/`TimeoutError` is an outage only when the database driver raised it, not a file or
# a runtime call of the same type.
_DRIVER_MODULES = ("sqlalchemy", "asyncpg", "aiosqlite", "sqlite3")
_SQLITE_BUSY = "database is locked"


def _raised_by_driver(exc: BaseException) -> bool:
    tb = exc.__traceback__
    while tb is not None:
        module = str(tb.tb_frame.f_globals.get("__name__", ""))
        if module.split(".", 1)[0] in _DRIVER_MODULES:
            return True
        tb = tb.tb_next
    return False


def _classify(exc: BaseException) -> bool | None:
    """True/False when this exception decides; None to look at what caused it."""
    if isinstance(exc, sa_exc.TimeoutError):  # no pooled connection free within pool_timeout
        return True
    if isinstance(exc, sa_exc.DBAPIError):
        if exc.connection_invalidated:
            return True
        if isinstance(exc, _CLIENT_ERRORS):
            return False
        if isinstance(exc, sa_exc.OperationalError) and _SQLITE_BUSY in str(exc.orig):
            return True
        return None  # the driver's own error, chained below, decides
    if isinstance(exc, ConnectionDoesNotExistError):
        return True
    if isinstance(exc, PostgresError):
        return str(getattr(exc, "sqlstate", "") or "").startswith(_UNAVAILABLE_SQLSTATES)
    if isinstance(exc, OSError):  # ConnectionRefusedError, TimeoutError, DNS failures...
        return _raised_by_driver(exc)
    return None


def database_unavailable(exc: BaseException) -> bool:
    """Whether `exc` (or an error it was raised from) means the database cannot be reached now."""
    if isinstance(exc, BaseExceptionGroup):
        return any(database_unavailable(e) for e in exc.exceptions)
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        verdict = _classify(current)
        if verdict is not None:
            return verdict
        current = current.__cause__ or current.__context__
    return False


def describe(exc: BaseException) -> str:
    """One short line for the log: the driver's error, without the statement and its parameters."""
    cause = exc.orig if isinstance(exc, sa_exc.DBAPIError) and exc.orig is not None else exc
    return f"{type(exc).__name__}: {cause}".splitlines()[0][:300]


def unavailable_response() -> JSONResponse:
    return JSONResponse(
        error_body(
            "database_unavailable",
            "the database is unreachable; retry shortly",
            {"retry_after_seconds": RETRY_AFTER_SECONDS},
        ),
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def install_database_outage_handler(app: FastAPI) -> None:
    """One handler for every route; what is not an outage is re-raised to the generic handlers."""

    async def _outage(request: Request, exc: Exception) -> JSONResponse:
        if not database_unavailable(exc):
            raise exc
        log.warning("database unavailable on %s %s: %s", request.method, request.url.path, describe(exc))
        return unavailable_response()

    for exc_class in (sa_exc.SQLAlchemyError, PostgresError, AsyncpgInterfaceError, OSError):
        app.add_exception_handler(exc_class, _outage)


T = TypeVar("T")


class OutageGuard:
    """A background job's tick that survives outages: the first skipped tick is logged as a
    warning, the recovery once with how many ticks were skipped; other errors pass through."""

    def __init__(self, job: str) -> None:
        self.job = job
        self.skipped = 0

    async def run(self, tick: Callable[[], Awaitable[T]], skipped: Callable[[BaseException], T]) -> T:
        """`tick()`, or `skipped(error)` when the database was unreachable during it."""
        try:
            result = await tick()
        except Exception as exc:
            if not database_unavailable(exc):
                raise
            if self.skipped == 0:
                log.warning("%s: database unavailable (%s); skipping ticks", self.job, describe(exc))
            else:
                log.debug("%s: database still unavailable; tick skipped", self.job)
            self.skipped += 1
            return skipped(exc)
        if self.skipped:
            log.info("%s: database reachable again after %d skipped ticks", self.job, self.skipped)
            self.skipped = 0
        return result
