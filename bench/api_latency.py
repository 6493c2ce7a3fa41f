"""Cold start of `phoenix serve` and latency of `GET /api/v1/experiments` with 1,000 rows on SQLite.

Starts a real server process on a free port against a temporary SQLite database, measures the time
from process start to the first 200 on /readyz, loads 1,000 experiments, then times sequential
list requests (first page of 20, and `limit=100`). Prints the figures; asserts nothing.

    .venv/bin/python bench/api_latency.py [--requests 300]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.db import create_engine, create_sessionmaker  # noqa: E402
from app.engine.critical_patterns import DEFAULT_CRITICAL_PROCESSES  # noqa: E402
from app.experiments.models import Experiment  # noqa: E402
from app.runtimes.base import Target  # noqa: E402

PASSWORD = "bench-admin-password"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_url: str, port: int) -> tuple[subprocess.Popen, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHOENIX_")}
    env.update(
        PHOENIX_DATABASE_URL=db_url,
        PHOENIX_JWT_SECRET="b" * 40,
        PHOENIX_ADMIN_PASSWORD=PASSWORD,
        PHOENIX_LOG_LEVEL="WARNING",
        PHOENIX_PORT=str(port),
    )
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli.main", "serve"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/readyz"
    while time.perf_counter() - started < 60:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return proc, time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.02)
    proc.kill()
    raise RuntimeError("server did not become ready in 60 s")


async def insert_rows(db_url: str, count: int) -> None:
    engine = create_engine(db_url)
    async with create_sessionmaker(engine)() as session:
        for i in range(count):
            session.add(
                Experiment(
                    name=f"bench-{i:05d}",
                    description="bench row",
                    baseline={"template": "process-baseline-v1"},
                    candidate={"template": "process-topk-v1"},
                    target=Target(),
                    critical_processes=list(DEFAULT_CRITICAL_PROCESSES),
                    duration_seconds=1800,
                    warmup_seconds=60,
                    success_criteria={"min_cardinality_reduction": 0.5},
                    created_by="bench",
                )
            )
        await session.commit()
    await engine.dispose()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_requests(client: httpx.Client, path: str, n: int) -> list[float]:
    timings = []
    for _ in range(n):
        t0 = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - t0) * 1000)
        response.raise_for_status()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite+aiosqlite:///{tmp}/bench.db"
        port = free_port()
        proc, cold = start_server(db_url, port)
        try:
            asyncio.run(insert_rows(db_url, args.rows))
            base = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=base, timeout=10) as client:
                token = client.post("/api/v1/auth/login", json={"username": "admin", "password": PASSWORD}).json()[
                    "access_token"
                ]
                client.headers["Authorization"] = f"Bearer {token}"
                time_requests(client, "/api/v1/experiments", 20)  # warm-up
                results = {
                    "limit=20 (default)": time_requests(client, "/api/v1/experiments", args.requests),
                    "limit=100": time_requests(client, "/api/v1/experiments?limit=100", args.requests),
                }
        finally:
            proc.terminate()
            proc.wait(10)

    print(f"cold start (process spawn -> /readyz 200, migrations on empty SQLite): {cold * 1000:.0f} ms")
    print(f"GET /api/v1/experiments with {args.rows} rows on SQLite, {args.requests} sequential requests:")
    for label, timings in results.items():
        print(f"  {label:<20} median {statistics.median(timings):6.2f} ms   p99 {percentile(timings, 0.99):6.2f} ms")


if __name__ == "__main__":
    main()
