"""A real `phoenix serve` process on a free port, for tests and benchmarks that need the whole stack
(uvicorn, lifespan, migrations) rather than an in-process ASGI client."""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import httpx

ROOT = Path(__file__).resolve().parents[1]


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the test process dies, even killed (Linux), so an
    interrupted run leaves no server behind."""
    if sys.platform == "linux":
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


T = TypeVar("T")


def wait_for(
    check: Callable[[], T], timeout: float, what: str, why: Callable[[], str] = str, interval: float = 0.2
) -> T:
    """Call `check()` until it gives something truthy (returned), or fail after `timeout` seconds
    naming `what`, with `why()` (a log tail, say) to explain."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:g}s waiting for {what}\n{why()}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveServer:
    database_url: str
    admin_password: str = "live-admin-password"
    port: int = field(default_factory=free_port)
    extra_env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None
    startup_seconds: float | None = None
    # The server's log (stderr) goes to a file, never an undrained pipe: a server logging more than
    # a pipe holds would block on its next write and stop answering.
    log: Path = field(default_factory=lambda: Path(tempfile.mkstemp(prefix="phoenix-live-", suffix=".log")[1]))

    def log_tail(self, chars: int = 2000) -> str:
        return self.log.read_text(errors="replace")[-chars:]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> LiveServer:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PHOENIX_")}
        defaults = dict(
            PHOENIX_DATABASE_URL=self.database_url,
            PHOENIX_JWT_SECRET="live-" + "s" * 40,
            PHOENIX_ADMIN_PASSWORD=self.admin_password,
            PHOENIX_LOG_LEVEL="WARNING",
            PHOENIX_PORT=str(self.port),
            # The embedded engine, as in-process tests; tests/runtimes/collector runs real collectors.
            PHOENIX_LOCAL_MEASUREMENT="engine",
        )
        env.update({**defaults, **self.extra_env})  # a test's own settings win
        started = time.perf_counter()
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "app.cli.main", "serve"],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=log,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        while time.perf_counter() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_tail()}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=1).status_code == 200:
                    self.startup_seconds = time.perf_counter() - started
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"server not ready within {timeout} s")

    def token(self) -> str:
        response = httpx.post(
            f"{self.url}/api/v1/auth/login", json={"username": "admin", "password": self.admin_password}
        )
        response.raise_for_status()
        return response.json()["access_token"]

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
