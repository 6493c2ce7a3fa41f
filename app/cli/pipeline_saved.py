"""`phoenix pipeline create|update|versions|diff|delete`: saved custom pipelines, versioned on the server."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import typer

from app.cli.command import fail
from app.cli.connection import SERVER, connect
from app.cli.files import read_text
from app.cli.output import OUTPUT, Output, emit, field
from app.client import routes

CONFIG = typer.Option(..., "--file", "-f", exists=True, dir_okay=False, help="collector config YAML")
_COLUMNS = [
    field("id"),
    field("name"),
    field("version"),
    ("VALID", lambda p: p["validation"]["valid"]),
    field("updated_at"),
]


def show_list(pipelines: list[Any], output: Output) -> None:
    emit(pipelines, output, _COLUMNS)


def show_one(pipeline: Any, output: Output) -> None:
    emit(pipeline, output, _COLUMNS)
    if output == Output.table:
        typer.echo(pipeline.config_yaml, nl=False)


def create(
    name: str = typer.Argument(..., help="a DNS-1123 name"),
    file: Path = CONFIG,
    description: str = typer.Option("", help="what it is for"),
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """Save a collector config as a custom pipeline (version 1); errors refuse it, policies never do."""
    body = {"name": name, "description": description, "config_yaml": read_text(file)}
    with connect(server) as phoenix:
        emit(phoenix.send(routes.pipelines.create(body)), output, _COLUMNS)


def update(
    pipeline_id: str,
    file: Path = CONFIG,
    description: str | None = typer.Option(None, help="a new description"),
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """Save a new version of a custom pipeline (refused with 409 if someone saved one meanwhile)."""
    with connect(server) as phoenix:
        current = phoenix.send(routes.pipelines.get(pipeline_id))
        body: dict[str, Any] = {"config_yaml": read_text(file), "version": current.version}
        if description is not None:
            body["description"] = description
        emit(phoenix.send(routes.pipelines.update(pipeline_id, body)), output, _COLUMNS)


def versions(pipeline_id: str, server: str | None = SERVER, output: Output = OUTPUT) -> None:
    """The versions of a custom pipeline, newest first."""
    with connect(server) as phoenix:
        rows = phoenix.send(routes.pipelines.versions(pipeline_id))
    emit(rows, output, [field("version"), field("created_by"), field("created_at")])


def diff(
    pipeline_id: str,
    old: int | None = typer.Argument(None, help="older version (default: the one before NEW)"),
    new: int | None = typer.Argument(None, help="newer version (default: current)"),
    server: str | None = SERVER,
) -> None:
    """A unified diff of two versions' configs (exit 0 either way; empty when they are equal)."""
    with connect(server) as phoenix:
        after = phoenix.send(routes.pipelines.get(pipeline_id, new))
        before_version = old if old is not None else after.version - 1
        if before_version < 1:
            fail(f"{pipeline_id} has only version {after.version}: nothing to compare", 1)
        before = phoenix.send(routes.pipelines.get(pipeline_id, before_version))
    lines = difflib.unified_diff(
        before.config_yaml.splitlines(keepends=True),
        after.config_yaml.splitlines(keepends=True),
        fromfile=f"{after.name} v{before.version}",
        tofile=f"{after.name} v{after.version}",
    )
    typer.echo("".join(lines), nl=False)


def delete(pipeline_id: str, server: str | None = SERVER) -> None:
    """Delete a custom pipeline (refused while an experiment or deployment runs it)."""
    with connect(server) as phoenix:
        phoenix.send(routes.pipelines.delete(pipeline_id))
    typer.echo(f"deleted pipeline {pipeline_id}")
