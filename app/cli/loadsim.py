"""`phoenix loadsim ...` (simulations on a Phoenix server) and `phoenix simulate` (one in the foreground).

`loadsim` talks to the REST API; starting shows a progress bar (on stderr, so `--output json` stays
parseable) while the population is spawned. `simulate` runs the simulator here, without a server:
it is the entry point of the Kubernetes Job/DaemonSet that runs a simulation on a target node.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from app.cli.client import ApiClient, emit_json, fail, read_yaml_file
from app.simulation.profiles import BUILTIN_PROFILE_NAMES, CUSTOM_PROFILE

app = typer.Typer(help="Process load simulations: list profiles, start, stop, status.", no_args_is_help=True)
URL = typer.Option(None, "--url", help="Phoenix server (default PHOENIX_URL or http://127.0.0.1:8080)")
OUTPUT = typer.Option("text", "--output", "-o", help="text or json")
PROFILE_HELP = f"{', '.join(BUILTIN_PROFILE_NAMES)} or {CUSTOM_PROFILE}"
BASE = "/api/v1/simulations"


def _custom(path: Path | None) -> dict[str, Any] | None:
    if path is None:
        return None
    data = read_yaml_file(path)
    if not isinstance(data, dict):
        fail(f"{path}: expected a mapping with the custom profile's groups")
    return data


def _body(
    profile: str,
    process_count: int | None,
    churn_rate: float | None,
    duration: str | None,
    seed: int | None,
    custom: Path | None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "profile": profile,
        "process_count": process_count,
        "churn_rate": churn_rate,
        "duration": duration,
        "seed": seed,
        "custom": _custom(custom),
    }
    return {k: v for k, v in body.items() if v is not None}


def _line(s: dict[str, Any]) -> str:
    return (
        f"{s['id']:<13} {s['profile']:<17} {s['status']:<10} active {s['active_processes']:>5}  "
        f"started {s['started']:>6}  exited {s['exited']:>6}  churn {s['churn_rate_achieved']:>5.1f}/s"
    )


def _show(s: dict[str, Any]) -> None:
    typer.echo(_line(s))
    for note in s.get("notes") or []:
        typer.echo(f"  note: {note}")
    if s.get("error"):
        typer.echo(f"  error: {s['error']}")


class _Progress:
    """A progress bar on stderr while a population is spawned (started / target processes)."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._shown = 0

    def update(self, s: dict[str, Any]) -> None:
        if s["status"] == "starting" and self._bar is None and s["target_processes"] > 0:
            self._bar = typer.progressbar(length=s["target_processes"], label="starting processes", file=sys.stderr)
            self._bar.__enter__()
        if self._bar is not None:
            done = min(s["started"], s["target_processes"])
            self._bar.update(done - self._shown)
            self._shown = done
            if s["status"] != "starting":
                self.close()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


@app.command("list-profiles")
def list_profiles(url: str | None = URL, output: str = OUTPUT) -> None:
    """The load profiles and the host's process cap."""
    data = ApiClient(url).get(f"{BASE}/profiles")
    if output == "json":
        emit_json(data)
        return
    for p in data["profiles"]:
        size = f"{p['process_count_range'][0]}-{p['process_count_range'][1]} processes"
        churn = f"{p['churn_rate_range'][0]:g}-{p['churn_rate_range'][1]:g}/s churn"
        typer.echo(f"{p['name']:<17} {size:<22} {churn:<16} {p['description']}")
    typer.echo(f"host cap: {data['host_cap']} simulated processes ({data['in_use']} in use)")


