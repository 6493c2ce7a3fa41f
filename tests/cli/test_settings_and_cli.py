"""Settings refuse unsafe defaults; the CLI manages users and migrations without a server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from app.core.config import Settings


def test_jwt_secret_required_outside_dev() -> None:
    with pytest.raises(ValidationError, match="PHOENIX_JWT_SECRET"):
        Settings(_env_file=None, env="prod", jwt_secret=None)
    dev = Settings(_env_file=None, env="dev", jwt_secret=None)
    assert dev.jwt_secret and len(dev.jwt_secret) >= 32
    assert Settings(_env_file=None, env="dev").jwt_secret != dev.jwt_secret  # per process, never a constant


def test_defaults() -> None:
    settings = Settings(_env_file=None, env="dev")
    assert settings.database_url == "sqlite+aiosqlite:///./phoenix.db"
    assert (settings.host, settings.port, settings.runtime) == ("127.0.0.1", 8080, "local")


def _phoenix(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PHOENIX_")}
    clean.update({"PHOENIX_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}", **env})
    return subprocess.run(
        [sys.executable, "-m", "app.cli.main", *args],
        capture_output=True,
        text=True,
        env=clean,
        cwd=tmp_path,
        timeout=120,
    )


def test_serve_refuses_to_start_without_secret(tmp_path: Path) -> None:
    result = _phoenix(["serve"], tmp_path)
    assert result.returncode == 2
    assert "PHOENIX_JWT_SECRET is not set" in result.stderr


def test_cli_db_and_users(tmp_path: Path) -> None:
    env = {"PHOENIX_JWT_SECRET": "s" * 40}
    assert _phoenix(["db", "upgrade"], tmp_path, **env).returncode == 0
    created = _phoenix(
        ["users", "create", "ops1", "--role", "operator", "--password", "a-long-password", "-o", "json"],
        tmp_path,
        **env,
    )
    assert created.returncode == 0, created.stderr
    assert '"role": "operator"' in created.stdout

    duplicate = _phoenix(["users", "create", "ops1", "--password", "a-long-password"], tmp_path, **env)
    assert duplicate.returncode == 1 and "already exists" in duplicate.stderr

    listing = _phoenix(["users", "list"], tmp_path, **env)
    assert "ops1" in listing.stdout and "operator" in listing.stdout
    changed = _phoenix(["users", "set-password", "ops1", "--password", "another-long-password"], tmp_path, **env)
    assert changed.returncode == 0
    missing = _phoenix(["users", "set-password", "nobody", "--password", "another-long-password"], tmp_path, **env)
    assert missing.returncode == 1 and "no user" in missing.stderr
