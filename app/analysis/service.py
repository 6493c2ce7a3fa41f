"""Analysis of an experiment's samples: per-variant KPI summaries, the comparison, cost, verdict.

Input rows are the stored per-interval samples (warm-up samples are excluded). Overheads compare
the variants' own collectors: CPU overhead is the extra share of one CPU core the candidate's
collector uses over the baseline's (candidate cores - baseline cores; 0.05 = 5% of a core), memory
overhead the relative increase of its peak memory ((candidate - baseline) / baseline). A cheaper
candidate has negative overheads. Cost uses the one pricing config of `app.engine.cost`. The formulas,
and what they return against an empty baseline, are those of `app.engine.kpi_formulas`.

`measured_by` names what produced the figures (a collector binary such as `otelcol-phoenix 0.159.0`,
or `embedded engine`): per variant the distinct values of its counted samples, and overall those of
both variants, so a run whose measurer changed midway says so. Samples stored before Phoenix
recorded it add nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from app.analysis.statistics import summarize, welch_test
from app.analysis.verdict import ALPHA, MIN_SAMPLES, decide
from app.core.variants import BASELINE, CANDIDATE, VARIANT_LABELS
from app.engine.cost import DEFAULT_PRICING, Pricing, estimate_cost
from app.engine.kpi_formulas import cardinality_reduction, cpu_overhead, memory_overhead, reduction
from app.engine.kpi_model import NUMERIC_KPIS

# Every numeric KPI of a sample is summarised per variant; `measured_by` is reported as its distinct values.
SUMMARISED = NUMERIC_KPIS


class SampleRow(Protocol):
    variant: str
    warmup: bool
    # Also read, when present: every field of `VariantKpisBase` (rows without one count as not recorded).


def _values(rows: list[Any], field: str) -> list[float]:
    """The recorded values of `field`; a row without the field counts as not recorded, like a NULL."""
    return [float(v) for v in (getattr(r, field, None) for r in rows) if v is not None]


def _measured_by(rows: list[Any]) -> list[str]:
    """The distinct recorded measurers of `rows`, sorted."""
    return sorted({m for m in (getattr(r, "measured_by", None) for r in rows) if m})


def analyze(
    samples: Iterable[SampleRow],
    criteria: dict[str, Any],
    *,
    pricing: Pricing = DEFAULT_PRICING,
    min_samples: int = MIN_SAMPLES,
    alpha: float = ALPHA,
) -> dict[str, Any]:
    """Everything the results page shows: summaries per variant, comparison, cost, verdict, reasons."""
    rows = [s for s in samples if not s.warmup]
    by_variant = {label: [r for r in rows if r.variant == label] for label in VARIANT_LABELS}
    variants: dict[str, Any] = {}
    for label, variant_rows in by_variant.items():
        summary = {field: summarize(_values(variant_rows, field)).to_dict() for field in SUMMARISED}
        dppm = summary["output_data_points_per_minute"]["mean"] or 0.0
        bpm = summary["estimated_bytes_per_minute"]["mean"] or 0.0
        cost = estimate_cost(data_points_per_minute=dppm, bytes_per_minute=bpm, pricing=pricing)
        variants[label] = {
            "samples": len(variant_rows),
            "measured_by": _measured_by(variant_rows),
            "kpis": summary,
            "cost": cost.to_dict(),
        }

    def mean(label: str, field: str) -> float | None:
        return variants[label]["kpis"][field]["mean"]

    base_series, cand_series = mean(BASELINE, "output_series"), mean(CANDIDATE, "output_series")
    base_cost, cand_cost = variants[BASELINE]["cost"]["monthly_usd"], variants[CANDIDATE]["cost"]["monthly_usd"]
    cand_retention = _values(by_variant[CANDIDATE], "critical_retention")
    comparison = {
        "samples": {label: variants[label]["samples"] for label in variants},
        "cardinality_reduction": cardinality_reduction(cand_series, base_series),
        "output_series_test": welch_test(
            _values(by_variant[BASELINE], "output_series"), _values(by_variant[CANDIDATE], "output_series")
        ).to_dict(),
        "candidate_min_critical_retention": min(cand_retention) if cand_retention else None,
        "cpu_overhead": cpu_overhead(mean(CANDIDATE, "collector_cpu_cores"), mean(BASELINE, "collector_cpu_cores")),
        "memory_overhead": memory_overhead(
            mean(CANDIDATE, "collector_peak_memory_bytes"), mean(BASELINE, "collector_peak_memory_bytes")
        ),
        "cost_reduction": reduction(cand_cost, base_cost),
        "monthly_savings_usd": base_cost - cand_cost,
        "annual_savings_usd": (base_cost - cand_cost) * 12,
    }
    verdict, reasons = decide(comparison, criteria, min_samples=min_samples, alpha=alpha)
    return {
        "verdict": verdict.value,
        "reasons": reasons,
        "comparison": comparison,
        "variants": variants,
        "criteria": criteria,
        "measured_by": _measured_by([r for variant_rows in by_variant.values() for r in variant_rows]),
        "method": {
            "test": "Welch's two-sided t-test on per-interval output series",
            "alpha": alpha,
            "min_samples": min_samples,
            "warmup_samples_excluded": True,
        },
        "cost_assumptions": variants[BASELINE]["cost"]["assumptions"],
    }
