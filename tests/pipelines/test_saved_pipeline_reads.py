"""Reading saved pipelines: the validation report stored with each version is shown as is (no
validation on reads), versions saved before reports were stored get theirs once, and listing runs a
fixed number of SQL statements whatever the number of pipelines."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event, update

from app.core import workers
from app.pipelines.models import CustomPipelineVersion

API = "/api/v1/pipelines"


async def _save(client: httpx.AsyncClient, headers: dict, name: str) -> dict[str, Any]:
    rendered = await client.post(f"{API}/render", json={"template": "process-topk-v1"}, headers=headers)
    config = rendered.json()["config_yaml"]
    created = await client.post(API, json={"name": name, "config_yaml": config}, headers=headers)
    assert created.status_code == 201, created.text
    return created.json()


class _Statements:
    def __init__(self, app: FastAPI) -> None:
        self.engine = app.state.engine.sync_engine
        self.seen: list[str] = []

    def _count(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        self.seen.append(statement)

    def __enter__(self) -> list[str]:
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self.seen

    def __exit__(self, *_: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_reads_show_the_stored_report_and_validate_nothing(
    app: FastAPI, client: httpx.AsyncClient, admin_headers: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = [await _save(client, admin_headers, f"saved-{i}") for i in range(3)]
    jobs: list[str] = []

    async def refuse(fn: Any, *args: Any, **kwargs: Any) -> Any:
        jobs.append(fn.__name__)
        raise AssertionError(f"a read ran {fn.__name__} in the compute pool")

    monkeypatch.setattr(workers, "run", refuse)
    listing = await client.get(API, headers=admin_headers)
    assert listing.status_code == 200, listing.text
    assert [p["validation"] for p in listing.json()] == [p["validation"] for p in saved]
    one = await client.get(f"{API}/{saved[0]['id']}", headers=admin_headers)
    assert one.status_code == 200 and one.json()["validation"] == saved[0]["validation"]
    assert jobs == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_listing_runs_the_same_statements_for_one_or_many_pipelines(
    app: FastAPI, client: httpx.AsyncClient, admin_headers: dict
) -> None:
    await _save(client, admin_headers, "only-one")
    await client.get(API, headers=admin_headers)  # warm-up
    with _Statements(app) as one:
        assert len((await client.get(API, headers=admin_headers)).json()) == 1
    for i in range(5):
        await _save(client, admin_headers, f"more-{i}")
    with _Statements(app) as six:
        assert len((await client.get(API, headers=admin_headers)).json()) == 6
    assert len(six) == len(one), (one, six)
    assert len([s for s in six if "custom_pipeline" in s]) == 1, six


async def test_a_version_saved_without_a_report_gets_it_once(
    app: FastAPI, client: httpx.AsyncClient, admin_headers: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = await _save(client, admin_headers, "older-row")
    async with app.state.engine.begin() as conn:
        await conn.execute(update(CustomPipelineVersion).values(validation=None))

    first = await client.get(API, headers=admin_headers)
    assert first.json()[0]["validation"] == saved["validation"]

    async def refuse(fn: Any, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"a read ran {fn.__name__} in the compute pool")

    monkeypatch.setattr(workers, "run", refuse)
    again = await client.get(f"{API}/{saved['id']}", headers=admin_headers)
    assert again.status_code == 200 and again.json()["validation"] == saved["validation"]
