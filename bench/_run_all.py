"""`make bench`: run every bench script, show what it prints, and collect it all in
bench/results/latest.json (per script: exit code, seconds, printed output, and the JSON figures it
wrote to bench/results/<script>.json, if any). Asserts nothing.
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
    print(f"wrote {(RESULTS / 'latest.json').relative_to(BENCH.parent)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
