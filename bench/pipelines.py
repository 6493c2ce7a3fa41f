"""Time to render and to validate each catalog template (all tiers that run here).

    .venv/bin/python bench/pipelines.py [--rounds 30]

Prints the median and p95 per template and overall; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PHOENIX_ENV", "dev")

from app.pipelines.catalog import list_templates
from app.pipelines.render import render_template
from app.validation import validate_config


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    totals: list[float] = []
    print(f"{'template':<28} {'render ms':>10} {'validate ms':>12} {'total p50':>10} {'total p95':>10}")
    for info in list_templates():
        render_ms, validate_ms, total_ms = [], [], []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            config = render_template(info.name).config_yaml
            t1 = time.perf_counter()
            result = validate_config(config, run_otelcol=False)
            t2 = time.perf_counter()
            assert result.valid, result.errors
            render_ms.append((t1 - t0) * 1000)
            validate_ms.append((t2 - t1) * 1000)
            total_ms.append((t2 - t0) * 1000)
        totals += total_ms
        p95 = statistics.quantiles(total_ms, n=20)[-1]
        print(
            f"{info.name:<28} {statistics.median(render_ms):>10.1f} {statistics.median(validate_ms):>12.1f} "
            f"{statistics.median(total_ms):>10.1f} {p95:>10.1f}"
        )
    print(
        f"all templates: render + validate median {statistics.median(totals):.1f} ms "
        f"({len(totals)} runs; the first run of each includes template compilation)"
    )


if __name__ == "__main__":
    main()
