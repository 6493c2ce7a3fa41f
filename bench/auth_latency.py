"""What authentication costs: `GET /api/v1/auth/me` (bearer token, API key) against `/healthz`.

In process (httpx.AsyncClient on ASGITransport, the app with its lifespan) on a temporary SQLite
database, so the figures are the app's own cost without sockets: sequential requests, median and
p99 per request, requests per second, and the SQL statements each authenticated request runs
(counted with a `before_cursor_execute` listener on the engine). Writes
bench/results/auth_latency.json; asserts nothing.

    .venv/bin/python bench/auth_latency.py [--requests 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from sqlalchemy import event

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.config import Settings  # noqa: E402
from app.main import create_app  # noqa: E402

PASSWORD = "bench-admin-password"
RESULTS = ROOT / "bench" / "results" / "auth_latency.json"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def time_requests(client: httpx.AsyncClient, path: str, n: int, headers: dict[str, str]) -> dict[str, float]:
    timings = []
    started = time.perf_counter()
    for _ in range(n):
        t0 = time.perf_counter()
        response = await client.get(path, headers=headers)
        timings.append((time.perf_counter() - t0) * 1000)
        response.raise_for_status()
    elapsed = time.perf_counter() - started
    return {
        "median_ms": round(statistics.median(timings), 3),
        "p99_ms": round(percentile(timings, 0.99), 3),
        "requests_per_second": round(n / elapsed, 1),
    }


async def run(requests: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            _env_file=None,
            env="dev",
            database_url=f"sqlite+aiosqlite:///{tmp}/bench.db",
            jwt_secret="b" * 40,
            admin_password=PASSWORD,
            jobs_enabled=False,
            log_level="WARNING",
        )
        app = create_app(settings)
        async with LifespanManager(app, startup_timeout=60):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                login = await client.post("/api/v1/auth/login", json={"username": "admin", "password": PASSWORD})
                bearer = {"Authorization": f"Bearer {login.json()['access_token']}"}
                key = (await client.post("/api/v1/api-keys", json={"name": "bench"}, headers=bearer)).json()["key"]
                api_key = {"X-API-Key": key}
                cases = {
                    "/healthz": ("/healthz", {}),
                    "/api/v1/auth/me (bearer)": ("/api/v1/auth/me", bearer),
                    "/api/v1/auth/me (API key)": ("/api/v1/auth/me", api_key),
                }
                statements: list[str] = []

                def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
                    statements.append(statement)

                results: dict[str, Any] = {}
                for label, (path, headers) in cases.items():
                    await time_requests(client, path, 50, headers)  # warm-up
                    statements.clear()
                    event.listen(app.state.engine.sync_engine, "before_cursor_execute", count)
                    await client.get(path, headers=headers)
                    event.remove(app.state.engine.sync_engine, "before_cursor_execute", count)
                    results[label] = {
                        **await time_requests(client, path, requests, headers),
                        "sql_statements": len(statements),
                    }
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    results = asyncio.run(run(args.requests))
    health = results["/healthz"]["requests_per_second"]
    print(f"{args.requests} sequential in-process requests each (ASGITransport, SQLite):")
    for label, figures in results.items():
        figures["share_of_healthz"] = round(figures["requests_per_second"] / health, 3)
        print(
            f"  {label:<28} median {figures['median_ms']:6.3f} ms  p99 {figures['p99_ms']:6.3f} ms  "
            f"{figures['requests_per_second']:7.1f} req/s ({figures['share_of_healthz']:.0%} of /healthz)  "
            f"{figures['sql_statements']} SQL statement(s)"
        )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"requests": args.requests, "results": results}, indent=1))


if __name__ == "__main__":
    main()
