"""The one Alembic chain works both ways on SQLite and PostgreSQL, and matches the models."""

from __future__ import annotations

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from app.core import migrations
from app.core.db import create_engine
from app.models import load_all_models


async def _tables_and_diff(url: str) -> tuple[set[str], list]:
    load_all_models()
    engine = create_engine(url)

    def inspect(sync_conn):
        context = MigrationContext.configure(sync_conn, opts={"compare_type": True})
        tables = set(sync_conn.dialect.get_table_names(sync_conn))
        return tables, compare_metadata(context, SQLModel.metadata)

    async with engine.connect() as conn:
        result = await conn.run_sync(inspect)
    await engine.dispose()
    return result


async def test_downgrade_base_then_upgrade_head(database_url: str) -> None:
    await asyncio.to_thread(migrations.upgrade, database_url)
    tables, diff = await _tables_and_diff(database_url)
    assert {
        "experiments",
        "experiment_transitions",
        "experiment_events",
        "users",
        "api_keys",
        "revoked_tokens",
    } <= tables
    assert diff == [], f"models and migrations disagree: {diff}"

    await asyncio.to_thread(migrations.downgrade, database_url, "base")
    tables, _ = await _tables_and_diff(database_url)
    assert tables <= {"alembic_version"}

    await asyncio.to_thread(migrations.upgrade, database_url)
    tables, diff = await _tables_and_diff(database_url)
    assert "experiments" in tables and diff == []
