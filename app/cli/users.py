"""`phoenix users ...`: manage users directly in the database (no server needed; the way back in when
no admin can log in). On a running server, an admin does the same through the API: `phoenix users remote ...`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import typer
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import service
from app.auth.models import Role, UserCreate, UserRead, UserUpdate
from app.cli import users_remote
from app.cli.local_settings import local_settings
from app.cli.output import OUTPUT, Output, emit, field
from app.core.db import create_engine, create_sessionmaker
from app.core.errors import PhoenixError

app = typer.Typer(help="User accounts.", no_args_is_help=True)
T = TypeVar("T")


def _run(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    database_url = local_settings().database_url

    async def _go() -> T:
        engine = create_engine(database_url)
        try:
            async with create_sessionmaker(engine)() as session:
                return await work(session)
        finally:
            await engine.dispose()

    try:
        return asyncio.run(_go())
    except (PhoenixError, ValidationError) as exc:
        typer.echo(f"error: {getattr(exc, 'message', exc)}", err=True)
        raise typer.Exit(1) from None


COLUMNS = [field("id"), field("username"), field("role"), ("ACTIVE", lambda u: u["is_active"]), field("created_at")]


def _emit(rows: list[dict[str, Any]], output: Output) -> None:
    emit(rows, output, COLUMNS)


def _password(password: str | None) -> str:
    return password or typer.prompt("password", hide_input=True, confirmation_prompt=True)


@app.command("create")
def create(
    username: str,
    role: Role = typer.Option(Role.viewer, help="viewer, operator or admin"),
    password: str | None = typer.Option(None, help="omit to be prompted"),
    output: Output = OUTPUT,
) -> None:
    """Create a user."""
    data = UserCreate(username=username, password=_password(password), role=role)
    user = _run(lambda s: service.create_user(s, data=data))
    _emit([UserRead.model_validate(user).model_dump(mode="json")], output)


@app.command("list")
def list_(output: Output = OUTPUT) -> None:
    """List users."""
    users = _run(lambda s: service.list_users(s))
    _emit([UserRead.model_validate(u).model_dump(mode="json") for u in users], output)


@app.command("set-password")
def set_password(username: str, password: str | None = typer.Option(None, help="omit to be prompted")) -> None:
    """Set a user's password (also the way back in if the admin password is lost)."""
    new_password = _password(password)

    async def work(session: AsyncSession) -> None:
        user = await service.get_user_by_username(session, username=username)
        if user is None:
            raise PhoenixError(f"no user {username!r} in {local_settings().database_url}")
        await service.update_user(session, user_id=user.id, data=UserUpdate(password=new_password))

    _run(work)
    typer.echo(f"password of {username} updated")


app.add_typer(users_remote.app, name="remote")
