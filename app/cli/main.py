"""The `phoenix` command: serve, database migrations and user management."""

from __future__ import annotations

import typer

from app.cli import db, experiment, loadsim, pipeline, users
from app.cli.client import DEFAULT_URL, save_credentials

cli = typer.Typer(help="Phoenix: cut the cost of OpenTelemetry host process metrics.", no_args_is_help=True)
cli.add_typer(db.app, name="db")
cli.add_typer(users.app, name="users")
cli.add_typer(pipeline.app, name="pipeline")
cli.add_typer(experiment.app, name="experiment")
cli.add_typer(loadsim.app, name="loadsim")
cli.command("simulate")(loadsim.simulate)


@cli.command()
def login(
    username: str = typer.Option(..., prompt=True),
    password: str = typer.Option(..., prompt=True, hide_input=True),
    url: str = typer.Option(None, "--url", help="Phoenix server (default PHOENIX_URL or http://127.0.0.1:8080)"),
) -> None:
    """Log in and save the tokens for the other commands (~/.config/phoenix/credentials.json, mode 600)."""
    import os

    import httpx

    base = (url or os.environ.get("PHOENIX_URL") or DEFAULT_URL).rstrip("/")
    try:
        response = httpx.post(f"{base}/api/v1/auth/login", json={"username": username, "password": password})
    except httpx.HTTPError as exc:
        typer.echo(f"error: cannot reach Phoenix at {base}: {exc}", err=True)
        raise typer.Exit(1) from None
    if response.status_code != 200:
        typer.echo(f"error: {response.json().get('error', {}).get('message', response.text)}", err=True)
        raise typer.Exit(1)
    path = save_credentials(base, response.json())
    typer.echo(f"logged in to {base} as {username}; token saved in {path}")


@cli.command()
def serve(
    host: str | None = typer.Option(None, help="bind address (default PHOENIX_HOST or 127.0.0.1)"),
    port: int | None = typer.Option(None, help="port (default PHOENIX_PORT or 8080)"),
) -> None:
    """Run the API, the console and the scheduler in one process."""
    import uvicorn

    from app.core.config import get_settings
    from app.core.logging import configure_logging

    try:
        settings = get_settings()
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    configure_logging(settings.log_level, settings.log_format)
    bind_host, bind_port = host or settings.host, port or settings.port
    typer.echo(f"Phoenix on http://{bind_host}:{bind_port}  (API docs: http://{bind_host}:{bind_port}/docs)")
    uvicorn.run(
        "app.main:create_app_from_env",
        factory=True,
        host=bind_host,
        port=bind_port,
        log_config=None,
        # uvicorn would believe X-Forwarded-For from 127.0.0.1 (FORWARDED_ALLOW_IPS); the app decides
        # instead, from PHOENIX_TRUSTED_PROXIES only (app.core.proxy).
        proxy_headers=False,
        # Open event streams never finish on their own: on shutdown they get this long, then close.
        timeout_graceful_shutdown=5,
    )


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
