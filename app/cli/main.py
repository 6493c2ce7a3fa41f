"""The `phoenix` command. `serve`, `db` and `users` work on this machine's settings and database;
every other command talks to a Phoenix server through the Python client (`app.client`)."""

from __future__ import annotations

import typer

from app.cli import api_keys, control, db, deployment, experiment, loadsim, login, pipeline, users
from app.cli.command import PhoenixTyper

cli = PhoenixTyper(help="Phoenix: cut the cost of OpenTelemetry host process metrics.", no_args_is_help=True)
cli.add_typer(pipeline.app, name="pipeline")
cli.add_typer(experiment.app, name="experiment")
cli.add_typer(deployment.app, name="deployment")
cli.add_typer(control.app, name="control")
cli.add_typer(loadsim.app, name="loadsim")
cli.add_typer(api_keys.app, name="api-key")
cli.add_typer(users.app, name="users")
cli.add_typer(db.app, name="db")
cli.command()(login.login)
cli.command()(login.logout)
cli.command()(login.whoami)
cli.command("simulate")(loadsim.simulate)


@cli.command()
def serve(
    host: str | None = typer.Option(None, help="bind address (default PHOENIX_HOST or 127.0.0.1)"),
    port: int | None = typer.Option(None, help="port (default PHOENIX_PORT or 8080)"),
) -> None:
    """Run the API, the console and the scheduler in one process."""
    import uvicorn

    from app.cli.local_settings import local_settings
    from app.core.logging import configure_logging

    settings = local_settings()
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
