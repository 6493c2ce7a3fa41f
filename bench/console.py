"""The console's first load: what index.html makes the browser download (gzip, per asset and in
total, against the 300 KB goal) and the time to the first render (the sign-in form) on localhost,
in Debian's headless chromium, median of several cold loads (a fresh browser profile each, so
nothing is cached). Needs a built console (`make frontend`), chromium and Playwright. Prints the
figures, writes bench/results/console.json; asserts nothing.

    .venv/bin/python bench/console.py [--loads 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.frontend.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.frontend.console_assets import gzip_sizes, initial_assets  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from _server import free_port, start_server  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "console.json"
GOAL_GZIP_BYTES = 300 * 1024

# Records when React first puts content into #root.
FIRST_RENDER_PROBE = """new MutationObserver((_, observer) => {
    const root = document.getElementById('root');
    if (root && root.childElementCount > 0) {
        window.__firstRenderMs = performance.now();
        observer.disconnect();
    }
}).observe(document, { childList: true, subtree: true });"""

TIMINGS = """() => ({
    first_render_ms: window.__firstRenderMs ?? null,
    dom_content_loaded_ms: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? null,
    first_contentful_paint_ms: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
})"""


def cold_loads(url: str, loads: int) -> list[dict[str, float]]:
    out = []
    with sync_playwright() as playwright:
        for _ in range(loads):
            with tempfile.TemporaryDirectory() as profile:
                context = playwright.chromium.launch_persistent_context(
                    user_data_dir=profile, executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
                )
                page = context.new_page()
                page.add_init_script(FIRST_RENDER_PROBE)
                page.goto(url)
                page.get_by_role("heading", name="Sign in to Phoenix").wait_for()
                out.append(page.evaluate(TIMINGS))
                context.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--loads", type=int, default=5)
    args = parser.parse_args()
    sizes = gzip_sizes(initial_assets())
    total = sum(sizes.values())
    with tempfile.TemporaryDirectory() as tmp:
        proc, _ = start_server(f"sqlite+aiosqlite:///{tmp}/console.db", port := free_port())
        try:
            loads = cold_loads(f"http://127.0.0.1:{port}/", args.loads)
        finally:
            proc.terminate()
            proc.wait(15)
    figures = {
        "initial_gzip_bytes": total,
        "initial_share_of_goal": round(total / GOAL_GZIP_BYTES, 3),
        "initial_assets": sizes,
        "loads": len(loads),
        **{
            f"{key}_median": round(statistics.median(x[key] for x in loads), 1)
            for key in ("first_render_ms", "first_contentful_paint_ms", "dom_content_loaded_ms")
        },
    }
    print(f"initial download: {total / 1024:.1f} KB gzip ({figures['initial_share_of_goal']:.0%} of the 300 KB goal)")
    for name, size in sizes.items():
        print(f"  {name}: {size / 1024:.1f} KB")
    print(
        f"cold load on localhost, median of {len(loads)}: first render {figures['first_render_ms_median']} ms, "
        f"first contentful paint {figures['first_contentful_paint_ms_median']} ms"
    )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
