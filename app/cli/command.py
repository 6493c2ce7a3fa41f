"""The one place a remote command's failure becomes output: every command of a `PhoenixTyper`
turns client errors into a clear message on stderr and exit code 1, never a traceback.

Typer's own usage errors (a bad `--output`, a missing argument) keep click's exit code 2.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

import typer
from typer.core import TyperCommand

from app.cli.connection import has_credentials, server_url
from app.client import PhoenixApiError, PhoenixUnreachable


def error_lines(exc: PhoenixApiError) -> list[str]:
    """One line for the error, then one per detail (a field path and its message), then the request id."""
    lines = [f"error: {exc.message} (HTTP {exc.status_code}, {exc.code})"]
    details = exc.details
    if isinstance(details, list):
        for d in details:
            if isinstance(d, dict) and "message" in d:
                lines.append(f"  {d.get('path') or '-'}: {d['message']}")
            else:
                lines.append(f"  {json.dumps(d, default=str)}")
    elif isinstance(details, dict):
        lines += [f"  {key}: {json.dumps(value, default=str)}" for key, value in details.items()]
    elif details:
        lines.append(f"  {details}")
    if exc.request_id:
        lines.append(f"  request id: {exc.request_id}")
    return lines


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def report(exc: PhoenixApiError | PhoenixUnreachable, url: str | None = None) -> None:
    if isinstance(exc, PhoenixUnreachable):
        typer.echo(
            f"error: {exc}\n  is Phoenix running (`phoenix serve`)? Point --server or PHOENIX_URL at it.", err=True
        )
        return
    lines = error_lines(exc)
    if exc.status_code == 401:
        known = url is not None and has_credentials(url)
        lines.append(
            "  log in again with `phoenix login`"
            if known
            else "  not logged in: run `phoenix login` (or set PHOENIX_API_KEY)"
        )
    typer.echo("\n".join(lines), err=True)


class ApiCommand(TyperCommand):
    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PhoenixUnreachable as exc:
            report(exc)
        except PhoenixApiError as exc:
            report(exc, server_url(ctx.params.get("server")))
        raise typer.Exit(1)


class PhoenixTyper(typer.Typer):
    """A Typer whose commands report client errors as messages (exit 1)."""

    def command(self, *args: Any, cls: type[TyperCommand] | None = None, **kwargs: Any) -> Any:
        return super().command(*args, cls=cls or ApiCommand, **kwargs)
