"""The reconciler's runtime bookkeeping, on SQLite and PostgreSQL: after a runtime restart one tick
applies every running experiment's variants again and records their hashes for all of them in one
UPDATE (the version untouched, so a user's write never fails on it); a tick with nothing to do
writes nothing; a config change made meanwhile is still seen and applied on the next tick."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from fastapi import FastAPI
from sqlalchemy import event

from tests.clock import Clock
from tests.experiment_bodies import experiment_body
from tests.instant_runtime import InstantRuntime

API = "/api/v1/experiments"
NAMES = ["trial-a", "trial-b", "trial-c"]


@contextmanager
def statements(app: FastAPI) -> Iterator[list[str]]:
    """The SQL statements run meanwhile (an executemany counts once)."""
    seen: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        seen.append(" ".join(statement.split()))

    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def test_applied_hashes_are_recorded_in_one_batch(
    app: FastAPI, client: httpx.AsyncClient, admin_headers: dict
) -> None:
    app.state.reconciler.ctx.now = Clock()
    app.state.reconciler.ctx.runtime = InstantRuntime()
    ids = []
    for name in NAMES:
        created = await client.post(API, json=experiment_body(name, duration="1h", warmup="0s"), headers=admin_headers)
        assert created.status_code == 201, created.text
        ids.append(created.json()["id"])
        await client.post(f"{API}/{ids[-1]}/start", headers=admin_headers)
    await app.state.reconciler.tick()
    details = [(await client.get(f"{API}/{id_}", headers=admin_headers)).json() for id_ in ids]
    assert [d["phase"] for d in details] == ["running"] * 3
    versions = [d["version"] for d in details]

    restarted = InstantRuntime()  # a restarted runtime: nothing runs until applied
    app.state.reconciler.ctx.runtime = restarted
    with statements(app) as seen:
        report = await app.state.reconciler.tick()
    assert not report.errors, report
    assert restarted.applies == 6 and len(restarted.applied) == 6
    updates = [s for s in seen if s.upper().startswith("UPDATE EXPERIMENTS")]
    assert len(updates) == 1, updates  # one executemany for the three experiments
    for id_, version in zip(ids, versions, strict=True):
        detail = (await client.get(f"{API}/{id_}", headers=admin_headers)).json()
        assert detail["version"] == version  # bookkeeping: no version bump
        events = (await client.get(f"{API}/{id_}/events", headers=admin_headers)).json()
        assert [e["kind"] for e in events].count("variants_reapplied") == 1

    with statements(app) as seen:
        report = await app.state.reconciler.tick()
    assert not report.errors, report
    assert restarted.applies == 6  # nothing applied again
    assert not [s for s in seen if s.upper().startswith(("UPDATE", "INSERT", "DELETE"))], seen

    # A config change meanwhile: the next tick sees the new config and applies it.
    changed = await client.post(
        "/api/v1/control/signals",
        json={
            "kind": "config_update",
            "experiment_id": ids[1],
            "variant": "candidate",
            "parameters": {"cpu_threshold": 0.3},
        },
        headers=admin_headers,
    )
    assert changed.status_code == 201, changed.text
    before = restarted.applied[f"{NAMES[1]}/candidate"]
    await app.state.reconciler.tick()
    assert restarted.applies == 7
    assert restarted.applied[f"{NAMES[1]}/candidate"] != before
    await app.state.reconciler.tick()
    assert restarted.applies == 7  # recorded: not applied again
