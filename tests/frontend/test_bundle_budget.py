"""The console's initial download stays small: the builder and the charts are code-split, and what
index.html loads first is at most 300 KB gzipped. (Time to first render is measured by
bench/console.py, not asserted here.)"""

from __future__ import annotations

from tests.conftest import require_component
from tests.frontend.console_assets import CONSOLE_INDEX, gzip_sizes, initial_assets

INITIAL_GZIP_BUDGET = 300 * 1024


def test_the_initial_download_is_code_split_and_within_budget() -> None:
    if not CONSOLE_INDEX.is_file():
        require_component("the built console (frontend/dist)", "run `make frontend`")
    assets = initial_assets()
    assert any(name.endswith(".js") for name in assets), f"index.html loads no script: {assets}"
    assert not any("Builder" in name or "Chart" in name for name in assets), f"not code-split: {assets}"
    sizes = gzip_sizes(assets)
    assert sum(sizes.values()) <= INITIAL_GZIP_BUDGET, f"initial assets {sum(sizes.values())} B gzip: {sizes}"
