"""`phoenix experiment status` of a failed run says why: the reason its failing transition recorded
and the run's trouble events. The failure is written the way the reconciler records one (the
service's `transition`, on the server's own database), since a real deploy failure needs a broken
runtime; the server's loops are off so nothing else moves the experiment meanwhile."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.db import create_engine, create_sessionmaker
from app.experiments import service
from app.experiments.events import EventKind
from app.experiments.models import ExperimentEvent
from app.experiments.phases import Phase
from tests.cli.phoenix_cli import Phoenix
from tests.live_server import LiveServer

REASON = "a variant failed to deploy: candidate: collector exited with status 1"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    quiet = {"PHOENIX_JOBS_ENABLED": "false", "PHOENIX_READ_CACHE_SECONDS": "0"}
    live = LiveServer(database_url=f"sqlite+aiosqlite:///{tmp_path / 'failed.db'}", extra_env=quiet).start()
    yield live
    live.stop()


async def _fail(database_url: str, experiment_id: str) -> None:
    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            experiment = await service.get(session, experiment_id=experiment_id)
            await service.transition(
                session, experiment=experiment, to=Phase.failed, trigger="reconciler", reason=REASON
            )
            session.add(
                ExperimentEvent(
                    experiment_id=experiment_id,
                    kind=EventKind.reconcile_error,
                    actor="reconciler",
                    message="candidate: health check never answered",
                )
            )
            await session.commit()
    finally:
        await engine.dispose()


def test_a_failed_run_says_why(server: LiveServer, tmp_path: Path) -> None:
    phoenix = Phoenix(tmp_path / "home", url=server.url)
    phoenix.ok("login", "-u", "admin", "--password", server.admin_password)
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(
        "name: doomed\nbaseline: {template: process-baseline-v1}\ncandidate: {template: process-topk-v1}\n"
    )
    started: Any = phoenix.json("experiment", "run", "-f", str(scenario))
    assert started["phase"] == "deploying"
    asyncio.run(_fail(server.database_url, started["id"]))

    for args in (["status", started["id"]], ["status", started["id"], "--watch"]):  # --watch: it has ended
        shown = phoenix.ok("experiment", *args).stdout
        assert "failed" in shown
        reasons = [line for line in shown.splitlines() if line.startswith("failed: ")]
        assert reasons == [
            f"failed: reconciler: {REASON}",
            "failed: reconcile_error: candidate: health check never answered",
        ]
