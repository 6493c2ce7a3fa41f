"""Alembic environment: async engine, SQLModel metadata, batch mode for SQLite's ALTER TABLE."""

from __future__ import annotations

import asyncio
from logging.config import fileConfig

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from alembic import context
from app.core.config import get_settings
from app.core.db import UtcDateTime, create_engine
from app.models import load_all_models

load_all_models()
config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", False):
    fileConfig(config.config_file_name)

target_metadata = SQLModel.metadata


def _database_url() -> str:
    return config.attributes.get("database_url") or get_settings().database_url


def _render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Render app-specific column types as plain SQLAlchemy ones, so migrations never import app code."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_sqlite(connection: Connection) -> None:
    """SQLite's ALTER TABLE procedure: batch mode rebuilds a table (copy, drop, rename), and dropping
    `experiments` with foreign keys on would cascade-delete every sample, event and transition of it.
    So the keys are off while migrating (the pragma only takes effect outside a transaction) and
    checked afterwards; a violation fails the migration instead of leaving broken rows."""
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    try:
        _run(connection)
        connection.commit()
        broken = connection.execute(text("PRAGMA foreign_key_check")).all()
        if broken:
            raise RuntimeError(f"the migration left rows with broken foreign keys: {broken[:5]}")
    finally:
        connection.rollback()
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")


async def _run_async() -> None:
    engine = create_engine(_database_url())
    async with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            await connection.run_sync(_run_sqlite)
        else:
            await connection.run_sync(_run)
        await connection.commit()
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_database_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_async())
