"""`phoenix users ...`: manage users directly in the database (no server needed)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import typer
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import service
from app.auth.models import Role, UserCreate, UserRead, UserUpdate
from app.core.config import get_settings
from app.core.db import create_engine, create_sessionmaker
from app.core.errors import PhoenixError

app = typer.Typer(help="User accounts.", no_args_is_help=True)
T = TypeVar("T")


def _run(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    async def _go() -> T:
        engine = create_engine(get_settings().database_url)
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


def _emit(rows: list[dict[str, Any]], output: str) -> None:
    if output == "json":
        typer.echo(json.dumps(rows, indent=2, default=str))
        return
    for row in rows:
        typer.echo(
            f"{row['id']:>4}  {row['username']:<24} {row['role']:<9} {'active' if row['is_active'] else 'disabled'}"
        )


def _password(password: str | None) -> str:
    return password or typer.prompt("password", hide_input=True, confirmation_prompt=True)


@app.command("create")
def create(
    username: str,
    role: Role = typer.Option(Role.viewer, help="viewer, operator or admin"),
    password: str | None = typer.Option(None, help="omit to be prompted"),
    output: str = typer.Option("text", "--output", "-o", help="text or json"),
) -> None:
    """Create a user."""
    data = UserCreate(username=username, password=_password(password), role=role)
    user = _run(lambda s: service.create_user(s, data=data))
    _emit([UserRead.model_validate(user).model_dump(mode="json")], output)


@app.command("list")
def list_(output: str = typer.Option("text", "--output", "-o", help="text or json")) -> None:
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
            raise PhoenixError(f"no user {username!r}")
        await service.update_user(session, user_id=user.id, data=UserUpdate(password=new_password))

    _run(work)
    typer.echo(f"password of {username} updated")
