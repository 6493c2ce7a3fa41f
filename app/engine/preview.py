"""The what-if preview: one candidate config (and optionally the baseline) on one snapshot.

Glue for `POST /pipelines/preview` and the console, so they need no engine knowledge: compile the
rendered YAML, run it on the snapshot, and return the KPIs, the cost estimate with its assumptions,
the cardinality reduction against the baseline (the baseline config run on the same snapshot, or
the snapshot itself when no baseline is given, i.e. "everything the scraper emits"), and samples
of dropped and merged series. Raises EngineError / EngineUnsupported like `compile_pipeline`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.engine.cost import DEFAULT_PRICING, Pricing, estimate_cost
from app.engine.kpi_formulas import cardinality_reduction
from app.engine.kpis import compute_kpis
from app.engine.pipeline import compile_pipeline
from app.engine.series_diff import series_sample
from app.engine.snapshot import Snapshot


def preview(
    config_yaml: str,
    snapshot: Snapshot,
    *,
    critical_patterns: Sequence[str],
    baseline_yaml: str | None = None,
    pricing: Pricing = DEFAULT_PRICING,
    sample_limit: int = 20,
    measure_memory: bool = True,
) -> dict[str, Any]:
    """KPIs, cost, reduction and series samples of `config_yaml` on `snapshot`."""
    pipeline = compile_pipeline(config_yaml)
    run = pipeline.run(snapshot, measure_memory=measure_memory)
    kpis = compute_kpis(
        run,
        collection_interval_s=pipeline.collection_interval_s,
        critical_patterns=critical_patterns,
        host=snapshot.host,
    )
    if baseline_yaml is not None:
        baseline = compile_pipeline(baseline_yaml).run(snapshot)
        baseline_series, basis = baseline.output.series_count(), "baseline config on the same snapshot"
    else:
        baseline_series, basis = kpis.input_series, "every series of the snapshot"
    cost = estimate_cost(
        data_points_per_minute=kpis.output_data_points_per_minute,
        bytes_per_minute=kpis.estimated_bytes_per_minute,
        pricing=pricing,
    )
    return {
        "snapshot": {
            "host": snapshot.host,
            "source": snapshot.source,
            "taken_at": snapshot.taken_at,
            "processes": snapshot.process_count(),
        },
        "kpis": kpis.to_dict(),
        "cardinality_reduction": cardinality_reduction(kpis.output_series, baseline_series),
        "reduction_basis": basis,
        "cost": cost.to_dict(),
        "series": series_sample(run.input, run.output, limit=sample_limit),
        "warnings": run.warnings,
        "errors": run.errors,
    }
