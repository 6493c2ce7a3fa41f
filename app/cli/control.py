"""`phoenix control ...`: control signals to experiments and deployments, drift reports, the loop's state."""

from __future__ import annotations

from typing import Any

import typer

from app.cli.command import PhoenixTyper, fail
from app.cli.connection import SERVER, connect
from app.cli.output import OUTPUT, Output, dump, emit, field
from app.cli.parameters import parse_set
from app.client import routes
from app.control.models import SignalKind

app = PhoenixTyper(help="The control loop: signals, drift, status.", no_args_is_help=True)
SIGNAL_COLUMNS = [
    field("id"),
    field("kind"),
    field("experiment_id", "EXPERIMENT"),
    field("deployment_id", "DEPLOYMENT"),
    field("status"),
    field("error"),
    field("created_at"),
]


@app.command()
def signal(
    kind: SignalKind = typer.Argument(..., help="what to do"),
    experiment_id: str | None = typer.Option(None, "--experiment", "-e", help="the experiment it acts on"),
    deployment_id: str | None = typer.Option(None, "--deployment", "-d", help="or the deployment it acts on"),
    variant: str | None = typer.Option(None, help="baseline or candidate (config_update)"),
    set_: list[str] = typer.Option([], "--set", help="config_update: template parameter key=value (repeatable)"),
    namespace: str | None = typer.Option(None, help="retarget: the new namespace"),
    reason: str = typer.Option("", help="recorded with the signal"),
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """Send a control signal; it runs at once and its outcome is shown (exit 1 if it failed)."""
    if (experiment_id is None) == (deployment_id is None):
        fail("give exactly one of --experiment or --deployment", 2)
    body: dict[str, Any] = {
        "kind": kind.value,
        "experiment_id": experiment_id,
        "deployment_id": deployment_id,
        "variant": variant,
        "parameters": parse_set(set_) or None,
        "target": {"namespace": namespace} if namespace else None,
        "reason": reason,
    }
    with connect(server) as phoenix:
        sent = phoenix.send(routes.control.send_signal({k: v for k, v in body.items() if v is not None}))
    emit(sent, output, SIGNAL_COLUMNS)
    if sent.error:
        raise typer.Exit(1)


@app.command()
def signals(
    signal_id: str | None = typer.Argument(None, help="one signal (default: the recent ones)"),
    experiment_id: str | None = typer.Option(None, "--experiment", "-e", help="only this experiment's"),
    limit: int = typer.Option(50, min=1, max=500),
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """Recent control signals and their outcomes, newest first."""
    with connect(server) as phoenix:
        if signal_id:
            found: Any = phoenix.send(routes.control.signal(signal_id))
        else:
            found = phoenix.send(routes.control.signals(experiment_id=experiment_id, limit=limit))
    emit(found, output, SIGNAL_COLUMNS)


@app.command()
def status(server: str | None = SERVER, output: Output = OUTPUT) -> None:
    """The loop: runtime, leader, each job's last run and errors, the last reconcile, open drift."""
    with connect(server) as phoenix:
        state = phoenix.send(routes.control.status())
    if output != Output.table:
        dump(state, output)
        return
    data = state.model_dump(mode="json")
    typer.echo(f"runtime {data['runtime']}; open drift reports {data['open_drift_reports']}")
    typer.echo(f"drift auto-remediation {'on' if data['drift_auto_remediate'] else 'off'}")
    emit([data["leader"]], output, [(key.upper(), _getter(key)) for key in data["leader"]], title="leader")
    jobs = [{"job": job_id, **job} for job_id, job in data["scheduler"]["jobs"].items()]
    if jobs:
        emit(jobs, output, [(key.upper(), _getter(key)) for key in jobs[0]], title="jobs")
    if data["last_reconcile"]:
        last = data["last_reconcile"]
        emit([last], output, [(key.upper(), _getter(key)) for key in last], title="last reconcile")


def _getter(key: str) -> Any:
    return lambda row: row.get(key)


@app.command()
def drift(
    open_only: bool = typer.Option(False, "--open", help="only unresolved reports"),
    limit: int = typer.Option(100, min=1, max=500),
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """Drift reports, newest first: what a runtime runs that Phoenix did not apply, and KPI drift."""
    with connect(server) as phoenix:
        reports = phoenix.send(routes.control.drift(open_only=open_only, limit=limit))
    columns = [field("id"), field("kind"), field("subject"), field("score"), field("recommended_action", "ACTION")]
    emit(reports, output, [*columns, field("remediated"), field("detected_at")])


@app.command()
def live(server: str | None = SERVER, output: Output = OUTPUT) -> None:
    """Each active deployment's latest live KPIs (sampled by the drift detector every reconcile interval)."""
    with connect(server) as phoenix:
        samples = phoenix.send(routes.control.live_deployments())
    columns = [field("deployment_name", "DEPLOYMENT"), field("taken_at"), field("input_series"), field("output_series")]
    emit(samples, output, [*columns, field("critical_retention")])
