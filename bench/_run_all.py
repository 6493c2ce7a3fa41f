"""`make bench`: run every bench script, show what it prints, and collect it all in
bench/results/latest.json (per script: exit code, seconds, printed output, and the JSON figures it
wrote to bench/results/<script>.json, if any) and bench/results/latest.md (every numeric figure of
that run, one table row each, which the README links). Asserts nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"


def _flatten(value: object, prefix: str = "") -> list[tuple[str, object]]:
    """Numeric leaves of a figures document as (dotted path, value)."""
    if isinstance(value, dict):
        return [row for key, item in value.items() for row in _flatten(item, f"{prefix}{key}.")]
    if isinstance(value, list):
        return [row for i, item in enumerate(value) for row in _flatten(item, f"{prefix}{i}.")]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [(prefix.rstrip("."), value)]
    return []


def markdown(report: dict) -> str:
    """Every figure of one `make bench` run as a Markdown table (scripts that wrote no JSON: printed only)."""
    out = [
        "# Benchmark figures",
        "",
        f"Written by `make bench` ({report['started']}); every figure below was measured in that run.",
        "What each script measures is in its docstring; its printed output is in `latest.json`.",
        "",
        "| script | figure | value |",
        "| --- | --- | --- |",
    ]
    for name, run in report["scripts"].items():
        rows = _flatten(run["figures"]) if run["figures"] is not None else []
        if run["exit_code"]:
            out.append(f"| {name} | failed (exit code {run['exit_code']}) | |")
        elif not rows:
            out.append(f"| {name} | (printed only, see latest.json) | |")
        out += [f"| {name} | {path} | {value:g} |" for path, value in rows]
    return "\n".join(out) + "\n"


def main() -> int:
    RESULTS.mkdir(exist_ok=True)
    report: dict = {"started": datetime.now(UTC).isoformat(timespec="seconds"), "scripts": {}}
    failed = 0
    for script in sorted(p for p in BENCH.glob("*.py") if not p.name.startswith("_")):
        print(f"== {script.relative_to(BENCH.parent)}", flush=True)
        started = time.monotonic()
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=False)
        print(done.stdout, end="", flush=True)
        if done.returncode:
            failed += 1
            print(done.stderr[-2000:], file=sys.stderr)
        figures = RESULTS / f"{script.stem}.json"
        report["scripts"][script.name] = {
            "exit_code": done.returncode,
            "seconds": round(time.monotonic() - started, 1),
            "output": done.stdout,
            "figures": json.loads(figures.read_text()) if figures.exists() else None,
        }
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=1))
    (RESULTS / "latest.md").write_text(markdown(report))
    print(f"wrote {(RESULTS / 'latest.json').relative_to(BENCH.parent)} and latest.md")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
