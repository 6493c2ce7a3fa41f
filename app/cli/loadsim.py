"""`phoenix loadsim ...` (simulations on a Phoenix server) and `phoenix simulate` (one in the foreground).

`loadsim` talks to the REST API; starting shows a progress bar (on stderr, so `--output json` stays
parseable) while the population is spawned. `simulate` runs the simulator here, without a server:
it is the entry point of the Kubernetes Job/DaemonSet that runs a simulation on a target node.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import typer

from app.cli.command import PhoenixTyper, fail
from app.cli.connection import SERVER, connect
from app.cli.files import read_yaml
from app.cli.output import OUTPUT, Output, dump, emit, field
from app.client import routes
from app.simulation.profiles import BUILTIN_PROFILE_NAMES, CUSTOM_PROFILE

app = PhoenixTyper(help="Process load simulations: list profiles, start, stop, status.", no_args_is_help=True)
PROFILE_HELP = f"{', '.join(BUILTIN_PROFILE_NAMES)} or {CUSTOM_PROFILE}"
# Starting answers at once; the population is spawned meanwhile. How often the bar is refreshed:
POLL_SECONDS = 0.3
COLUMNS = [
    field("id"),
    field("profile"),
    field("status"),
    field("active_processes", "ACTIVE"),
    field("started"),
    field("exited"),
    ("CHURN/S", lambda s: f"{s['churn_rate_achieved']:.1f}"),
    ("NOTES", lambda s: "; ".join([*(s.get("notes") or []), *([f"error: {s['error']}"] if s.get("error") else [])])),
]


def _custom(path: Path | None) -> dict[str, Any] | None:
    if path is None:
        return None
    return dict(read_yaml(path).data)


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


def _show(s: Any, output: Output) -> None:
    emit(s, output, COLUMNS)


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
def list_profiles(server: str | None = SERVER, output: Output = OUTPUT) -> None:
    """The load profiles and the host's process cap."""
    with connect(server) as phoenix:
        data = phoenix.send(routes.simulations.profiles())
    if output != Output.table:
        dump(data, output)
        return
    columns = [
        field("name"),
        ("PROCESSES", lambda p: "-".join(str(n) for n in p["process_count_range"])),
        ("CHURN/S", lambda p: "-".join(f"{n:g}" for n in p["churn_rate_range"])),
        field("description"),
    ]
    emit(data.profiles, output, columns)
    typer.echo(f"host cap: {data.host_cap} simulated processes ({data.in_use} in use)")


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
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """Start a simulation on the server."""
    body = _body(profile, process_count, churn_rate, duration, seed, custom)
    with connect(server) as phoenix:
        s = phoenix.send(routes.simulations.start(body))
        if wait:
            progress = _Progress()
            try:
                progress.update(s.model_dump(mode="json"))
                while s.status == "starting":  # bounded: the server ends `starting` (running or failed)
                    time.sleep(POLL_SECONDS)
                    s = phoenix.send(routes.simulations.get(s.id))
                    progress.update(s.model_dump(mode="json"))
            finally:
                progress.close()
    _show(s, output)


@app.command()
def stop(simulation_id: str, server: str | None = SERVER, output: Output = OUTPUT) -> None:
    """Stop a simulation (returns when its processes are gone)."""
    with connect(server) as phoenix:
        _show(phoenix.send(routes.simulations.stop(simulation_id)), output)


@app.command()
def status(
    simulation_id: str | None = typer.Argument(None, help="one simulation (default: all)"),
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """Live counts of one simulation, or of all of them."""
    with connect(server) as phoenix:
        found: Any = (
            phoenix.send(routes.simulations.get(simulation_id))
            if simulation_id
            else phoenix.send(routes.simulations.list_())
        )
    if output == Output.table and found == []:
        typer.echo("no simulations")
        return
    _show(found, output)


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
    output: Output = OUTPUT,
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
    _show(final, output)
    if final.status == "failed":
        raise typer.Exit(1)