@app.command()
def start(
    profile: str = typer.Option(..., "--profile", "-p", help=PROFILE_HELP),
    process_count: int | None = typer.Option(None, "--process-count", "-n", help="long-lived processes"),
    churn_rate: float | None = typer.Option(None, "--churn-rate", help="short-lived starts per second"),
    duration: str | None = typer.Option(None, "--duration", "-d", help="e.g. 90s, 10m, 1h (default: profile's)"),
    seed: int | None = typer.Option(None, "--seed"),
    custom: Path | None = typer.Option(
        None, "--custom", exists=True, dir_okay=False, help="YAML/JSON definition of the custom profile"
    ),
    wait: bool = typer.Option(True, "--wait/--no-wait", help="show progress until the population is up"),
    url: str | None = URL,
    output: str = OUTPUT,
) -> None:
    """Start a simulation on the server."""
    client = ApiClient(url)
    s = client.post(BASE, json=_body(profile, process_count, churn_rate, duration, seed, custom))
    if wait:
        import time

        progress = _Progress()
        try:
            progress.update(s)
            while s["status"] == "starting":
                time.sleep(0.3)
                s = client.get(f"{BASE}/{s['id']}")
                progress.update(s)
        finally:
            progress.close()
    if output == "json":
        emit_json(s)
    else:
        _show(s)


@app.command()
def stop(simulation_id: str, url: str | None = URL, output: str = OUTPUT) -> None:
    """Stop a simulation (returns when its processes are gone)."""
    s = ApiClient(url).post(f"{BASE}/{simulation_id}/stop")
    if output == "json":
        emit_json(s)
    else:
        _show(s)


@app.command()
def status(
    simulation_id: str | None = typer.Argument(None, help="one simulation (default: all)"),
    url: str | None = URL,
    output: str = OUTPUT,
) -> None:
    """Live counts of one simulation, or of all of them."""
    client = ApiClient(url)
    data = client.get(f"{BASE}/{simulation_id}") if simulation_id else client.get(BASE)
    if output == "json":
        emit_json(data)
    elif simulation_id:
        _show(data)
    elif not data:
        typer.echo("no simulations")
    else:
        for s in data:
            _show(s)


def simulate(
    profile: str = typer.Option(..., "--profile", "-p", help=PROFILE_HELP),
    process_count: int | None = typer.Option(None, "--process-count", "-n", help="long-lived processes"),
    churn_rate: float | None = typer.Option(None, "--churn-rate", help="short-lived starts per second"),
    duration: str | None = typer.Option(None, "--duration", "-d", help="e.g. 90s, 10m, 1h (default: profile's)"),
    seed: int | None = typer.Option(None, "--seed"),
    custom: Path | None = typer.Option(
        None, "--custom", exists=True, dir_okay=False, help="YAML/JSON definition of the custom profile"
    ),
    linger: bool = typer.Option(
        False, "--linger", help="after the run, stay up (with no processes) until terminated: for a DaemonSet"
    ),
    metrics_port: int | None = typer.Option(None, "--metrics-port", help="serve phoenix_sim_* metrics here"),
    output: str = OUTPUT,
) -> None:
    """Run a simulation here in the foreground, without a server, until its duration ends or SIGTERM."""
    from pydantic import ValidationError

    from app.core.errors import PhoenixError
    from app.simulation.models import SimulationCreate
    from app.simulation.standalone import run_foreground

    try:
        request = SimulationCreate.model_validate(_body(profile, process_count, churn_rate, duration, seed, custom))
    except ValidationError as exc:
        fail("; ".join(f"{'.'.join(map(str, e['loc'])) or 'request'}: {e['msg']}" for e in exc.errors()), 2)
    progress = _Progress()
    last_status: list[str] = []

    def report(info: Any) -> None:
        data = info.model_dump(mode="json")
        progress.update(data)
        if data["status"] != "starting" and data["status"] not in last_status[-1:]:
            last_status.append(data["status"])
            typer.echo(_line(data), err=True)  # a line per status change; stdout keeps the final result

    try:
        final = run_foreground(request, on_progress=report, linger=linger, metrics_port=metrics_port)
    except PhoenixError as exc:
        details = f" {json.dumps(exc.details)}" if exc.details else ""
        fail(f"{exc.message}{details}", 2)
    finally:
        progress.close()
    data = final.model_dump(mode="json")
    if output == "json":
        emit_json(data)
    else:
        _show(data)
    if final.status == "failed":
        raise typer.Exit(1)
