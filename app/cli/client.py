"""The CLI's REST client: where the server is, how to authenticate, and errors as readable lines.

Server: `--url`, else `PHOENIX_URL`, else http://127.0.0.1:8080. Credentials: `PHOENIX_API_KEY`
(sent as X-API-Key), else the token saved by `phoenix login` in ~/.config/phoenix/credentials.json.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, NoReturn

import httpx
import typer

from app.core import safe_yaml

DEFAULT_URL = "http://127.0.0.1:8080"


def credentials_file() -> Path:
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "phoenix" / "credentials.json"


def save_credentials(url: str, tokens: dict[str, Any]) -> Path:
    path = credentials_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    stored = {"url": url, "access_token": tokens["access_token"], "refresh_token": tokens["refresh_token"]}
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(json.dumps(stored))
    return path


def _load_credentials() -> dict[str, Any]:
    try:
        return json.loads(credentials_file().read_text())
    except (OSError, ValueError):
        return {}


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def read_yaml_file(path: Path) -> Any:
    """A YAML (or JSON) file through the one safe loader; an unreadable file is a one-line error."""
    try:
        return safe_yaml.load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{path}: {exc}")
    except safe_yaml.SafeYamlError as exc:
        where = f":{exc.line}" if exc.line else ""
        fail(f"{path}{where}: {exc.message}")


class ApiClient:
    def __init__(self, url: str | None = None, timeout: float = 30) -> None:
        saved = _load_credentials()
        self.url = (url or os.environ.get("PHOENIX_URL") or saved.get("url") or DEFAULT_URL).rstrip("/")
        headers = {}
        if os.environ.get("PHOENIX_API_KEY"):
            headers["X-API-Key"] = os.environ["PHOENIX_API_KEY"]
        elif saved.get("access_token"):
            headers["Authorization"] = f"Bearer {saved['access_token']}"
        self._saved = saved
        self._http = httpx.Client(base_url=self.url, headers=headers, timeout=timeout)

    def _refresh(self) -> bool:
        """Swap an expired access token for a new pair, once, using the saved refresh token."""
        if "X-API-Key" in self._http.headers or not self._saved.get("refresh_token"):
            return False
        response = self._http.post("/api/v1/auth/refresh", json={"refresh_token": self._saved["refresh_token"]})
        if response.status_code != 200:
            return False
        save_credentials(self.url, response.json())
        self._saved = _load_credentials()
        self._http.headers["Authorization"] = f"Bearer {self._saved['access_token']}"
        return True

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        """The decoded JSON of a 2xx answer; any error ends the command with the server's message."""
        try:
            response = self._http.request(method, path, **kwargs)
            if response.status_code == 401 and self._refresh():
                response = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            fail(f"cannot reach Phoenix at {self.url}: {exc}")
        if response.status_code >= 400:
            self._raise(response)
        return response.json() if response.content else None

    @staticmethod
    def _raise(response: httpx.Response) -> NoReturn:
        try:
            error = response.json()["error"]
        except (ValueError, KeyError, TypeError):
            fail(f"HTTP {response.status_code}: {response.text[:500]}")
        lines = [f"{error['message']} (HTTP {response.status_code}, {error['code']})"]
        details = error.get("details")
        if isinstance(details, list):
            lines += [f"  {d.get('path', '')}: {d.get('message', '')}" for d in details if isinstance(d, dict)]
        if response.status_code == 401:
            lines.append("  log in with `phoenix login` or set PHOENIX_API_KEY")
        fail("\n".join(lines))

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:
        return self.request("POST", path, **kwargs)


def emit_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, default=str))
