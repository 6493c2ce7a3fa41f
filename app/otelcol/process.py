"""Run the real collector as a child process: its config in a private temp dir, ready when its
health_check answers, stopped with SIGTERM (the collector flushes its pipelines on shutdown).

A collector never outlives Phoenix: the child asks the kernel for SIGKILL when its parent dies
(`PR_SET_PDEATHSIG`, Linux), so even `kill -9` of Phoenix leaves no collector behind. The kernel
ties that signal to the *thread* that forked: start long-lived collectors from a thread that lives
as long as Phoenix (not from a pool thread that may retire).
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from app.otelcol.binary import CollectorUnavailable, binary_version

_PR_SET_PDEATHSIG = 1


def free_port() -> int:
    """A loopback port nothing listens on now (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:  # runs in the child between fork and exec
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


class CollectorProcess:
    """One running collector. Use as a context manager, or `start()` / `stop()`."""

    def __init__(self, binary: Path, config_yaml: str, *, health_port: int, env: dict[str, str] | None = None):
        self.binary = binary
        self.config_yaml = config_yaml
        self.health_port = health_port
        self.env = env or {}
        self.workdir = Path(tempfile.mkdtemp(prefix="phoenix-otelcol-"))
        os.chmod(self.workdir, 0o700)
        self.log_path = self.workdir / "collector.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.collector = binary_version(binary)

    def start(self, ready_timeout_s: float = 30.0) -> CollectorProcess:
        """Start the collector and wait until its health_check says it is ready."""
        config_file = self.workdir / "config.yaml"
        config_file.write_text(self.config_yaml)
        env = {"HOME": str(self.workdir), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), **self.env}
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [str(self.binary), f"--config={config_file}"],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=self.workdir,
                env=env,
                preexec_fn=_die_with_parent,
            )
        self._wait_ready(ready_timeout_s)
        return self

    def _wait_ready(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        url = f"http://127.0.0.1:{self.health_port}/"
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise CollectorUnavailable(f"{self.collector} exited with {self.process.returncode}: {self.log_tail()}")
            try:
                if httpx.get(url, timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        self.stop()
        raise CollectorUnavailable(f"{self.collector} was not ready within {timeout_s:.0f}s: {self.log_tail()}")

    def log_tail(self, chars: int = 2000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def stop(self, timeout_s: float = 30.0) -> int | None:
        """SIGTERM and wait (the collector drains its pipelines), SIGKILL past the timeout."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> CollectorProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.cleanup()
