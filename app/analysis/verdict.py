"""The experiment verdict: one table of rules applied to the analysed KPIs, with the reasons.

Order matters and follows the spec:
1. too few samples per variant -> `inconclusive`;
2. a critical process lost by the candidate -> `needs_tuning` if the reduction target was met
   (the pipeline works but protects too little), else `keep_baseline`;
3. reduction below target -> `keep_baseline`;
4. reduction not statistically significant (Welch's p >= alpha) -> `inconclusive`;
5. CPU or memory overhead, or cost reduction, outside the criteria -> `keep_baseline`;
6. otherwise -> `adopt_candidate`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from app.core.variants import BASELINE, CANDIDATE

MIN_SAMPLES = 5
ALPHA = 0.05


class Verdict(StrEnum):
    adopt_candidate = "adopt_candidate"
    keep_baseline = "keep_baseline"
    needs_tuning = "needs_tuning"
    inconclusive = "inconclusive"


def decide(
    kpis: dict[str, Any], criteria: dict[str, Any], *, min_samples: int = MIN_SAMPLES, alpha: float = ALPHA
) -> tuple[Verdict, list[str]]:
    """The verdict and the reasons behind it, from `analyze`'s comparison block and the criteria."""
    n = min(kpis["samples"][BASELINE], kpis["samples"][CANDIDATE])
    if n < min_samples:
        return Verdict.inconclusive, [f"only {n} samples per variant after warm-up; need {min_samples}"]
    reduction = kpis["cardinality_reduction"]
    target = criteria.get("min_cardinality_reduction", 0.0)
    reduction_met = reduction is not None and reduction >= target
    retention = kpis["candidate_min_critical_retention"]
    needed = criteria.get("min_critical_retention", 1.0)
    if retention is not None and retention < needed:
        reason = f"candidate kept {retention:.1%} of critical processes at worst; the criterion is {needed:.1%}"
        return (Verdict.needs_tuning if reduction_met else Verdict.keep_baseline), [reason]
    if not reduction_met:
        shown = "n/a" if reduction is None else f"{reduction:.1%}"
        return Verdict.keep_baseline, [f"cardinality reduction {shown} is below the target {target:.1%}"]
    p = kpis["output_series_test"]["p_value"]
    if p is None or p >= alpha:
        shown = "n/a" if p is None else f"{p:.3g}"
        return Verdict.inconclusive, [
            f"reduction {reduction:.1%} is not significant (Welch p = {shown}, alpha {alpha})"
        ]
    reasons = [f"cardinality reduction {reduction:.1%} >= target {target:.1%} (Welch p = {p:.3g})"]
    for key, limit_key, label in (
        ("cpu_overhead", "max_cpu_overhead", "CPU"),
        ("memory_overhead", "max_memory_overhead", "memory"),
    ):
        overhead, limit = kpis.get(key), criteria.get(limit_key)
        if overhead is not None and limit is not None and overhead > limit:
            unit = " of a core" if key == "cpu_overhead" else ""
            reason = f"{label} overhead {overhead:+.1%}{unit} exceeds the limit {limit:.1%}{unit}"
            return Verdict.keep_baseline, [reason]
    cost_reduction, min_cost = kpis.get("cost_reduction"), criteria.get("min_cost_reduction", 0.0)
    if cost_reduction is not None and cost_reduction < min_cost:
        return Verdict.keep_baseline, [f"cost reduction {cost_reduction:.1%} is below the target {min_cost:.1%}"]
    reasons.append("critical processes all retained; overhead and cost within the criteria")
    return Verdict.adopt_candidate, reasons
