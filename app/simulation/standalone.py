"""A simulation in the foreground, without the server: what `phoenix simulate` (and so the Kubernetes
Job/DaemonSet on each target node) runs.

It uses the same `SimulationManager` as the server, reports progress through a callback, ends on the
profile's duration or on SIGTERM/SIGINT (Kubernetes stops pods with SIGTERM) and always shuts the
manager down, so no simulated process outlives it. `linger` keeps the process up after the run
without any simulated process, for a DaemonSet, whose pods must not exit.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from contextlib import contextmanager, suppress
from typing import Any

from app.simulation.models import SimulationCreate, SimulationRead
from app.simulation.service import SimulationManager
from app.simulation.settings import SimulationSettings


@contextmanager
def _stop_on_signals(stop: threading.Event):  # type: ignore[no-untyped-def]
    """SIGTERM and SIGINT set `stop` (only the main thread can install handlers; elsewhere, nothing)."""
    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous[sig] = signal.signal(sig, lambda *_: stop.set())
    try:
        yield
    finally:
        for sig, handler in previous.items():
            with suppress(ValueError, TypeError):
                signal.signal(sig, handler)


def run_foreground(
    request: SimulationCreate,
    *,
    settings: SimulationSettings | None = None,
    on_progress: Callable[[SimulationRead], None] | None = None,
    poll_s: float = 0.5,
    linger: bool = False,
    metrics_port: int | None = None,
    stop: threading.Event | None = None,
) -> SimulationRead:
    """Run one simulation until its duration ends or a signal (or `stop`) ends it; returns its final state.

    Raises the manager's errors (`Invalid`, `Conflict`) before anything is spawned.
    """
    stop = stop or threading.Event()
    manager = SimulationManager(settings)
    if metrics_port:
        from prometheus_client import start_http_server

        start_http_server(metrics_port)
    with _stop_on_signals(stop):
        try:
            info = manager.start(request)
            while not info.status.finished:
                if on_progress is not None:
                    on_progress(info)
                if stop.wait(poll_s):
                    info = manager.stop(info.id)
                    break
                info = manager.get(info.id)
        finally:
            manager.shutdown()
        info = manager.get(info.id)
        if on_progress is not None:
            on_progress(info)
        if linger:
            stop.wait()
    return info
