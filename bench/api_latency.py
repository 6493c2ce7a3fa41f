"""What the control plane's read API costs, in process, against a bare FastAPI endpoint.

1. `GET /api/v1/experiments` (default page, authenticated with a bearer token) with 10,000 rows
   (every one with frozen variant configs and stored results, as finished runs have) beside a bare
   FastAPI app in the same process returning the same page JSON (precomputed bytes), at concurrency
   1, 10 and 50 (that many clients issuing requests back to back on one event loop). Nothing writes
   meanwhile, so the read caches answer (`Settings.read_cache_seconds`); the same list with the
   caches off (at concurrency 10) shows what a request costs right after a write;
2. `GET /api/v1/pipelines/templates` and `GET /api/v1/pipelines/templates/{name}` (authenticated);
3. where a list request's time goes (concurrency 1): `/healthz`, `/api/v1/auth/me` (authentication
   alone), the list with `limit=1` and with the default page;
4. the cold start of `phoenix serve` (process spawn to the first 200 on /readyz, empty SQLite).

Requests go through httpx on ASGITransport to the app with its lifespan (no sockets, jobs off), on
SQLite and on PostgreSQL (a throwaway server from tests/pg_server.py; `--no-postgres` skips it). Prints
the figures, writes bench/results/api_latency.json; asserts nothing.

    .venv/bin/python bench/api_latency.py [--requests 2000] [--rows 10000] [--no-postgres] [--no-cold-start]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI, Response
from sqlalchemy import event, insert

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.config import Settings  # noqa: E402
from app.core.db import utcnow  # noqa: E402
from app.engine.critical_patterns import DEFAULT_CRITICAL_PROCESSES  # noqa: E402
from app.experiments.models import Experiment  # noqa: E402
from app.main import create_app  # noqa: E402
from app.pipelines.render import render_template  # noqa: E402
from app.runtimes.base import Target  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from _server import PASSWORD, free_port, percentile, start_server  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "api_latency.json"
CONCURRENCY = (1, 10, 50)
EXPERIMENTS = "/api/v1/experiments"


def cold_start() -> float:
    """Seconds from spawning `phoenix serve` on an empty SQLite database to the first 200 on /readyz."""
    with tempfile.TemporaryDirectory() as tmp:
        proc, seconds = start_server(f"sqlite+aiosqlite:///{tmp}/bench.db", free_port())
        proc.terminate()
        proc.wait(10)
        return seconds


def experiment_rows(count: int) -> list[dict[str, Any]]:
    """`count` finished experiments as table rows, with frozen configs and results as large as real ones."""
    baseline = render_template("process-baseline-v1").config_yaml
    candidate = render_template("process-topk-v1").config_yaml
    frozen = {
        "baseline": {"config_yaml": baseline, "template": "process-baseline-v1", "parameters": {}},
        "candidate": {"config_yaml": candidate, "template": "process-topk-v1", "parameters": {}},
    }
    kpis = {k: 0.5 for k in ("cardinality", "cpu", "memory", "critical_retention", "cost", "ingest")}
    results = {"baseline": kpis, "candidate": kpis, "verdict": "adopt", "reasons": ["bench"] * 20}
    now = utcnow()
    second = timedelta(seconds=1)
    return [
        {
            "id": f"{i:032x}",
            "name": f"bench-{i:05d}",
            "description": "bench row",
            "phase": "completed",
            "version": 1,
            "baseline": {"template": "process-baseline-v1"},
            "candidate": {"template": "process-topk-v1"},
            "target": Target(),
            "critical_processes": list(DEFAULT_CRITICAL_PROCESSES),
            "duration_seconds": 1800,
            "warmup_seconds": 60,
            "success_criteria": {"min_cardinality_reduction": 0.5},
            "auto_promote": False,
            "created_by": "bench",
            "created_at": now - i * second,
            "updated_at": now - i * second,
            "variant_configs": frozen,
            "suspended_deployments": [],
            "results": results,
            "verdict": "adopt",
            "paused_seconds": 0.0,
        }
        for i in range(count)
    ]


async def load(client: httpx.AsyncClient, path: str, total: int, concurrency: int, headers: dict[str, str]) -> dict:
    """`total` GETs of `path` by `concurrency` clients back to back: requests/s, median and p99 latency."""
    timings: list[float] = []
    per_client = max(1, total // concurrency)

    async def one_client() -> None:
        for _ in range(per_client):
            t0 = time.perf_counter()
            response = await client.get(path, headers=headers)
            timings.append((time.perf_counter() - t0) * 1000)
            response.raise_for_status()

    started = time.perf_counter()
    await asyncio.gather(*(one_client() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    return {
        "requests_per_second": round(len(timings) / elapsed, 1),
        "median_ms": round(statistics.median(timings), 3),
        "p99_ms": round(percentile(timings, 0.99), 3),
    }


def bare_app(page: bytes) -> FastAPI:
    """A FastAPI app with one route returning the precomputed page: the floor of any endpoint."""
    bare = FastAPI()

    @bare.get(EXPERIMENTS)
    async def page_route() -> Response:
        return Response(content=page, media_type="application/json")

    return bare


def count_statements(engine: Any) -> tuple[list[str], Any]:
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    return statements, count


async def run(
    database_url: str, requests: int, rows: int, *, read_cache_seconds: float = 5.0, only_list: bool = False
) -> dict[str, Any]:
    """The figures on one database; `read_cache_seconds=0` reads every page and caller afresh."""
    settings = Settings(
        read_cache_seconds=read_cache_seconds,
        _env_file=None,
        env="dev",
        database_url=database_url,
        jwt_secret="b" * 40,
        admin_password=PASSWORD,
        jobs_enabled=False,
        log_level="WARNING",
    )
    app = create_app(settings)
    out: dict[str, Any] = {"rows": rows}
    async with LifespanManager(app, startup_timeout=60):
        engine = app.state.engine
        batch = experiment_rows(rows)
        async with engine.begin() as conn:
            for start in range(0, len(batch), 1000):
                await conn.execute(insert(Experiment), batch[start : start + 1000])
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            login = await client.post("/api/v1/auth/login", json={"username": "admin", "password": PASSWORD})
            bearer = {"Authorization": f"Bearer {login.json()['access_token']}"}
            page = (await client.get(EXPERIMENTS, headers=bearer)).content
            statements, listener = count_statements(engine)
            await client.get(EXPERIMENTS, headers=bearer)
            event.remove(engine.sync_engine, "before_cursor_execute", listener)
            out["experiments_sql_statements"] = len(statements)
            out["page_bytes"] = len(page)
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=bare_app(page)), base_url="http://b"
            ) as bare:
                experiments: dict[str, Any] = {}
                for concurrency in (10,) if only_list else CONCURRENCY:
                    await load(client, EXPERIMENTS, 50, min(concurrency, 10), bearer)  # warm-up
                    await load(bare, EXPERIMENTS, 50, min(concurrency, 10), {})
                    phoenix = await load(client, EXPERIMENTS, requests, concurrency, bearer)
                    floor = await load(bare, EXPERIMENTS, requests, concurrency, {})
                    experiments[f"concurrency {concurrency}"] = {
                        "phoenix": phoenix,
                        "bare_fastapi": floor,
                        "share_of_bare": round(phoenix["requests_per_second"] / floor["requests_per_second"], 3),
                    }
            out["GET /api/v1/experiments"] = experiments
            if only_list:
                await engine.dispose()
                return out
            templates: dict[str, Any] = {}
            for path in ("/api/v1/pipelines/templates", "/api/v1/pipelines/templates/process-topk-v1"):
                await load(client, path, 20, 1, bearer)  # warm-up
                templates[f"GET {path}"] = await load(client, path, requests, 1, bearer)
            out["templates"] = templates
            # Where a list request's time goes: the app with no auth, authentication alone (one
            # statement), and a page of one row (auth + the list query, almost no row work).
            breakdown: dict[str, Any] = {}
            for path in ("/healthz", "/api/v1/auth/me", f"{EXPERIMENTS}?limit=1", EXPERIMENTS):
                await load(client, path, 20, 1, bearer)  # warm-up
                breakdown[f"GET {path}"] = await load(client, path, requests // 2, 1, bearer)
            out["breakdown (concurrency 1)"] = breakdown
    await engine.dispose()
    return out


def show(label: str, figures: dict[str, Any]) -> None:
    if "uncached" in figures:
        show(f"{label}, read caches off (every request authenticates and reads the page)", figures["uncached"])
    print(f"{label}: {figures['rows']} experiments, page of {figures['page_bytes']} bytes, ", end="")
    print(f"{figures['experiments_sql_statements']} SQL statement(s) per list request")
    for case, row in figures["GET /api/v1/experiments"].items():
        p, b = row["phoenix"], row["bare_fastapi"]
        print(
            f"  GET /api/v1/experiments {case:<15} {p['requests_per_second']:8.1f} req/s "
            f"(median {p['median_ms']:7.2f} ms)  bare {b['requests_per_second']:8.1f} req/s  "
            f"-> {row['share_of_bare']:.0%} of bare"
        )
    for section in ("templates", "breakdown (concurrency 1)"):
        for case, row in figures.get(section, {}).items():
            print(f"  {case:<52} {row['requests_per_second']:8.1f} req/s (median {row['median_ms']:.2f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument(
        "--no-postgres", action="store_true", help="SQLite only (default: also a throwaway PostgreSQL server)"
    )
    parser.add_argument("--no-cold-start", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("PHOENIX_ENV", "dev")  # the catalog reads the process settings

    report: dict[str, Any] = {"requests": args.requests, "concurrency": list(CONCURRENCY)}
    if not args.no_cold_start:
        report["cold_start_ms"] = round(cold_start() * 1000)
        print(f"cold start (process spawn -> /readyz 200, migrations on empty SQLite): {report['cold_start_ms']} ms")
    with tempfile.TemporaryDirectory() as tmp:
        report["sqlite"] = asyncio.run(run(f"sqlite+aiosqlite:///{tmp}/bench.db", args.requests, args.rows))
        report["sqlite"]["uncached"] = asyncio.run(
            run(
                f"sqlite+aiosqlite:///{tmp}/bench-uncached.db",
                args.requests,
                args.rows,
                read_cache_seconds=0,
                only_list=True,
            )
        )
    show("SQLite", report["sqlite"])
    if not args.no_postgres:
        sys.path.insert(0, str(ROOT / "tests"))
        from pg_server import start_server  # type: ignore[import-not-found]

        server = start_server()
        try:
            server.psql("CREATE DATABASE bench")
            report["postgresql"] = asyncio.run(run(server.url("bench"), args.requests, args.rows))
            server.psql("CREATE DATABASE bench_uncached")
            report["postgresql"]["uncached"] = asyncio.run(
                run(server.url("bench_uncached"), args.requests, args.rows, read_cache_seconds=0, only_list=True)
            )
        finally:
            server.stop()
        show("PostgreSQL", report["postgresql"])
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
