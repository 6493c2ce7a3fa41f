"""Which server the remote commands talk to and with which credential.

Server: `--server` (alias `--url`), else `PHOENIX_URL`, else the stored login's server, else
http://127.0.0.1:8080. Credential: `PHOENIX_API_KEY`, else the stored login, but only for the server
it was made for (a token is never sent to another server). No credential: the server's 401 says how
to log in.
"""

from __future__ import annotations

import os

import typer

from app.auth.models import TokenPair
from app.cli import credentials
from app.client import PhoenixClient

DEFAULT_URL = "http://127.0.0.1:8080"
SERVER = typer.Option(
    None, "--server", "--url", help="Phoenix server (default: PHOENIX_URL, the stored login, http://127.0.0.1:8080)"
)


def server_url(server: str | None) -> str:
    stored = credentials.load()
    url = server or os.environ.get("PHOENIX_URL") or (stored.url if stored else None) or DEFAULT_URL
    return url.rstrip("/")


def has_credentials(url: str) -> bool:
    stored = credentials.load()
    return bool(os.environ.get("PHOENIX_API_KEY") or (stored and stored.url == url))


def connect(server: str | None, timeout: float = 30.0) -> PhoenixClient:
    url = server_url(server)
    api_key = os.environ.get("PHOENIX_API_KEY")
    if api_key:
        return PhoenixClient(url, api_key=api_key, timeout=timeout)
    stored = credentials.load()
    if stored is None or stored.url != url:
        return PhoenixClient(url, timeout=timeout)
    if stored.api_key:
        return PhoenixClient(url, api_key=stored.api_key, timeout=timeout)

    def keep(tokens: TokenPair) -> None:
        credentials.save(stored.model_copy(update=tokens.model_dump(include={"access_token", "refresh_token"})))

    return PhoenixClient(
        url, token=stored.access_token, refresh_token=stored.refresh_token, on_refresh=keep, timeout=timeout
    )
