"""The compute pool (`app.core.workers`): a job past its time limit is a 503 envelope and its worker is
replaced while the pool keeps working, a full queue is a 429 with Retry-After, errors cross the
process boundary whole, and a worker never outlives its server."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from app.core import workers
from app.core.errors import Invalid, install_error_handlers

ROOT = Path(__file__).resolve().parents[2]


# Jobs: module-level, so a spawned worker can import them by name.
def pid_of_worker() -> int:
    return os.getpid()


def sleep_then_pid(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def refuse(message: str) -> None:
    raise Invalid(message, [{"path": "body.x", "message": "no"}])


def fail(message: str) -> None:
    raise ValueError(message)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ")[-1].startswith("Z"))


# Generous: on a loaded machine a worker's first job (it imports this module) can take seconds.
# The time-limit test lowers it once its worker is warm.
GENEROUS_TIMEOUT_S = 60.0


@pytest.fixture
async def pool() -> AsyncIterator[workers.WorkerPool]:
    pool = workers.WorkerPool(size=1, job_timeout=GENEROUS_TIMEOUT_S, max_queue=1)
    yield pool
    pool.cancel_waiting()
    await asyncio.to_thread(pool.stop_processes)


def _app(pool: workers.WorkerPool) -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/sleep")
    async def sleep(seconds: float) -> dict[str, int]:
        return {"pid": await pool.run(sleep_then_pid, seconds)}

    return app


async def test_a_job_past_its_time_limit_is_a_503_and_the_pool_works_after(pool: workers.WorkerPool) -> None:
    transport = httpx.ASGITransport(app=_app(pool))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        first = await client.post("/sleep", params={"seconds": 0})
        assert first.status_code == 200, first.text
        stuck_pid = first.json()["pid"]
        pool.job_timeout = 3.0  # the worker is warm: only the stuck job meets the limit

        started = time.perf_counter()
        stuck = await client.post("/sleep", params={"seconds": 60})
        assert time.perf_counter() - started < 20
        assert stuck.status_code == 503
        error = stuck.json()["error"]
        assert error["code"] == "job_timeout" and "time limit of 3 s" in error["message"]
        assert error["details"] == {"job": "sleep_then_pid", "timeout_seconds": 3.0}

        pool.job_timeout = GENEROUS_TIMEOUT_S  # the fresh worker's first job imports this module
        after = await client.post("/sleep", params={"seconds": 0})  # a fresh worker took the slot
        assert after.status_code == 200, after.text
    assert after.json()["pid"] != stuck_pid and pool.replaced == 1
    for _ in range(50):
        if not _pid_alive(stuck_pid):
            break
        await asyncio.sleep(0.1)
    assert not _pid_alive(stuck_pid), "the stuck worker was killed"


async def test_a_full_queue_is_a_429_with_retry_after(pool: workers.WorkerPool) -> None:
    await pool.run(pid_of_worker)  # started, so the next job runs at once
    transport = httpx.ASGITransport(app=_app(pool))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        running = asyncio.create_task(client.post("/sleep", params={"seconds": 1.5}))
        waiting = asyncio.create_task(client.post("/sleep", params={"seconds": 0}))
        for _ in range(1000):  # the second request is in line behind the first
            if pool.waiting:
                break
            await asyncio.sleep(0.01)
        refused = await client.post("/sleep", params={"seconds": 0})
        assert refused.status_code == 429
        assert refused.json()["error"]["code"] == "too_many_requests"
        assert refused.headers["Retry-After"] == str(workers.RETRY_AFTER_SECONDS)
        assert refused.json()["error"]["details"] == {"running": 1, "waiting": 1}
        assert (await running).status_code == 200 and (await waiting).status_code == 200
    assert pool.replaced == 0


async def test_errors_cross_whole_and_do_not_cost_the_worker(pool: workers.WorkerPool) -> None:
    pid = await pool.run(pid_of_worker)
    with pytest.raises(Invalid) as refused:
        await pool.run(refuse, "bad input")
    assert refused.value.message == "bad input" and refused.value.details == [{"path": "body.x", "message": "no"}]
    with pytest.raises(ValueError, match="boom"):
        await pool.run(fail, "boom")
    assert await pool.run(pid_of_worker) == pid and pool.replaced == 0
    assert pid != os.getpid()


def test_workers_do_not_outlive_a_killed_server() -> None:
    """SIGKILL the process that owns the pool: its worker exits on its own."""
    script = (
        "import asyncio, os\n"
        "from app.core.workers import WorkerPool\n"
        "from tests.core.test_workers import pid_of_worker\n"
        "async def main():\n"
        "    pid = await WorkerPool(1, 10, 0).run(pid_of_worker)\n"
        "    print(pid, flush=True)\n"
        "    os.kill(os.getpid(), 9)\n"
        "asyncio.run(main())\n"
    )
    env = {**os.environ, "PHOENIX_ENV": "dev"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    worker_pid = int(done.stdout.split()[0])
    deadline = time.monotonic() + 10
    while _pid_alive(worker_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _pid_alive(worker_pid)
