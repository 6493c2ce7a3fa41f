"""The KPI formulas: reduction, retention, fidelity and overhead, each defined once with its edge cases.

Every place that turns counts into a KPI calls these: the engine's per-run KPIs (`app.engine.kpis`),
the what-if preview, the runtimes' samples (local, collector, Prometheus), the experiment analysis
and drift detection. The edges, one rule each:

- a ratio against a baseline (`reduction`, `relative_change`, hence cardinality and cost reduction
  and memory overhead) is None when the baseline is unknown or 0: there is nothing to reduce or to
  compare against, and None says so where 0.0 would claim "no change" and 1 - x/0 would be infinite;
- `retention` with no critical process on the host is 1.0 (nothing was there to lose); it never
  exceeds 1.0, even when the output count comes from another source than the host count;
- `fidelity_error` with an expected total of 0 is 0.0 when the output is 0 too, else 1.0;
- `cpu_overhead` is a difference (extra share of one core), so it is defined for a 0 baseline; it
  is None only when either side is unknown.

The PromQL in `app.runtimes.kubernetes.promql` computes fidelity inside Prometheus with its own edge (hosts
whose baseline sums to 0 are left out); everything computed in Python goes through this module.
Fractions are 0-1.
"""

from __future__ import annotations

from collections.abc import Iterable


def reduction(candidate: float | None, baseline: float | None) -> float | None:
    """1 - candidate / baseline; None when either is unknown or the baseline is 0. Negative if worse."""
    if candidate is None or baseline is None or baseline == 0:
        return None
    return 1.0 - candidate / baseline


def cardinality_reduction(candidate_output_series: float | None, baseline_output_series: float | None) -> float | None:
    """1 - candidate / baseline output series (see `reduction` for the empty-baseline rule)."""
    return reduction(candidate_output_series, baseline_output_series)


def relative_change(candidate: float | None, baseline: float | None) -> float | None:
    """(candidate - baseline) / baseline; None when either is unknown or the baseline is 0."""
    if candidate is None or baseline is None or baseline == 0:
        return None
    return (candidate - baseline) / baseline


def retention(on_host: int, in_output: int) -> float:
    """Share of the critical processes on the host still present in the output: 1.0 when none is on the host."""
    if on_host <= 0:
        return 1.0
    return min(1.0, in_output / on_host)


def fidelity_error(expected: float, got: float) -> float:
    """|got - expected| / |expected| of a total; with nothing expected, 0.0 if nothing came out else 1.0."""
    if expected == 0:
        return 0.0 if got == 0 else 1.0
    return abs(got - expected) / abs(expected)


def worst(values: Iterable[float | None]) -> float | None:
    """The largest known error, or None when none is known."""
    known = [v for v in values if v is not None]
    return max(known) if known else None


def cpu_overhead(candidate_cores: float | None, baseline_cores: float | None) -> float | None:
    """Extra share of one CPU core the candidate's collector uses (candidate - baseline cores)."""
    if candidate_cores is None or baseline_cores is None:
        return None
    return candidate_cores - baseline_cores


def memory_overhead(candidate_peak_bytes: float | None, baseline_peak_bytes: float | None) -> float | None:
    """Relative increase of the candidate collector's peak memory (see `relative_change` for the edges)."""
    return relative_change(candidate_peak_bytes, baseline_peak_bytes)
