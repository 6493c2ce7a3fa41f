"""The one Alembic chain works both ways on SQLite and PostgreSQL, and matches the models."""

from __future__ import annotations

import asyncio
import json

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
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


async def _execute(url: str, *statements: str) -> list[tuple]:
    """Run `statements` in one transaction; the rows of the last one."""
    engine = create_engine(url)
    async with engine.begin() as conn:
        for statement in statements:
            result = await conn.execute(text(statement))
        rows = [tuple(r) for r in result] if result.returns_rows else []
    await engine.dispose()
    return rows


async def _sample_columns(url: str) -> set[str]:
    engine = create_engine(url)
    async with engine.connect() as conn:
        columns = await conn.run_sync(lambda sync: inspect(sync).get_columns("experiment_samples"))
    await engine.dispose()
    return {c["name"] for c in columns}


async def test_sample_measured_by_is_null_for_older_rows_and_downgrades(database_url: str) -> None:
    """0006 adds `experiment_samples.measured_by`: a sample stored before it reads NULL, and a
    downgrade to 0005 drops the column and keeps the sample."""
    await asyncio.to_thread(migrations.upgrade, database_url)
    await asyncio.to_thread(migrations.downgrade, database_url, "0005")
    assert "measured_by" not in await _sample_columns(database_url)
    await _execute(
        database_url,
        "INSERT INTO experiments (id, name, description, phase, version, baseline, candidate, target, "
        "critical_processes, duration_seconds, warmup_seconds, success_criteria, auto_promote, created_by, "
        "created_at, updated_at, suspended_deployments, paused_seconds) VALUES ('e1', 'old-run', '', 'running', 1, "
        "'{}', '{}', '{}', '[]', 60, 0, '{}', false, 'admin', '2026-11-26 08:00:00', '2026-11-26 08:00:00', '[]', 0)",
        "INSERT INTO experiment_samples (experiment_id, variant, taken_at, warmup, input_processes, input_series, "
        "output_series, output_data_points_per_minute, estimated_bytes_per_minute, critical_processes_on_host, "
        "critical_processes_in_output, critical_retention, collector_cpu_cores) "
        "VALUES ('e1', 'baseline', '2026-11-26 08:01:00', false, 10, 100, 100, 600, 60000, 1, 1, 1.0, 0.01)",
    )

    await asyncio.to_thread(migrations.upgrade, database_url)
    assert await _execute(database_url, "SELECT variant, measured_by FROM experiment_samples") == [("baseline", None)]

    await asyncio.to_thread(migrations.downgrade, database_url, "0005")
    assert "measured_by" not in await _sample_columns(database_url)
    assert await _execute(database_url, "SELECT variant, output_series FROM experiment_samples") == [("baseline", 100)]


async def test_stored_process_patterns_are_anchored_and_frozen_configs_kept(database_url: str) -> None:
    """0007: patterns stored when they matched whole names (`postgres`, `python[0-9.]*`, `a|b`) become
    `^...$` forms that mean the same under IsMatch's unanchored search; frozen configs are untouched."""
    await asyncio.to_thread(migrations.upgrade, database_url)
    await asyncio.to_thread(migrations.downgrade, database_url, "0006")
    frozen = '{"candidate": {"config_yaml": "IsMatch(x, \\"^(postgres)$\\")", "applied_hash": "h"}}'
    await _execute(
        database_url,
        "INSERT INTO experiments (id, name, description, phase, version, baseline, candidate, target, "
        "critical_processes, duration_seconds, warmup_seconds, success_criteria, auto_promote, created_by, "
        "created_at, updated_at, suspended_deployments, paused_seconds, variant_configs) VALUES ('e1', 'old-run', "
        "'', 'running', 1, '{\"template\": \"process-baseline-v1\"}', "
        '\'{"template": "process-priority-filter-v1", "parameters": {"high_priority_processes": ["cron"]}}\', '
        "'{}', '[\"postgres\", \"python[0-9.]*\", \"a|b\", \"^nginx$\"]', 60, 0, '{}', false, 'admin', "
        f"'2026-11-26 08:00:00', '2026-11-26 08:00:00', '[]', 0, '{frozen}')",
    )
    await asyncio.to_thread(migrations.upgrade, database_url)
    [(critical, candidate, configs)] = await _execute(
        database_url, "SELECT critical_processes, candidate, variant_configs FROM experiments"
    )
    load = (lambda v: v) if not isinstance(critical, str) else json.loads
    assert load(critical) == ["^postgres$", "^python[0-9.]*$", "^(?:a|b)$", "^nginx$"]
    assert load(candidate)["parameters"]["high_priority_processes"] == ["^cron$"]
    assert load(configs) == json.loads(frozen)


async def test_experiments_created_before_pricing_keep_the_prices_their_figures_used(database_url: str) -> None:
    """0011 adds `experiments.pricing` (not null): a row from before gets the prices that were fixed
    in code then, and a downgrade drops the column and keeps the row."""
    await asyncio.to_thread(migrations.upgrade, database_url)
    await asyncio.to_thread(migrations.downgrade, database_url, "0010")
    await _execute(
        database_url,
        "INSERT INTO experiments (id, name, description, phase, version, baseline, candidate, target, "
        "critical_processes, duration_seconds, warmup_seconds, success_criteria, auto_promote, created_by, "
        "created_at, updated_at, suspended_deployments, paused_seconds) VALUES ('e1', 'old-run', '', 'completed', 1, "
        "'{}', '{}', '{}', '[]', 60, 0, '{}', false, 'admin', '2026-11-26 08:00:00', '2026-11-26 08:00:00', '[]', 0)",
    )
    await asyncio.to_thread(migrations.upgrade, database_url)
    [(pricing,)] = await _execute(database_url, "SELECT pricing FROM experiments")
    pricing = json.loads(pricing) if isinstance(pricing, str) else pricing
    assert pricing == {"usd_per_gb_ingested": 0.3, "usd_per_million_data_points": 0.1}

    await asyncio.to_thread(migrations.downgrade, database_url, "0010")
    assert await _execute(database_url, "SELECT name FROM experiments") == [("old-run",)]
