"""The KPI formulas and their edge cases, defined once in `app.engine.kpi_formulas`."""

from __future__ import annotations

import pytest

from app.engine.kpi_formulas import (
    cardinality_reduction,
    cpu_overhead,
    fidelity_error,
    memory_overhead,
    reduction,
    relative_change,
    retention,
    worst,
)


def test_reduction_is_undefined_against_an_empty_or_unknown_baseline() -> None:
    assert cardinality_reduction(100, 1000) == pytest.approx(0.9)
    assert cardinality_reduction(1500, 1000) == pytest.approx(-0.5)  # worse than the baseline
    assert cardinality_reduction(0, 0) is None
    assert cardinality_reduction(5, 0) is None
    assert cardinality_reduction(5, None) is None and cardinality_reduction(None, 5) is None
    assert reduction(30.0, 40.0) == pytest.approx(0.25)


def test_retention_is_full_without_critical_processes_and_never_above_one() -> None:
    assert retention(0, 0) == 1.0
    assert retention(7, 6) == pytest.approx(6 / 7)
    assert retention(4, 5) == 1.0  # output counted on another scrape than the host count
    assert retention(3, 0) == 0.0


def test_fidelity_error_with_nothing_expected() -> None:
    assert fidelity_error(100.0, 90.0) == pytest.approx(0.1)
    assert fidelity_error(-10.0, -5.0) == pytest.approx(0.5)
    assert fidelity_error(0.0, 0.0) == 0.0
    assert fidelity_error(0.0, 3.0) == 1.0
    assert worst([None, 0.2, 0.1]) == 0.2 and worst([None]) is None and worst([]) is None


def test_overheads() -> None:
    assert cpu_overhead(0.07, 0.02) == pytest.approx(0.05)
    assert cpu_overhead(0.01, 0.0) == pytest.approx(0.01)  # a difference: defined for a 0 baseline
    assert cpu_overhead(None, 0.1) is None
    assert memory_overhead(150.0, 100.0) == pytest.approx(0.5)
    assert memory_overhead(150.0, 0.0) is None and memory_overhead(None, 1.0) is None
    assert relative_change(80.0, 100.0) == pytest.approx(-0.2)
