"""Settings for the commands that work on the database directly (`users`, `db`, `serve`): a mistake in
them is one clear message (exit 2), never a pydantic traceback, wherever the command runs from."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from app.cli.command import fail
from app.core.config import Settings, get_settings


def local_settings() -> Settings:
    try:
        return get_settings()
    except ValidationError as exc:
        problems = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
        env_file = Path.cwd() / ".env"
        where = f"{env_file}" if env_file.exists() else f"PHOENIX_* variables (no .env in {Path.cwd()})"
        fail(f"settings from {where}: {problems}", 2)
