"""PostgreSQL stopped under a running experiment, then started again (`app.core.db_outage`).

The test owns its PostgreSQL server (the session's shared one serves other tests, so it is never
stopped): `halt` stops it as an outage would (`pg_ctl stop -m fast`: open sessions terminated, new
connections refused), `resume` starts it on the same data. While it is down every route answers 503
with the envelope and `Retry-After`, and the background ticks skip instead of crashing; once it is
back the same app, not restarted, serves again and the experiment completes with exactly the samples
taken while the database was up and each transition recorded once.
"""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import exc as sa_exc

from app.core import migrations
from app.core.db_outage import RETRY_AFTER_SECONDS, database_unavailable
from app.main import create_app
from tests import pg_server
from tests.clock import Clock
from tests.conftest import ADMIN_PASSWORD, client_for, login, make_settings, require_component
from tests.experiment_bodies import experiment_body

API = "/api/v1/experiments"


@pytest.fixture(scope="module")
def own_postgres() -> Iterator[pg_server.PgServer]:
    """A PostgreSQL server for this module alone, with a migrated `phoenix` database."""
    try:
        server = pg_server.start_server()
    except (FileNotFoundError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        require_component("PostgreSQL", f"{exc} {detail.decode(errors='replace')[:500]}")
    try:
        server.psql("CREATE DATABASE phoenix")
        migrations.upgrade(server.url("phoenix"))
        yield server
    finally:
        server.stop()


@pytest.fixture
async def outage_app(own_postgres: pg_server.PgServer) -> AsyncIterator[FastAPI]:
    app = create_app(make_settings(own_postgres.url("phoenix")))
    async with LifespanManager(app, startup_timeout=60):
        yield app


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
    error = response.json()["error"]
    assert error["code"] == "database_unavailable" and error["details"] == {"retry_after_seconds": RETRY_AFTER_SECONDS}


async def test_postgres_outage_under_a_running_experiment(
    own_postgres: pg_server.PgServer, outage_app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = outage_app
    clock = Clock()
    app.state.reconciler.ctx.now = clock  # one JobContext: the sampler, drift and dynamic loops share it
    async with client_for(app) as client:
        headers = await login(client, "admin", ADMIN_PASSWORD)
        body = experiment_body(duration="60s", warmup="0s")
        created = await client.post(API, json=body, headers=headers)
        assert created.status_code == 201, created.text
        experiment_id = created.json()["id"]
        url = f"{API}/{experiment_id}"
        assert (await client.post(f"{url}/start", headers=headers)).status_code == 200
        await app.state.reconciler.tick()
        assert (await client.get(url, headers=headers)).json()["phase"] == "running"

        sampled_while_up = 0
        for _ in range(4):
            clock.advance(5)
            assert await app.state.sampler.tick() == 2
            sampled_while_up += 1

        own_postgres.halt()
        try:
            # Reads, writes and logins alike: 503 with the envelope, no 500.
            assert_unavailable(await client.get(url, headers=headers))
            assert_unavailable(await client.get(API, headers=headers))
            assert_unavailable(await client.post(f"{url}/stop", json={"reason": "outage"}, headers=headers))
            assert_unavailable(await client.post(API, json=experiment_body("other-trial"), headers=headers))
            assert_unavailable(
                await client.post("/api/v1/auth/login", json={"username": "admin", "password": ADMIN_PASSWORD})
            )
            assert (await client.get("/readyz")).status_code == 503

            # The background ticks skip, and say why, instead of raising.
            for _ in range(3):
                clock.advance(5)
                assert await app.state.sampler.tick() == 0
                report = await app.state.reconciler.tick()
                assert report.errors and report.errors[0].startswith("database unavailable"), report
                assert await app.state.drift.tick() == []
                assert await app.state.dynamic.tick() == []
        finally:
            own_postgres.resume()  # `pg_ctl start -w`: returns once the server accepts connections

        # The same app, not restarted: stale pooled connections are replaced (pre-ping) on first use.
        assert (await client.get("/readyz")).status_code == 200
        assert (await client.get(url, headers=headers)).json()["phase"] == "running"  # the 503'd stop never happened
        for _ in range(2):
            clock.advance(5)
            assert await app.state.sampler.tick() == 2
            sampled_while_up += 1

        # Lost mid-tick: the sampler has read the running experiments and measured, then the server
        # goes down before its commit. The tick is skipped and none of its samples is stored.
        runtime = app.state.runtime
        measure = runtime.sample

        async def sample_then_lose_the_database(wanted: list) -> dict:
            taken = await measure(wanted)
            own_postgres.halt()
            return taken

        monkeypatch.setattr(runtime, "sample", sample_then_lose_the_database)
        try:
            clock.advance(5)
            assert await app.state.sampler.tick() == 0
        finally:
            monkeypatch.setattr(runtime, "sample", measure)
            own_postgres.resume()

        for _ in range(2):
            clock.advance(5)
            assert await app.state.sampler.tick() == 2
            sampled_while_up += 1
        assert await app.state.drift.tick() == []
        assert await app.state.dynamic.tick() == []

        clock.advance(30)  # past the 60 s duration
        # Lost mid-step: the reconciler has checked the variants and is about to record `analyzing`
        # when the server goes down. The tick stops there; the transition is not half-written.
        observe = runtime.status

        async def observe_then_lose_the_database(variant: object) -> object:
            status = await observe(variant)
            own_postgres.halt()
            return status

        monkeypatch.setattr(runtime, "status", observe_then_lose_the_database)
        try:
            report = await app.state.reconciler.tick()
            assert report.errors and report.errors[0].startswith("database unavailable"), report
        finally:
            monkeypatch.setattr(runtime, "status", observe)
            own_postgres.resume()
        assert (await client.get(url, headers=headers)).json()["phase"] == "running"

        report = await app.state.reconciler.tick()
        assert not report.errors, report
        assert (await client.get(url, headers=headers)).json()["phase"] == "analyzing"
        await app.state.reconciler.tick()
        done = (await client.get(url, headers=headers)).json()
        assert done["phase"] == "completed", done

        series = (await client.get(f"{url}/timeseries", headers=headers)).json()
        assert len(series["baseline"]) == len(series["candidate"]) == sampled_while_up == 8
        results = (await client.get(f"{url}/results", headers=headers)).json()
        assert results["variants"]["candidate"]["samples"] == sampled_while_up
        history = (await client.get(f"{url}/transitions", headers=headers)).json()
        assert [t["to_phase"] for t in history] == ["pending", "deploying", "running", "analyzing", "completed"]
        events = (await client.get(f"{url}/events", headers=headers)).json()
        assert not [e for e in events if e["kind"] == "reconcile_error"]  # an outage is not the experiment's error
        listed = (await client.get(API, headers=headers)).json()
        assert [e["name"] for e in listed["items"]] == ["topk-trial"]  # the 503'd create never happened
        # A client's error stays a client's error: a duplicate name is still a 409, not a 503.
        duplicate = await client.post(API, json=body, headers=headers)
        assert duplicate.status_code == 409, duplicate.text


def test_what_counts_as_an_outage() -> None:
    """Connection and pool errors are outages; a constraint violation or an unrelated OSError is not."""
    refused = ConnectionRefusedError(111, "Connect call failed")
    assert not database_unavailable(refused)  # raised outside the driver: a file, a runtime call
    assert not database_unavailable(OSError(28, "No space left on device"))
    assert database_unavailable(sa_exc.TimeoutError("QueuePool limit of size 10 overflow 10 reached"))
    lost = sa_exc.DBAPIError("SELECT 1", {}, Exception("connection was closed"), connection_invalidated=True)
    assert database_unavailable(lost)
    duplicate = sa_exc.IntegrityError("INSERT", {}, Exception("duplicate key value violates unique constraint"))
    assert not database_unavailable(duplicate)
