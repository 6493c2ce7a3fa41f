"""The console's API types (frontend/src/api/schema.d.ts) are generated from the server's OpenAPI
schema; this test regenerates them from the live app and fails when they differ, so the console and
the API cannot drift. To regenerate after an API change:

    .venv/bin/python -m tests.frontend.test_api_types
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import require_component
from tests.live_server import ROOT

FRONTEND = ROOT / "frontend"
CHECKED_IN = FRONTEND / "src" / "api" / "schema.d.ts"
GENERATOR = FRONTEND / "tools" / "api-types"


def _openapi_json() -> str:
    os.environ.setdefault("PHOENIX_ENV", "dev")
    from app.main import create_app

    return json.dumps(create_app().openapi())


def generate(out: Path, schema_file: Path) -> None:
    """Writes the types for the live app's schema to `out` (installs the generator on first use)."""
    if shutil.which("npm") is None or shutil.which("node") is None:
        require_component("Node.js (node, npm)", "generates the console's API types")
    if not (GENERATOR / "node_modules" / "openapi-typescript").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=GENERATOR, check=True)
    schema_file.write_text(_openapi_json())
    subprocess.run(["node", str(GENERATOR / "generate.mjs"), str(schema_file), str(out)], cwd=FRONTEND, check=True)


def test_console_api_types_match_the_openapi_schema(tmp_path: Path) -> None:
    fresh = tmp_path / "schema.d.ts"
    generate(fresh, tmp_path / "openapi.json")
    expected, actual = fresh.read_text(), CHECKED_IN.read_text()
    if expected != actual:
        lines = difflib.unified_diff(actual.splitlines(True), expected.splitlines(True), "checked-in", "live API")
        diff = "".join(list(lines)[:60])
        raise AssertionError(
            "frontend/src/api/schema.d.ts is out of date with the API; regenerate it with "
            f"`.venv/bin/python -m tests.frontend.test_api_types` and rebuild the console.\n{diff}"
        )


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        generate(CHECKED_IN, Path(scratch) / "openapi.json")
    print(f"wrote {CHECKED_IN.relative_to(ROOT)}")
