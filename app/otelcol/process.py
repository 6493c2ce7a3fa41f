"""Run the real collector as a child process: its config in a private temp dir, ready when its
health_check answers, stopped with SIGTERM (the collector flushes its pipelines on shutdown).

A collector never outlives Phoenix: the child asks the kernel for SIGKILL when its parent dies
(`PR_SET_PDEATHSIG`, Linux), so even `kill -9` of Phoenix leaves no collector behind. The kernel
ties that signal to the *thread* that forked: start long-lived collectors from a thread that lives
as long as Phoenix (not from a pool thread that may retire): `start_collector` does, on one launcher
thread kept for the life of the process.
"""

from __future__ import annotations

import asyncio
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from app.core.workdirs import make_owned_dir
from app.otelcol.binary import CollectorUnavailable, binary_version

_PR_SET_PDEATHSIG = 1
# One thread that forks every long-lived collector. A module global, so it lives (and the kernel keeps
# each child's parent-death signal armed) until Phoenix exits.
_LAUNCHER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="phoenix-otelcol-launcher")


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

    def __init__(
        self,
        binary: Path,
        config_yaml: str,
        *,
        health_port: int,
        env: dict[str, str] | None = None,
        base_dir: Path | None = None,
    ):
        self.binary = binary
        self.config_yaml = config_yaml
        self.health_port = health_port
        self.env = env or {}
        if base_dir is None:
            self.workdir = Path(tempfile.mkdtemp(prefix="phoenix-otelcol-"))
            os.chmod(self.workdir, 0o700)
        else:  # a directory a later Phoenix can recognise as stale (`app.core.workdirs`)
            self.workdir = make_owned_dir(base_dir, "otelcol-")
        self.config_path = self.workdir / "config.yaml"
        self.log_path = self.workdir / "collector.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.collector = binary_version(binary)

    def start(self, ready_timeout_s: float = 30.0) -> CollectorProcess:
        """Start the collector and wait until its health_check says it is ready."""
        config_file = self.config_path
        config_file.write_text(self.config_yaml)
        config_file.chmod(0o600)
        env = {"HOME": str(self.workdir), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), **self.env}
        with self.log_path.open("ab") as log:  # a restart keeps the earlier lines
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

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def exit_code(self) -> int | None:
        """None while it runs (or was never started), else its exit status."""
        return self.process.poll() if self.process is not None else None

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


async def start_collector(process: CollectorProcess, ready_timeout_s: float = 30.0) -> CollectorProcess:
    """Start a long-lived collector on the launcher thread (see the module docstring) and await readiness."""
    return await asyncio.get_running_loop().run_in_executor(_LAUNCHER, process.start, ready_timeout_s)
