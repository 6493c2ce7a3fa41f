"""`phoenix deployment ...`: standing deployments (a promoted variant), their history, pause, resume
and rollback."""

from __future__ import annotations

from pathlib import Path

import typer

from app.cli.command import PhoenixTyper
from app.cli.connection import SERVER, connect
from app.cli.files import read_yaml, report_invalid
from app.cli.output import OUTPUT, Output, dump, emit, field
from app.client import PhoenixApiError, routes

app = PhoenixTyper(help="Standing deployments: list, show, pause, resume, roll back.", no_args_is_help=True)
COLUMNS = [
    field("id"),
    field("name"),
    field("status"),
    field("config_hash"),
    field("source_experiment_id", "FROM EXPERIMENT"),
    field("version"),
]
REASON = typer.Option("", help="recorded with the transition")


@app.command("list")
def list_(
    include_inactive: bool = typer.Option(False, "--all", help="also replaced and removed ones"),
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """Deployments, active ones unless --all."""
    with connect(server) as phoenix:
        emit(phoenix.send(routes.deployments.list_(include_inactive=include_inactive)), output, COLUMNS)


@app.command()
def show(deployment_id: str, server: str | None = SERVER, output: Output = OUTPUT) -> None:
    """One deployment, its transitions and its config."""
    with connect(server) as phoenix:
        detail = phoenix.send(routes.deployments.get(deployment_id))
        transitions = phoenix.send(routes.deployments.transitions(deployment_id))
    if output != Output.table:
        dump({**detail.model_dump(mode="json"), "transitions": transitions}, output)
        return
    emit(detail, output, COLUMNS)
    history = [field("created_at", "AT"), field("from_status", "FROM"), field("to_status", "TO"), field("trigger")]
    emit(transitions, output, [*history, field("reason")], title="transitions")
    typer.echo(detail.config_yaml, nl=False)


@app.command()
def create(
    file: Path = typer.Option(..., "--file", "-f", exists=True, dir_okay=False, help="deployment YAML"),
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """Deploy a pipeline directly (name, pipeline: {template, parameters} or {pipeline_id}, target)."""
    spec = read_yaml(file)
    with connect(server) as phoenix:
        try:
            emit(phoenix.send(routes.deployments.create(spec.data)), output, COLUMNS)
        except PhoenixApiError as exc:
            report_invalid(spec, exc)


@app.command()
def pause(deployment_id: str, reason: str = REASON, server: str | None = SERVER, output: Output = OUTPUT) -> None:
    """Pause a deployment (the runtime stops running it; Phoenix keeps it)."""
    with connect(server) as phoenix:
        emit(phoenix.send(routes.deployments.pause(deployment_id, reason)), output, COLUMNS)


@app.command()
def resume(deployment_id: str, reason: str = REASON, server: str | None = SERVER, output: Output = OUTPUT) -> None:
    """Resume a paused deployment."""
    with connect(server) as phoenix:
        emit(phoenix.send(routes.deployments.resume(deployment_id, reason)), output, COLUMNS)


@app.command()
def rollback(deployment_id: str, reason: str = REASON, server: str | None = SERVER, output: Output = OUTPUT) -> None:
    """Put back what this deployment replaced on its target."""
    with connect(server) as phoenix:
        result = phoenix.send(routes.deployments.rollback(deployment_id, reason))
    if output != Output.table:
        dump(result, output)
        return
    emit([result.restored, result.removed], output, COLUMNS, title="restored (first) and removed")


@app.command()
def delete(deployment_id: str, server: str | None = SERVER, output: Output = OUTPUT) -> None:
    """Remove a deployment from its target."""
    with connect(server) as phoenix:
        emit(phoenix.send(routes.deployments.delete(deployment_id)), output, COLUMNS)
