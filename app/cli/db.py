"""`phoenix db ...`: apply or inspect the migration chain."""

from __future__ import annotations

import typer

from app.core import migrations
from app.core.config import get_settings

app = typer.Typer(help="Database migrations.", no_args_is_help=True)


@app.command()
def upgrade(revision: str = typer.Argument("head")) -> None:
    """Apply migrations up to REVISION (default: head)."""
    migrations.upgrade(get_settings().database_url, revision)
    typer.echo(f"database at {revision}")


@app.command()
def downgrade(revision: str = typer.Argument(..., help="target revision, e.g. base")) -> None:
    """Revert migrations down to REVISION."""
    migrations.downgrade(get_settings().database_url, revision)
    typer.echo(f"database at {revision}")
