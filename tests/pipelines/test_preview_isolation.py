"""Previews do not starve the server (issue 13): with eight concurrent previews of a 2,000-process
simulated snapshot running, `/healthz` answers promptly and the reconciler and sampler keep their
ticks, because the previews run in the compute pool's processes (`app.core.workers`), not on the
event loop. A real `phoenix serve` process, probed from outside as a load balancer would."""

from __future__ import annotations

import statistics
import threading
import time
from pathlib import Path

import httpx

from tests.live_server import LiveServer

INTERVAL = 0.25  # reconciler and sampler period, seconds
WINDOW = 10.0  # seconds of probing while the previews run
PREVIEWS = 8
BODY = {
    "template": "process-topk-v1",
    "snapshot": {"kind": "simulated", "profile": "high-cardinality", "process_count": 2000, "seed": 11},
}


def _runs(client: httpx.Client) -> dict[str, int]:
    jobs = client.get("/readyz").json()["checks"]["scheduler"]["jobs"]
    return {name: jobs[name]["runs"] for name in ("reconciler", "sampler")}


def _children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (the compute workers, the multiprocessing helper)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(") ", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def test_concurrent_previews_leave_healthz_and_the_loops_alone(tmp_path: Path) -> None:
    loops = {"PHOENIX_RECONCILE_INTERVAL": str(INTERVAL), "PHOENIX_SAMPLE_INTERVAL": str(INTERVAL)}
    server = LiveServer(database_url=f"sqlite+aiosqlite:///{tmp_path / 'iso.db'}", extra_env=loops).start()
    statuses: list[int] = []
    workers: set[int] = set()
    stop = threading.Event()
    try:
        headers = {"Authorization": f"Bearer {server.token()}"}
        first = httpx.post(f"{server.url}/api/v1/pipelines/preview", json=BODY, headers=headers, timeout=120)
        assert first.status_code == 200, first.text  # the pool's workers are up before measuring

        def previewer() -> None:
            with httpx.Client(base_url=server.url, headers=headers, timeout=120) as c:
                while not stop.is_set():
                    statuses.append(c.post("/api/v1/pipelines/preview", json=BODY).status_code)

        threads = [threading.Thread(target=previewer, daemon=True) for _ in range(PREVIEWS)]
        for thread in threads:
            thread.start()
        latencies: list[float] = []
        with httpx.Client(base_url=server.url, timeout=30) as probe:
            time.sleep(1.0)  # every previewer has a request in flight
            before, started = _runs(probe), time.perf_counter()
            while time.perf_counter() - started < WINDOW:
                sent = time.perf_counter()
                assert probe.get("/healthz").status_code == 200
                latencies.append(time.perf_counter() - sent)
                time.sleep(0.02)
            after, elapsed = _runs(probe), time.perf_counter() - started
        stop.set()
        for thread in threads:
            thread.join(120)
        assert server.process is not None
        workers = _children(server.process.pid)
        assert len(workers) >= 2, "the previews ran in worker processes"
    finally:
        stop.set()
        server.stop()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers), "no worker outlives the server"

    nominal = elapsed / INTERVAL
    kept = {name: (after[name] - before[name]) / nominal for name in before}
    p50, p99, worst = statistics.median(latencies), _percentile(latencies, 0.99), max(latencies)
    print(
        f"\nhealthz over {len(latencies)} probes: p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, "
        f"max {worst * 1000:.1f} ms; ticks kept {', '.join(f'{k} {v:.0%}' for k, v in kept.items())}; "
        f"previews answered {len(statuses)} ({sorted(set(statuses))})"
    )
    assert statuses and set(statuses) == {200}, statuses
    assert len(statuses) >= PREVIEWS, "the previews ran during the window"
    assert p99 < 0.100, f"healthz p99 {p99 * 1000:.0f} ms"
    assert all(v >= 0.9 for v in kept.values()), kept
