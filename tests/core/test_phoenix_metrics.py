"""Phoenix's own metrics: after an update, `/metrics` (generate_latest) shows the gauges with the right labels.

The analysis dict comes from the real `analyze` on constructed samples, so the gauges read the
fields the results page shows (reduction, worst retention per variant, monthly cost per variant).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from app.analysis.service import analyze
from app.core import phoenix_metrics
from app.core.phoenix_metrics import ExperimentMetrics
from app.core.variants import VARIANT_LABELS
from app.experiments.phases import Phase

PHASES = [p.value for p in Phase]
CRITERIA = {"min_cardinality_reduction": 0.5, "min_critical_retention": 1.0}


@dataclass
class Row:
    """One stored per-interval sample, as `analyze` reads it."""

    variant: str
    output_series: float
    critical_retention: float = 1.0
    warmup: bool = False
    input_processes: int = 200
    input_series: int = 2000
    cpu_fidelity_error: float | None = 0.0
    memory_fidelity_error: float | None = 0.0
    collector_cpu_cores: float = 0.01
    collector_peak_memory_bytes: int | None = 50_000_000

    @property
    def output_data_points_per_minute(self) -> float:
        return self.output_series * 6

    @property
    def estimated_bytes_per_minute(self) -> float:
        return self.output_series * 600


def _rows(variant: str, values: list[float], **extra: float) -> list[Row]:
    return [Row(variant, v, **extra) for v in values]


@pytest.fixture(autouse=True)
def _clean() -> Iterator[None]:
    phoenix_metrics.clear_experiments()
    yield
    phoenix_metrics.clear_experiments()


def _scrape() -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of the default registry: (name, sorted labels) -> value."""
    out = {}
    for family in text_string_to_metric_families(generate_latest().decode()):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


def _value(name: str, **labels: str) -> float | None:
    return _scrape().get((name, tuple(sorted(labels.items()))))


def _analysis() -> dict:
    samples = _rows("baseline", [2000.0, 2010.0, 1990.0, 2005.0, 1995.0, 2000.0]) + _rows(
        "candidate", [300.0, 310.0, 290.0, 305.0, 295.0, 300.0], critical_retention=0.75
    )
    return analyze(samples, CRITERIA)


def test_phase_is_one_for_the_current_phase_and_zero_for_the_others() -> None:
    phoenix_metrics.update_from_experiment("exp-phase", "running", phases=PHASES)
    assert _value("phoenix_experiment_phase", experiment="exp-phase", phase="running") == 1.0
    others = {_value("phoenix_experiment_phase", experiment="exp-phase", phase=p) for p in PHASES if p != "running"}
    assert others == {0.0}
    phoenix_metrics.update_from_experiment("exp-phase", "completed")
    assert _value("phoenix_experiment_phase", experiment="exp-phase", phase="running") == 0.0
    assert _value("phoenix_experiment_phase", experiment="exp-phase", phase="completed") == 1.0


def test_kpis_from_an_analysis() -> None:
    analysis = _analysis()
    phoenix_metrics.update_from_experiment("exp-kpi", "completed", analysis)
    reduction = analysis["comparison"]["cardinality_reduction"]
    assert reduction == pytest.approx(0.85)
    assert _value("phoenix_pipeline_cardinality_reduction_ratio", experiment="exp-kpi") == pytest.approx(reduction)
    assert _value("phoenix_pipeline_cardinality_reduction_target_ratio", experiment="exp-kpi") == 0.5
    assert _value("phoenix_pipeline_critical_retention_ratio", experiment="exp-kpi", variant="baseline") == 1.0
    assert _value("phoenix_pipeline_critical_retention_ratio", experiment="exp-kpi", variant="candidate") == 0.75
    for variant in VARIANT_LABELS:
        expected = analysis["variants"][variant]["cost"]["monthly_usd"]
        assert expected > 0
        got = _value("phoenix_pipeline_estimated_monthly_cost_usd", experiment="exp-kpi", variant=variant)
        assert got == pytest.approx(expected)


def test_a_phase_change_without_analysis_keeps_the_kpis() -> None:
    phoenix_metrics.update_from_experiment("exp-keep-kpi", "analyzing", _analysis())
    phoenix_metrics.update_from_experiment("exp-keep-kpi", "completed")
    assert _value("phoenix_experiment_phase", experiment="exp-keep-kpi", phase="completed") == 1.0
    assert _value("phoenix_pipeline_critical_retention_ratio", experiment="exp-keep-kpi", variant="candidate") == 0.75


def test_an_unanalysed_experiment_exports_only_its_phase() -> None:
    phoenix_metrics.update_from_experiment("exp-new", "pending")
    names = {name for (name, labels) in _scrape() if ("experiment", "exp-new") in labels}
    assert names == {"phoenix_experiment_phase"}


def test_sync_removes_experiments_that_are_gone_and_clear_removes_all() -> None:
    phoenix_metrics.sync_experiments(
        [
            ExperimentMetrics.from_analysis("exp-keep", "completed", _analysis()),
            ExperimentMetrics("exp-drop", "running", cardinality_reduction=0.4, critical_retention={"candidate": 1.0}),
        ],
        phases=PHASES,
    )
    assert _value("phoenix_pipeline_cardinality_reduction_ratio", experiment="exp-drop") == 0.4
    phoenix_metrics.sync_experiments([ExperimentMetrics("exp-keep", "completed")])
    labels = {dict(lbl).get("experiment") for (_, lbl) in _scrape()}
    assert "exp-drop" not in labels and "exp-keep" in labels
    # exp-keep has no analysis any more: its KPI gauges are gone, its phase stays.
    assert _value("phoenix_pipeline_critical_retention_ratio", experiment="exp-keep", variant="candidate") is None
    assert _value("phoenix_experiment_phase", experiment="exp-keep", phase="completed") == 1.0
    phoenix_metrics.forget_experiment("exp-keep")
    assert "exp-keep" not in {dict(lbl).get("experiment") for (_, lbl) in _scrape()}
    phoenix_metrics.update_from_experiment("exp-last", "running")
    phoenix_metrics.clear_experiments()
    assert not any(name.startswith("phoenix_experiment_phase") for (name, _) in _scrape())


def test_job_errors_are_counted_per_job() -> None:
    before = _value("phoenix_job_errors_total", job_name="drift") or 0.0
    phoenix_metrics.record_job_error("drift")
    phoenix_metrics.record_job_error("drift")
    assert _value("phoenix_job_errors_total", job_name="drift") == before + 2
    assert 'phoenix_job_errors_total{job_name="drift"}' in generate_latest().decode()


def test_the_reconcile_histogram_is_exported_alongside() -> None:
    import app.core.metrics  # noqa: F401  (registers the histogram in the default registry)

    assert "phoenix_reconcile_duration_seconds_bucket" in generate_latest().decode()
