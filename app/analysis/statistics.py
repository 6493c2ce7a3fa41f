"""Summary statistics and Welch's t-test over per-interval samples (scipy.stats).

scipy is imported on first use: it costs about half a second, which `phoenix serve` should not pay
at start-up for an analysis that runs minutes later.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Summary:
    n: int
    mean: float | None
    std: float | None
    min: float | None
    max: float | None
    ci95_low: float | None
    ci95_high: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def summarize(values: list[float]) -> Summary:
    """Mean, sample standard deviation, range and the t-based 95% confidence interval of the mean."""
    n = len(values)
    if n == 0:
        return Summary(0, None, None, None, None, None, None)
    mean = sum(values) / n
    if n == 1:
        return Summary(1, mean, None, mean, mean, None, None)
    from scipy import stats

    std = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = stats.t.ppf(0.975, n - 1) * std / math.sqrt(n)
    return Summary(n, mean, std, min(values), max(values), mean - half, mean + half)


@dataclass(frozen=True)
class WelchResult:
    t_statistic: float | None
    p_value: float | None
    degrees_of_freedom: float | None
    effect_size: float | None  # Hedges' g (bias-corrected Cohen's d), candidate minus baseline
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def welch_test(baseline: list[float], candidate: list[float]) -> WelchResult:
    """Two-sided Welch's t-test of candidate vs baseline means (unequal variances).

    When both samples have zero variance the test is undefined (scipy returns NaN); the difference
    is then exact, so p is 0 if the means differ and 1 if they do not, and the note says so.
    """
    if len(baseline) < 2 or len(candidate) < 2:
        return WelchResult(None, None, None, None, "fewer than two samples in a variant")
    mb, mc = sum(baseline) / len(baseline), sum(candidate) / len(candidate)
    vb = sum((v - mb) ** 2 for v in baseline) / (len(baseline) - 1)
    vc = sum((v - mc) ** 2 for v in candidate) / (len(candidate) - 1)
    if vb == 0 and vc == 0:
        return WelchResult(
            None, 0.0 if mb != mc else 1.0, None, None, "both variants constant over the run: the difference is exact"
        )
    from scipy import stats

    result = stats.ttest_ind(candidate, baseline, equal_var=False)
    nb, nc = len(baseline), len(candidate)
    dof = (vb / nb + vc / nc) ** 2 / ((vb / nb) ** 2 / (nb - 1) + (vc / nc) ** 2 / (nc - 1))
    pooled = math.sqrt(((nb - 1) * vb + (nc - 1) * vc) / (nb + nc - 2))
    correction = 1 - 3 / (4 * (nb + nc) - 9)
    effect = (mc - mb) / pooled * correction if pooled > 0 else None
    return WelchResult(float(result.statistic), float(result.pvalue), float(dof), effect)
