"""On this host the real process scraper and Phoenix's psutil scraper agree (the live host is the
point here): same metrics with the same identity, same attributes, same processes, same identities.

Names and command lines may change between two scrapes a second apart (kernel workers rename
themselves, servers rewrite their argv as a status line), so those are allowed a small share of
mismatches; the executable path and owner of a living process cannot change and must match exactly.
"""

from __future__ import annotations

import json
from pathlib import Path

from app.otelcol.scraper_fidelity import LINUX_METRICS, scrape_both


def test_the_psutil_scraper_agrees_with_the_real_process_scraper(otelcol_bin: Path) -> None:
    report = scrape_both(otelcol_bin)
    summary = report.summary()
    print(json.dumps(summary, indent=1))  # the agreement, in the test log
    assert summary["metrics_in_both"] == LINUX_METRICS
    assert summary["metrics_only_collector"] == summary["metrics_only_engine"] == []
    assert summary["metric_identity_differences"] == []
    assert summary["resource_keys_only_collector"] == summary["resource_keys_only_engine"] == []
    for name, (collector, engine) in report.datapoint_attributes.items():
        assert {k for k, _ in collector} == {k for k, _ in engine}, name
    # Every process that lived through the window is seen by both (1% slack for pid reuse).
    assert len(report.stable_pids & report.engine_pids) >= 0.99 * len(report.stable_pids) > 0
    immutable = [m for m in report.identity_mismatches if m[1] in ("process.executable.path", "process.owner")]
    assert immutable == []
    # Kernel workqueue threads rename themselves for each work item (`kworker/1:0-events` ->
    # `kworker/1:0-mm_percpu_wq`), so two scrapes a moment apart rarely agree on them: not counted.
    mutable = [m for m in report.identity_mismatches if not str(m[2]).startswith("kworker/")]
    assert len(mutable) <= max(3, 0.1 * len(report.common_pids)), mutable
