"""One complete experiment on this host, printed as a results table: baseline vs a candidate template
with a high-cardinality simulation (1,000 real processes), local runtime, SQLite.

The reconciler and sampler are driven tick by tick (a nominal 2-minute run sampled every 10 s takes
a few seconds); every figure is measured on real scrapes of this host.

    .venv/bin/python bench/experiment.py [--candidate process-topk-v1] [--processes 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PHOENIX_ENV", "dev")

from app.core.config import Settings
from app.main import create_app

ROWS = [
    ("input processes", "input_processes", "{:.0f}"),
    ("input series", "input_series", "{:.0f}"),
    ("output series", "output_series", "{:.0f}"),
    ("output data points / min", "output_data_points_per_minute", "{:.0f}"),
    ("estimated bytes / min", "estimated_bytes_per_minute", "{:,.0f}"),
    ("critical retention (min)", "critical_retention", "{:.1%}"),
    ("CPU total-fidelity error", "cpu_fidelity_error", "{:.4%}"),
    ("memory total-fidelity error", "memory_fidelity_error", "{:.4%}"),
    ("collector CPU (cores)", "collector_cpu_cores", "{:.4f}"),
    ("collector peak memory (bytes)", "collector_peak_memory_bytes", "{:,.0f}"),
]


def _cell(kpis: dict, key: str, fmt: str) -> str:
    stat = kpis[key]
    value = stat["min"] if key == "critical_retention" else stat["mean"]
    if value is None:
        return "n/a"
    text = fmt.format(value)
    if stat.get("ci95_low") is not None and key in ("output_series", "collector_cpu_cores"):
        text += f" (95% CI {fmt.format(stat['ci95_low'])}-{fmt.format(stat['ci95_high'])})"
    return text


async def main(candidate: str, processes: int, samples: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            _env_file=None,
            env="dev",
            database_url=f"sqlite+aiosqlite:///{tmp}/x.db",
            admin_password="bench-admin-password",
            jobs_enabled=False,
        )
        app = create_app(settings)
        async with LifespanManager(app, startup_timeout=60):
            clock = [datetime.now().astimezone()]
            app.state.reconciler.ctx.now = lambda: clock[0]
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://phoenix") as client:
                token = (
                    await client.post(
                        "/api/v1/auth/login", json={"username": "admin", "password": "bench-admin-password"}
                    )
                ).json()["access_token"]
                client.headers["Authorization"] = f"Bearer {token}"
                body = {
                    "name": "report",
                    "baseline": {"template": "process-baseline-v1"},
                    "candidate": {"template": candidate},
                    "duration": "2m",
                    "warmup": "20s",
                    "load_profile": {"profile": "high-cardinality", "process_count": processes, "seed": 1},
                    "success_criteria": {"min_cardinality_reduction": 0.8, "max_memory_overhead": 1.0},
                }
                created = await client.post("/api/v1/experiments", json=body)
                created.raise_for_status()
                url = f"/api/v1/experiments/{created.json()['id']}"
                await client.post(f"{url}/start")
                await app.state.reconciler.tick()
                simulation_id = (await client.get(url)).json()["simulation_id"]
                for _ in range(600):  # the population starts in the background; at most a minute
                    if app.state.simulations.get(simulation_id).active_processes >= processes:
                        break
                    await asyncio.sleep(0.1)
                for _ in range(samples):
                    clock[0] += timedelta(seconds=10)
                    await app.state.sampler.tick()
                clock[0] += timedelta(minutes=3)
                await app.state.reconciler.tick()
                await app.state.reconciler.tick()
                results = (await client.get(f"{url}/results")).json()
                await app.state.reconciler.tick()

    base, cand = results["variants"]["baseline"], results["variants"]["candidate"]
    comparison = results["comparison"]
    print(f"experiment: process-baseline-v1 vs {candidate}, high-cardinality simulation of {processes} processes")
    print(f"samples after warm-up: baseline {base['samples']}, candidate {cand['samples']}\n")
    print(f"| KPI | baseline | candidate ({candidate}) |")
    print("|---|---|---|")
    for label, key, fmt in ROWS:
        print(f"| {label} | {_cell(base['kpis'], key, fmt)} | {_cell(cand['kpis'], key, fmt)} |")
    print(f"| monthly cost per host (USD) | {base['cost']['monthly_usd']:.2f} | {cand['cost']['monthly_usd']:.2f} |")
    test = comparison["output_series_test"]
    print(
        f"\ncardinality reduction {comparison['cardinality_reduction']:.1%}; "
        f"Welch p = {test['p_value']}{' (' + test['note'] + ')' if test.get('note') else ''}"
    )
    print(f"CPU overhead {comparison['cpu_overhead']:+.4f} cores; memory overhead {comparison['memory_overhead']:+.1%}")
    print(
        f"cost reduction {comparison['cost_reduction']:.1%}: ${comparison['monthly_savings_usd']:.2f}/month, "
        f"${comparison['annual_savings_usd']:.2f}/year per host"
    )
    print(f"verdict: {results['verdict']} — {'; '.join(results['reasons'])}")
    a = results["cost_assumptions"]
    print(
        f"cost assumptions: ${a['usd_per_gb_ingested']}/GB ingested, ${a['usd_per_million_data_points']}/million "
        f"data points, {a['hours_per_month']} h/month, {a['bytes']}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidate", default="process-topk-v1")
    parser.add_argument("--processes", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=12)
    args = parser.parse_args()
    asyncio.run(main(args.candidate, args.processes, args.samples))
