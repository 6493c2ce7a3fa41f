"""One complete experiment on this host, printed as a results table: baseline vs a candidate template
with a high-cardinality simulation (1,000 real processes), local runtime, SQLite; run once with each
measurer, side by side: the embedded engine and real `otelcol-phoenix` collector processes.

The reconciler and sampler are driven tick by tick with a moved clock. On the engine every sampler
tick takes its own live scrape (a nominal 2-minute run takes seconds); on collectors each sample is
one of the collectors' own scrapes (every `--interval`), so that run takes about
(samples + warm-up) x interval. Every figure is measured on real scrapes of this host.

    .venv/bin/python bench/experiment.py [--candidate process-topk-v1] [--processes 1000] [--measure both]
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


async def run(measure: str, candidate: str, processes: int, samples: int, interval: int) -> dict:
    """The results of one experiment measured by `measure` (`engine` or `collector`)."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            _env_file=None,
            env="dev",
            database_url=f"sqlite+aiosqlite:///{tmp}/x.db",
            admin_password="bench-admin-password",
            jobs_enabled=False,
            local_measurement=measure,
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
                parameters = {"collection_interval": f"{interval}s"}
                body = {
                    "name": "report",
                    "baseline": {"template": "process-baseline-v1", "parameters": parameters},
                    "candidate": {"template": candidate, "parameters": parameters},
                    "duration": "2m",
                    "warmup": f"{2 * interval}s",
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
                stored = 0
                while stored < 2 * (samples + 2):  # both variants: the counted samples and two warm-up ones
                    new = await app.state.sampler.tick()
                    if new:
                        stored += new
                        clock[0] += timedelta(seconds=interval / 2 if new == 1 else interval)
                    else:
                        await asyncio.sleep(0.25)  # the collectors' next scrape is not complete yet
                clock[0] += timedelta(minutes=3)
                await app.state.reconciler.tick()
                await app.state.reconciler.tick()
                results = (await client.get(f"{url}/results")).json()
                await app.state.reconciler.tick()
    return results


def report(candidate: str, processes: int, runs: dict[str, dict]) -> None:
    print(f"experiment: process-baseline-v1 vs {candidate}, high-cardinality simulation of {processes} processes\n")
    header, rule = "| KPI |", "|---|"
    for results in runs.values():
        measurer = ", ".join(results["measured_by"])
        header += f" baseline ({measurer}) | candidate ({measurer}) |"
        rule += "---|---|"
    print(header)
    print(rule)
    print(
        "| samples after warm-up |"
        + "".join(
            f" {r['variants']['baseline']['samples']} | {r['variants']['candidate']['samples']} |"
            for r in runs.values()
        )
    )
    for label, key, fmt in ROWS:
        cells = [_cell(r["variants"][v]["kpis"], key, fmt) for r in runs.values() for v in ("baseline", "candidate")]
        print(f"| {label} | " + " | ".join(cells) + " |")
    costs = [f"{r['variants'][v]['cost']['monthly_usd']:.2f}" for r in runs.values() for v in ("baseline", "candidate")]
    print("| monthly cost per host (USD) | " + " | ".join(costs) + " |")
    for results in runs.values():
        comparison, test = results["comparison"], results["comparison"]["output_series_test"]
        print(f"\nmeasured by {', '.join(results['measured_by'])}:")
        print(
            f"  cardinality reduction {comparison['cardinality_reduction']:.1%}; "
            f"Welch p = {test['p_value']}{' (' + test['note'] + ')' if test.get('note') else ''}"
        )
        print(
            f"  CPU overhead {comparison['cpu_overhead']:+.4f} cores; "
            f"memory overhead {comparison['memory_overhead']:+.1%}"
        )
        print(
            f"  cost reduction {comparison['cost_reduction']:.1%}: ${comparison['monthly_savings_usd']:.2f}/month, "
            f"${comparison['annual_savings_usd']:.2f}/year per host"
        )
        print(f"  verdict: {results['verdict']} — {'; '.join(results['reasons'])}")
    a = next(iter(runs.values()))["cost_assumptions"]
    print(
        f"\ncost assumptions: ${a['usd_per_gb_ingested']}/GB ingested, ${a['usd_per_million_data_points']}/million "
        f"data points, {a['hours_per_month']} h/month, {a['bytes']}"
    )


async def main(candidate: str, processes: int, samples: int, interval: int, measure: str) -> None:
    measurers = ["engine", "collector"] if measure == "both" else [measure]
    runs = {m: await run(m, candidate, processes, samples, interval) for m in measurers}
    report(candidate, processes, runs)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidate", default="process-topk-v1")
    parser.add_argument("--processes", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=12)
    parser.add_argument("--interval", type=int, default=5, help="collection interval of both variants, seconds")
    parser.add_argument("--measure", choices=["engine", "collector", "both"], default="both")
    args = parser.parse_args()
    asyncio.run(main(args.candidate, args.processes, args.samples, args.interval, args.measure))
