"""The login `phoenix login` stores: server URL plus a token pair or an API key, in the user's config
dir (`typer.get_app_dir("phoenix")`, e.g. ~/.config/phoenix/credentials.json), readable by the user only."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer
from pydantic import BaseModel


class StoredLogin(BaseModel):
    url: str
    access_token: str | None = None
    refresh_token: str | None = None
    api_key: str | None = None


def credentials_file() -> Path:
    return Path(typer.get_app_dir("phoenix")) / "credentials.json"


def load() -> StoredLogin | None:
    try:
        return StoredLogin.model_validate_json(credentials_file().read_text())
    except (OSError, ValueError):
        return None


def save(login: StoredLogin) -> Path:
    """Write with mode 0600 from the first byte (never a moment readable by others)."""
    path = credentials_file()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(json.dumps(login.model_dump(exclude_none=True)))
    path.chmod(0o600)  # an older file may have had a wider mode
    return path


def forget() -> bool:
    try:
        credentials_file().unlink()
        return True
    except FileNotFoundError:
        return False
