"""The compute pool: CPU-bound jobs (previews, validation, live snapshots) run in worker processes.

Why processes: a preview of a 2,000-process snapshot holds the GIL for seconds, and a thread would
starve the event loop that serves `/healthz` and runs the reconciler and sampler. The event loop only
awaits a job here.

- **Bounded**: `PHOENIX_WORKERS` processes (each one a single-worker `ProcessPoolExecutor`, so a
  stuck job's process can be killed without touching the others); started lazily on first use with
  the `spawn` start method (never `fork`: the server has threads), at a lower CPU priority than the
  server, and shut down in the app's lifespan. A worker exits on its own when Phoenix dies.
- **Time limit**: a job past `PHOENIX_WORKER_JOB_TIMEOUT` seconds is a 503 (`JobTimeout`); its
  process is killed and replaced.
- **Queue limit**: at most `PHOENIX_WORKER_QUEUE` jobs wait for a free worker; beyond that the
  caller gets a 429 with `Retry-After` (`PoolBusy`).

Workers only compute: they are fresh interpreters (nothing inherited: no database connection, no
collector launcher, no scheduler) and a job is a top-level function with picklable arguments and
result. A `PhoenixError` raised in a job reaches the caller whole (message, details, headers).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from app.core.config import Settings, get_settings
from app.core.errors import PhoenixError, TooManyRequests

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

# Workers yield the CPU to the server's event loop when both want it.
WORKER_NICE = 10
# Starting a worker (a fresh interpreter) is not part of a job's time limit, but is bounded too.
START_TIMEOUT_SECONDS = 60.0
# What a refused caller is told to wait: a preview or a validation takes seconds.
RETRY_AFTER_SECONDS = 5


class JobTimeout(PhoenixError):
    """A compute job ran past its time limit; its worker was replaced."""

    status_code = 503
    code = "job_timeout"


class WorkerLost(PhoenixError):
    """The worker process died under a job (out of memory, killed); it was replaced."""

    status_code = 503
    code = "worker_lost"


class PoolBusy(TooManyRequests):
    """Every worker is busy and the waiting line is full."""


# --- inside a worker ----------------------------------------------------------------------------


def _watch_parent(parent_pid: int) -> None:
    """Exit when Phoenix is gone (even SIGKILLed): a worker never outlives the server."""
    while True:
        if os.getppid() != parent_pid:
            os._exit(0)
        time.sleep(0.5)


def _init_worker(parent_pid: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops its workers
    with contextlib.suppress(OSError):  # not allowed here: run at the server's priority
        os.nice(WORKER_NICE)
    threading.Thread(target=_watch_parent, args=(parent_pid,), name="phoenix-parent-watch", daemon=True).start()


@dataclass
class _Failure:
    """A `PhoenixError` as it crosses the process boundary (its `__init__` may not take `args`)."""

    cls: type[PhoenixError]
    message: str
    details: Any
    headers: dict[str, str] | None

    def rebuild(self) -> PhoenixError:
        exc = self.cls.__new__(self.cls)
        Exception.__init__(exc, self.message)
        exc.message, exc.details, exc.headers = self.message, self.details, self.headers
        return exc


def _call(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    try:
        return fn(*args, **kwargs)
    except PhoenixError as exc:
        return _Failure(type(exc), exc.message, exc.details, exc.headers)


# --- in the server --------------------------------------------------------------------------------


class _Worker:
    """One worker process: a single-worker executor and the pid to kill when a job overruns."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.executor = concurrent.futures.ProcessPoolExecutor(
            max_workers=1, mp_context=context, initializer=_init_worker, initargs=(os.getpid(),)
        )
        self.pid: int | None = None

    async def start(self) -> None:
        if self.pid is None:
            future = asyncio.get_running_loop().run_in_executor(self.executor, os.getpid)
            try:
                self.pid = await asyncio.wait_for(future, START_TIMEOUT_SECONDS)
            except (TimeoutError, concurrent.futures.BrokenExecutor):
                log.warning("a compute worker did not start within %g s", START_TIMEOUT_SECONDS)
                raise WorkerLost("a compute worker did not start; retry shortly") from None

    def kill(self) -> None:
        # The pid is known once started; before that, the executor's own process table (private, but
        # the only handle on a worker that never answered) is all there is.
        processes = getattr(self.executor, "_processes", None) or {}
        pids = {self.pid} if self.pid is not None else set(processes)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.executor.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


