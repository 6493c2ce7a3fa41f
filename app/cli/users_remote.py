"""`phoenix users remote ...` (admin): the same user management through a running server's API."""

from __future__ import annotations

from typing import Any

import typer

from app.auth.models import Role
from app.cli.command import PhoenixTyper, fail
from app.cli.connection import SERVER, connect
from app.cli.output import OUTPUT, Output, emit, field
from app.client import routes

app = PhoenixTyper(help="Users through the server's API (admin).", no_args_is_help=True)
COLUMNS = [field("id"), field("username"), field("role"), ("ACTIVE", lambda u: u["is_active"]), field("created_at")]


@app.command("list")
def list_(server: str | None = SERVER, output: Output = OUTPUT) -> None:
    """Every user."""
    with connect(server) as phoenix:
        emit(phoenix.send(routes.users.list_()), output, COLUMNS)


@app.command()
def create(
    username: str,
    role: Role = typer.Option(Role.viewer, help="viewer, operator or admin"),
    password: str | None = typer.Option(None, help="omit to be prompted"),
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """Create a user."""
    secret = password or typer.prompt("password", hide_input=True, confirmation_prompt=True)
    with connect(server) as phoenix:
        user = phoenix.send(routes.users.create({"username": username, "password": secret, "role": role.value}))
    emit(user, output, COLUMNS)


@app.command()
def update(
    user_id: int,
    role: Role | None = typer.Option(None, help="a new role (revokes the user's tokens)"),
    active: bool | None = typer.Option(None, "--active/--inactive", help="enable or disable the account"),
    password: bool = typer.Option(False, "--password", help="set a new password (prompted)"),
    server: str | None = SERVER,
    output: Output = OUTPUT,
) -> None:
    """Change a user's role, password or whether it is active."""
    body: dict[str, Any] = {}
    if role is not None:
        body["role"] = role.value
    if active is not None:
        body["is_active"] = active
    if password:
        body["password"] = typer.prompt("new password", hide_input=True, confirmation_prompt=True)
    if not body:
        fail("nothing to change: give --role, --active/--inactive or --password", 2)
    with connect(server) as phoenix:
        emit(phoenix.send(routes.users.update(user_id, body)), output, COLUMNS)


@app.command()
def delete(user_id: int, server: str | None = SERVER) -> None:
    """Delete a user."""
    with connect(server) as phoenix:
        phoenix.send(routes.users.delete(user_id))
    typer.echo(f"deleted user {user_id}")
