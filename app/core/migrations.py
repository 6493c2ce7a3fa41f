"""Alembic, driven from code: `phoenix db upgrade`, start-up migration and the readiness check."""

from __future__ import annotations

from functools import lru_cache

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncEngine

from alembic import command
from app.core.config import REPO_ROOT


def alembic_config(database_url: str) -> Config:
    """Alembic config pointing at the repository's migration chain and at `database_url`."""
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_ROOT / "alembic"))
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Apply migrations up to `revision` (blocking; call from a thread inside an event loop)."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(database_url), revision)


@lru_cache(maxsize=1)
def head_revisions() -> frozenset[str]:
    """The chain's head revisions (fixed for the life of the process)."""
    config = Config()
    config.set_main_option("script_location", str(REPO_ROOT / "alembic"))
    return frozenset(ScriptDirectory.from_config(config).get_heads())


async def current_revisions(engine: AsyncEngine) -> set[str]:
    """The revisions the database is at (empty before the first migration)."""
    async with engine.connect() as conn:
        return set(await conn.run_sync(lambda sync: MigrationContext.configure(sync).get_current_heads()))
