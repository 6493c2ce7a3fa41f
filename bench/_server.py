"""A real `phoenix serve` process for bench scripts: a free port, a temporary database, an admin
login; and the percentile every script reports."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-admin-password"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_url: str, port: int, **env_extra: str) -> tuple[subprocess.Popen, float]:
    """The server process and its cold start (spawn to the first 200 on /readyz), in seconds."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHOENIX_")}
    env.update(
        PHOENIX_DATABASE_URL=db_url,
        PHOENIX_JWT_SECRET="b" * 40,
        PHOENIX_ADMIN_PASSWORD=PASSWORD,
        PHOENIX_LOG_LEVEL="WARNING",
        PHOENIX_PORT=str(port),
        **env_extra,
    )
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli.main", "serve"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/readyz"
    while time.perf_counter() - started < 60:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return proc, time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.02)
    proc.kill()
    raise RuntimeError("server did not become ready in 60 s")


def login(base_url: str) -> dict[str, str]:
    """Authorization headers of the admin."""
    response = httpx.post(f"{base_url}/api/v1/auth/login", json={"username": "admin", "password": PASSWORD})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]