class WorkerPool:
    """At most `size` jobs run at once, at most `max_queue` wait; the rest are refused (429)."""

    def __init__(self, size: int, job_timeout: float, max_queue: int) -> None:
        self.size, self.job_timeout, self.max_queue = size, job_timeout, max_queue
        self._idle: list[_Worker] = []
        self._started = 0
        self._waiters: deque[asyncio.Future[_Worker]] = deque()
        self._busy: set[_Worker] = set()
        self.replaced = 0

    @property
    def waiting(self) -> int:
        return sum(1 for w in self._waiters if not w.done())

    async def _acquire(self) -> _Worker:
        if self._idle:
            return self._idle.pop()
        if self._started < self.size:
            self._started += 1
            return _Worker()
        if self.waiting >= self.max_queue:
            raise PoolBusy(
                "the server is busy with other previews and validations; retry shortly",
                {"running": self.size, "waiting": self.waiting},
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        waiter: asyncio.Future[_Worker] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            return await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self._release(waiter.result())  # handed a worker just as the caller gave up
            raise

    def _release(self, worker: _Worker) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self._idle.append(worker)

    async def run(self, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
        """`fn(*args, **kwargs)` in a worker process; `fn` is a module-level function."""
        worker = await self._acquire()
        self._busy.add(worker)
        healthy = False
        try:
            await worker.start()
            future = asyncio.get_running_loop().run_in_executor(worker.executor, _call, fn, args, kwargs)
            try:
                result = await asyncio.wait_for(future, self.job_timeout)
            except TimeoutError:
                log.warning("compute job %s ran past %g s; replacing its worker", fn.__qualname__, self.job_timeout)
                raise JobTimeout(
                    f"the job ran past its time limit of {self.job_timeout:g} s and was stopped",
                    {"job": fn.__qualname__, "timeout_seconds": self.job_timeout},
                ) from None
            except concurrent.futures.BrokenExecutor:
                log.warning("the compute worker running %s died; replacing it", fn.__qualname__)
                raise WorkerLost(
                    "the worker running this job died; it was replaced", {"job": fn.__qualname__}
                ) from None
            except Exception:  # the job's own error (or its arguments' pickling): the worker is fine
                healthy = True
                raise
            healthy = True
        finally:
            self._busy.discard(worker)
            if not healthy:  # overran, died, or its caller went away mid-job: never reuse it
                worker.kill()
                self.replaced += 1
                worker = _Worker()
            self._release(worker)
        if isinstance(result, _Failure):
            raise result.rebuild()
        return result

    def cancel_waiting(self) -> None:
        """Give up on every waiting job (on the event loop's thread)."""
        for waiter in self._waiters:
            waiter.cancel()
        self._waiters.clear()

    def stop_processes(self) -> None:
        """Stop every worker: idle ones cleanly, busy ones by force (their callers are going away)."""
        for worker in list(self._busy):
            worker.kill()
        for worker in self._idle:
            worker.shutdown()
        self._idle.clear()
        self._busy.clear()


_pool: WorkerPool | None = None


def configure(settings: Settings) -> WorkerPool:
    """The process-wide pool sized from `settings` (the app's lifespan); no process starts yet."""
    global _pool
    if _pool is not None:
        _pool.cancel_waiting()
        _pool.stop_processes()
    _pool = WorkerPool(settings.workers, settings.worker_job_timeout, settings.worker_queue)
    return _pool


def pool() -> WorkerPool:
    """The pool the lifespan configured, else one from the environment's settings (CLI, tests)."""
    return _pool if _pool is not None else configure(get_settings())


async def run(fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
    """Run a CPU-bound job in the compute pool (see the module docstring)."""
    return await pool().run(fn, *args, **kwargs)


async def shutdown() -> None:
    """Stop the pool's processes (the app's lifespan, on the way out)."""
    global _pool
    if _pool is not None:
        current, _pool = _pool, None
        current.cancel_waiting()
        await asyncio.to_thread(current.stop_processes)
