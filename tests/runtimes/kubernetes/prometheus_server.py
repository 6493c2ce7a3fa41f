"""A real Prometheus server for tests: the Debian package's binary, a temp dir, a free loopback port.

Why a real server rather than a fake API: the point of the tests is that Phoenix's PromQL means
what it claims (label matching, `rate` over counters, `group_left`), which only the real engine
can tell. The server scrapes every second, keeps its data in the temp dir and dies with the test.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import yaml

PROMETHEUS_BIN = "/usr/bin/prometheus"


def binary() -> str | None:
    """The prometheus binary, or None when it is not installed."""
    return PROMETHEUS_BIN if Path(PROMETHEUS_BIN).exists() else shutil.which("prometheus")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PrometheusServer:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def query(self, expr: str) -> list[dict[str, Any]]:
        response = httpx.get(f"{self.url}/api/v1/query", params={"query": expr}, timeout=5)
        response.raise_for_status()
        return response.json()["data"]["result"]


def start(
    workdir: Path,
    static_configs: Iterable[dict[str, Any]] = (),
    *,
    scrape_configs: list[dict[str, Any]] | None = None,
    interval: str = "1s",
    timeout_s: float = 20.0,
) -> PrometheusServer:
    """Start Prometheus scraping `static_configs` (or the jobs `scrape_configs`) every `interval`;
    returns once it is ready."""
    exe = binary()
    if exe is None:
        raise FileNotFoundError("prometheus binary not found")
    jobs = scrape_configs or [{"job_name": "phoenix-collectors", "static_configs": list(static_configs)}]
    config = {
        "global": {"scrape_interval": interval, "scrape_timeout": interval, "evaluation_interval": interval},
        "scrape_configs": jobs,
    }
    (workdir / "prometheus.yml").write_text(yaml.safe_dump(config))
    port = free_port()
    log = workdir / "prometheus.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                exe,
                f"--config.file={workdir / 'prometheus.yml'}",
                f"--storage.tsdb.path={workdir / 'data'}",
                f"--web.listen-address=127.0.0.1:{port}",
                "--log.level=warn",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = PrometheusServer(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"prometheus exited with {process.returncode}: {log.read_text()[-2000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{server.url}/-/ready", timeout=1).status_code == 200:
                return server
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"prometheus did not become ready in {timeout_s}s: {log.read_text()[-2000:]}")


def wait_for(server: PrometheusServer, expr: str, minimum: float, timeout_s: float = 20.0) -> None:
    """Poll until `expr` (a scalar-like vector) reaches `minimum`."""
    deadline = time.monotonic() + timeout_s
    last: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            last = server.query(expr)
            if last and float(last[0]["value"][1]) >= minimum:
                return
        time.sleep(0.25)
    raise AssertionError(f"{expr} did not reach {minimum} within {timeout_s}s (last: {last})")
