"""Previews under load on a real `phoenix serve`: preview latency at concurrency 1 and 4, and what
eight concurrent previews leave of `/healthz` (previews run in the compute pool, `app.core.workers`).

Each preview is `process-topk-v1` on a simulated 2,000-process high-cardinality snapshot. Prints the
figures and writes bench/results/preview_load.json; asserts nothing.

    .venv/bin/python bench/preview_load.py [--requests 8] [--window 10]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import free_port, login, percentile, start_server

RESULTS = Path(__file__).resolve().parent / "results" / "preview_load.json"
BODY = {
    "template": "process-topk-v1",
    "snapshot": {"kind": "simulated", "profile": "high-cardinality", "process_count": 2000, "seed": 11},
}


def _preview(base: str, headers: dict[str, str]) -> float:
    started = time.perf_counter()
    response = httpx.post(f"{base}/api/v1/pipelines/preview", json=BODY, headers=headers, timeout=300)
    response.raise_for_status()
    return (time.perf_counter() - started) * 1000


def _latencies(base: str, headers: dict[str, str], concurrency: int, requests: int) -> dict[str, float]:
    with ThreadPoolExecutor(concurrency) as pool:
        timings = list(pool.map(lambda _: _preview(base, headers), range(requests)))
    return {"p50_ms": round(statistics.median(timings), 1), "p99_ms": round(percentile(timings, 0.99), 1)}


def _healthz_under_load(base: str, headers: dict[str, str], window: float, previews: int = 8) -> dict[str, float]:
    stop = threading.Event()

    def previewer() -> None:
        while not stop.is_set():
            _preview(base, headers)

    threads = [threading.Thread(target=previewer, daemon=True) for _ in range(previews)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)  # every previewer has a request in flight
    probes: list[float] = []
    with httpx.Client(base_url=base, timeout=10) as client:
        deadline = time.perf_counter() + window
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            client.get("/healthz").raise_for_status()
            probes.append((time.perf_counter() - started) * 1000)
            time.sleep(0.02)
    stop.set()
    for thread in threads:
        thread.join(300)
    return {
        "previews": previews,
        "probes": len(probes),
        "p50_ms": round(statistics.median(probes), 2),
        "p99_ms": round(percentile(probes, 0.99), 2),
        "max_ms": round(max(probes), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=8, help="previews per concurrency level")
    parser.add_argument("--window", type=float, default=10.0, help="seconds of /healthz probing under load")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        proc, _ = start_server(f"sqlite+aiosqlite:///{tmp}/bench.db", port)
        base = f"http://127.0.0.1:{port}"
        try:
            headers = login(base)
            _preview(base, headers)  # warm-up: the workers start
            figures = {
                "preview_concurrency_1": _latencies(base, headers, 1, args.requests),
                "preview_concurrency_4": _latencies(base, headers, 4, args.requests),
                "healthz_under_8_previews": _healthz_under_load(base, headers, args.window),
            }
        finally:
            proc.terminate()
            proc.wait(30)
    print("previews of process-topk-v1 on a simulated 2,000-process snapshot (real server, compute pool):")
    for level in ("preview_concurrency_1", "preview_concurrency_4"):
        f = figures[level]
        print(f"  {level:<24} p50 {f['p50_ms']:8.1f} ms   p99 {f['p99_ms']:8.1f} ms")
    h = figures["healthz_under_8_previews"]
    print(f"  /healthz under 8 concurrent previews: p50 {h['p50_ms']} ms, p99 {h['p99_ms']} ms, max {h['max_ms']} ms")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()
