"""`phoenix db ...`: apply or revert the migration chain (on the database of the local settings)."""

from __future__ import annotations

import typer

from app.cli.local_settings import local_settings
from app.core import migrations

app = typer.Typer(help="Database migrations.", no_args_is_help=True)


@app.command()
def upgrade(revision: str = typer.Argument("head")) -> None:
    """Apply migrations up to REVISION (default: head)."""
    migrations.upgrade(local_settings().database_url, revision)
    typer.echo(f"database at {revision}")


@app.command()
def downgrade(revision: str = typer.Argument(..., help="target revision, e.g. base")) -> None:
    """Revert migrations down to REVISION."""
    migrations.downgrade(local_settings().database_url, revision)
    typer.echo(f"database at {revision}")
