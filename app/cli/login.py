"""`phoenix login`, `logout` and `whoami`: the credential the remote commands use, stored per user."""

from __future__ import annotations

import typer

from app.cli import credentials
from app.cli.command import fail
from app.cli.connection import SERVER, connect, server_url
from app.cli.output import OUTPUT, Output, emit, field
from app.client import PhoenixClient, PhoenixClientError, routes


def login(
    username: str | None = typer.Option(None, "--username", "-u", help="prompted for when omitted"),
    password: str | None = typer.Option(None, "--password", help="prompted for when omitted"),
    api_key: str | None = typer.Option(None, "--api-key", help="store an API key instead of logging in"),
    server: str | None = SERVER,
) -> None:
    """Log in (or check an API key) and store the credential in the user's config dir, mode 0600."""
    url = server_url(server)
    if api_key:
        with PhoenixClient(url, api_key=api_key) as phoenix:
            me = phoenix.send(routes.auth.me())
        stored = credentials.StoredLogin(url=url, api_key=api_key)
    else:
        username = username or typer.prompt("username")
        password = password or typer.prompt("password", hide_input=True)
        with PhoenixClient(url) as phoenix:
            tokens = phoenix.login(username, password)
            me = phoenix.send(routes.auth.me())
        stored = credentials.StoredLogin(url=url, access_token=tokens.access_token, refresh_token=tokens.refresh_token)
    path = credentials.save(stored)
    typer.echo(f"logged in to {url} as {me.username} ({me.role.value}); credential saved in {path}")


def logout(server: str | None = SERVER) -> None:
    """Revoke the stored tokens on the server (when it answers) and forget the stored credential."""
    stored = credentials.load()
    if stored is None:
        fail("not logged in")
    if stored.refresh_token:
        try:
            with connect(server or stored.url) as phoenix:
                phoenix.send(routes.auth.logout(stored.refresh_token))
        except PhoenixClientError as exc:  # still forget the credential here
            typer.echo(f"warning: the server did not revoke the tokens: {exc}", err=True)
    credentials.forget()
    typer.echo(f"logged out of {stored.url}")


def whoami(server: str | None = SERVER, output: Output = OUTPUT) -> None:
    """Who the stored credential (or PHOENIX_API_KEY) is on the server, and how it authenticates."""
    with connect(server) as phoenix:
        emit(phoenix.send(routes.auth.me()), output, [field("id"), field("username"), field("role"), field("auth")])
