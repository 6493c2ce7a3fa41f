"""The analysis on constructed samples: each verdict rule, and statistics that match scipy."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest
from scipy import stats

from app.analysis.service import analyze
from app.analysis.statistics import summarize, welch_test

CRITERIA = {
    "min_cardinality_reduction": 0.5,
    "min_critical_retention": 1.0,
    "max_cpu_overhead": 0.05,
    "max_memory_overhead": 0.25,
    "min_cost_reduction": 0.0,
}


@dataclass
class Row:
    variant: str
    output_series: float
    critical_retention: float = 1.0
    warmup: bool = False
    input_processes: int = 200
    input_series: int = 2000
    output_data_points_per_minute: float = 0.0
    estimated_bytes_per_minute: float = 0.0
    cpu_fidelity_error: float | None = 0.0
    memory_fidelity_error: float | None = 0.0
    collector_cpu_cores: float = 0.01
    collector_peak_memory_bytes: int | None = 50_000_000


def _rows(variant: str, values: list[float], **extra: object) -> list[Row]:
    return [
        Row(
            variant=variant,
            output_series=v,
            output_data_points_per_minute=v * 6,
            estimated_bytes_per_minute=v * 600,
            **extra,
        )
        for v in values
    ]


def _noisy(mean: float, n: int, sd: float, seed: int) -> list[float]:
    rng = random.Random(seed)
    return [rng.gauss(mean, sd) for _ in range(n)]


def test_clear_win_is_adopted() -> None:
    samples = _rows("baseline", _noisy(2000, 12, 20, 1)) + _rows("candidate", _noisy(300, 12, 10, 2))
    result = analyze(samples, CRITERIA)
    assert result["verdict"] == "adopt_candidate", result["reasons"]
    assert result["comparison"]["cardinality_reduction"] == pytest.approx(0.85, abs=0.01)
    assert result["comparison"]["cost_reduction"] == pytest.approx(0.85, abs=0.01)
    assert result["comparison"]["monthly_savings_usd"] > 0


def test_lost_critical_process_needs_tuning() -> None:
    candidate = _rows("candidate", _noisy(300, 10, 10, 3))
    candidate[4].critical_retention = 0.8
    result = analyze(_rows("baseline", _noisy(2000, 10, 20, 4)) + candidate, CRITERIA)
    assert result["verdict"] == "needs_tuning"
    assert "80.0%" in result["reasons"][0]


def test_lost_critical_without_reduction_keeps_baseline() -> None:
    candidate = _rows("candidate", _noisy(1900, 10, 20, 5), critical_retention=0.5)
    result = analyze(_rows("baseline", _noisy(2000, 10, 20, 6)) + candidate, CRITERIA)
    assert result["verdict"] == "keep_baseline"


def test_noise_is_inconclusive() -> None:
    baseline = [400.0, 1600.0, 700.0, 1300.0, 1000.0]  # mean 1000, wide spread
    candidate = [100.0, 1200.0, 400.0, 900.0, 650.0]  # mean 650: a 35% reduction, but within the noise
    result = analyze(
        _rows("baseline", baseline) + _rows("candidate", candidate), {**CRITERIA, "min_cardinality_reduction": 0.3}
    )
    reduction = result["comparison"]["cardinality_reduction"]
    p = result["comparison"]["output_series_test"]["p_value"]
    assert reduction >= 0.3 and p >= 0.05, (reduction, p)
    assert result["verdict"] == "inconclusive" and "not significant" in result["reasons"][0]


def test_too_few_samples_is_inconclusive_and_warmup_does_not_count() -> None:
    samples = _rows("baseline", [2000] * 4) + _rows("candidate", [300] * 4)
    samples += _rows("baseline", [2000] * 5, warmup=True) + _rows("candidate", [300] * 5, warmup=True)
    result = analyze(samples, CRITERIA)
    assert result["verdict"] == "inconclusive" and "only 4 samples" in result["reasons"][0]


def test_overhead_over_the_limit_keeps_baseline() -> None:
    samples = _rows("baseline", _noisy(2000, 10, 20, 9)) + _rows(
        "candidate", _noisy(300, 10, 10, 10), collector_cpu_cores=0.2
    )
    result = analyze(samples, CRITERIA)
    assert result["verdict"] == "keep_baseline" and "CPU overhead" in result["reasons"][0]
    assert result["comparison"]["cpu_overhead"] == pytest.approx(0.19)


@dataclass
class MeasuredRow(Row):
    measured_by: str | None = None


def test_results_say_what_measured_them() -> None:
    """Per variant the distinct measurers of its counted samples, overall those of both; warm-up
    samples and samples stored before Phoenix recorded a measurer (NULL) add nothing."""
    samples: list[Row] = [
        MeasuredRow("baseline", 2000, measured_by="otelcol-phoenix 0.159.0", warmup=True),
        *(MeasuredRow("baseline", 2000, measured_by="embedded engine") for _ in range(3)),
        *(MeasuredRow("candidate", 300, measured_by="otelcol-phoenix 0.159.0") for _ in range(2)),
        *(MeasuredRow("candidate", 300, measured_by="embedded engine") for _ in range(2)),
        MeasuredRow("candidate", 300, measured_by=None),
    ]
    result = analyze(samples, CRITERIA)
    assert result["variants"]["baseline"]["measured_by"] == ["embedded engine"]
    assert result["variants"]["candidate"]["measured_by"] == ["embedded engine", "otelcol-phoenix 0.159.0"]
    assert result["measured_by"] == ["embedded engine", "otelcol-phoenix 0.159.0"]


def test_rows_without_a_measurer_give_empty_lists() -> None:
    result = analyze(_rows("baseline", [2000] * 5) + _rows("candidate", [300] * 5), CRITERIA)
    assert result["measured_by"] == []
    assert result["variants"]["baseline"]["measured_by"] == result["variants"]["candidate"]["measured_by"] == []


def test_welch_matches_scipy() -> None:
    a, b = _noisy(100, 15, 5, 11), _noisy(96, 9, 12, 12)
    ours = welch_test(a, b)
    theirs = stats.ttest_ind(b, a, equal_var=False)
    assert ours.p_value == pytest.approx(theirs.pvalue, rel=1e-12)
    assert ours.t_statistic == pytest.approx(theirs.statistic, rel=1e-12)
    constant = welch_test([5.0] * 6, [3.0] * 6)
    assert constant.p_value == 0.0 and "exact" in constant.note


def test_confidence_interval_matches_scipy() -> None:
    values = _noisy(50, 20, 4, 13)
    summary = summarize(values)
    low, high = stats.t.interval(0.95, len(values) - 1, loc=summary.mean, scale=stats.sem(values))
    assert (summary.ci95_low, summary.ci95_high) == (pytest.approx(low), pytest.approx(high))
