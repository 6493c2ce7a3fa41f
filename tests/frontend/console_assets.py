"""What the built console makes a browser download first (shared by the bundle test and bench/)."""

from __future__ import annotations

import gzip
import re

from tests.live_server import ROOT

CONSOLE_INDEX = ROOT / "frontend" / "dist" / "index.html"


def initial_assets() -> list[str]:
    """What index.html loads before anything else: its entry script, preloads and stylesheets."""
    html = CONSOLE_INDEX.read_text()
    return sorted(set(re.findall(r'(?:src|href)="(/assets/[^"]+\.(?:js|css))"', html)))


def gzip_sizes(assets: list[str]) -> dict[str, int]:
    """Each asset's size gzipped at level 9 (what a server sending it compressed would send)."""
    dist = CONSOLE_INDEX.parent
    return {name: len(gzip.compress((dist / name.lstrip("/")).read_bytes(), 9)) for name in assets}
