"""`phoenix api-key ...` (admin): keys for scripts and CI. A key is shown once, when created."""

from __future__ import annotations

import typer

from app.auth.models import Role
from app.cli.command import PhoenixTyper
from app.cli.connection import SERVER, connect
from app.cli.output import OUTPUT, Output, emit, field
from app.client import routes

app = PhoenixTyper(help="API keys: create, list, revoke.", no_args_is_help=True)
COLUMNS = [
    field("id"),
    field("name"),
    field("prefix"),
    field("role"),
    field("user_id", "USER"),
    field("last_used_at", "LAST USED"),
    field("revoked_at", "REVOKED"),
]


@app.command()
def create(
    name: str,
    role: Role = typer.Option(Role.operator, help="viewer, operator or admin (never above yours)"),
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """Create a key; it is shown once: store it now (PHOENIX_API_KEY or `phoenix login --api-key`)."""
    with connect(server) as phoenix:
        created = phoenix.send(routes.api_keys.create(name, role))
    emit(created, output, [*COLUMNS[:4], field("key")])
    if output == Output.table:
        typer.echo("the key is shown only now: store it", err=True)


@app.command("list")
def list_(server: str | None = SERVER, output: Output = OUTPUT) -> None:
    """Every key (never the key itself)."""
    with connect(server) as phoenix:
        emit(phoenix.send(routes.api_keys.list_()), output, COLUMNS)


@app.command()
def revoke(key_id: int, server: str | None = SERVER, output: Output = OUTPUT) -> None:
    """Revoke a key; it stops working at once."""
    with connect(server) as phoenix:
        emit(phoenix.send(routes.api_keys.revoke(key_id)), output, COLUMNS)
