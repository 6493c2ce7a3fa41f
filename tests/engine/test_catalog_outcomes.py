"""What each catalog template achieves, measured by running it in the engine on seeded simulated hosts.

Every template is rendered with its defaults, compiled from the rendered YAML and run on the
realistic, high-cardinality and high-churn profiles (fixed seeds). The claims of the catalog must
hold: critical retention exactly 1.0, totals preserved by the roll-ups, fewer series than the
baseline, and the high-cardinality reductions the strategies promise.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.core.config import get_settings
from app.engine.critical_patterns import DEFAULT_CRITICAL_PROCESSES
from app.engine.kpi_formulas import cardinality_reduction
from app.engine.kpis import VariantKpis, compute_kpis
from app.engine.pipeline import CompiledPipeline, compile_pipeline
from app.pipelines.render import render_template
from app.simulation.profiles import get_profile
from app.simulation.snapshots import synthesize_sequence, synthesize_snapshot

TEMPLATES = ("baseline", "priority-filter", "aggregated", "topk", "adaptive", "aggressive", "dynamic")
PROFILES = {"realistic": 101, "high-cardinality": 202, "high-churn": 303}  # profile -> fixed seed
TOTALS_PRESERVED = ("aggregated", "topk", "aggressive", "dynamic")
HIGH_CARDINALITY_MIN_REDUCTION = {"aggressive": 0.9, "topk": 0.8, "priority-filter": 0.5}
FIDELITY_TOLERANCE = 0.001


@pytest.fixture(scope="module")
def compiled() -> Iterator[dict[str, CompiledPipeline]]:
    get_settings.cache_clear()
    yield {t: compile_pipeline(render_template(f"process-{t}-v1").config_yaml) for t in TEMPLATES}
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def outcomes(compiled: dict[str, CompiledPipeline]) -> dict[tuple[str, str], VariantKpis]:
    results = {}
    for profile, seed in PROFILES.items():
        snapshot = synthesize_snapshot(get_profile(profile, seed=seed))
        for template, pipeline in compiled.items():
            run = pipeline.run(snapshot)
            assert not run.errors, (template, profile, run.errors)
            results[(template, profile)] = compute_kpis(
                run,
                collection_interval_s=pipeline.collection_interval_s,
                critical_patterns=DEFAULT_CRITICAL_PROCESSES,
                host=snapshot.host,
            )
    return results


CASES = [(t, p) for t in TEMPLATES for p in PROFILES]


@pytest.mark.parametrize(("template", "profile"), CASES)
def test_critical_retention_is_exactly_one(outcomes: dict, template: str, profile: str) -> None:
    kpis = outcomes[(template, profile)]
    assert kpis.critical_processes_on_host > 0, "every profile runs critical processes"
    assert kpis.critical_retention == 1.0, kpis.lost_critical_processes


@pytest.mark.parametrize(("template", "profile"), [(t, p) for t in TOTALS_PRESERVED for p in PROFILES])
def test_rollups_preserve_cpu_and_memory_totals(outcomes: dict, template: str, profile: str) -> None:
    kpis = outcomes[(template, profile)]
    assert kpis.cpu_fidelity_error is not None and kpis.cpu_fidelity_error <= FIDELITY_TOLERANCE
    assert kpis.memory_fidelity_error is not None and kpis.memory_fidelity_error <= FIDELITY_TOLERANCE


@pytest.mark.parametrize(("template", "profile"), [(t, p) for t in TEMPLATES[1:] for p in PROFILES])
def test_every_strategy_outputs_fewer_series_than_the_baseline(outcomes: dict, template: str, profile: str) -> None:
    assert outcomes[(template, profile)].output_series < outcomes[("baseline", profile)].output_series


def test_the_baseline_changes_nothing(outcomes: dict) -> None:
    for profile in PROFILES:
        kpis = outcomes[("baseline", profile)]
        assert kpis.output_series == kpis.input_series
        assert kpis.cpu_fidelity_error == 0.0 and kpis.memory_fidelity_error == 0.0


@pytest.mark.parametrize(("template", "minimum"), sorted(HIGH_CARDINALITY_MIN_REDUCTION.items()))
def test_high_cardinality_reductions(outcomes: dict, template: str, minimum: float) -> None:
    baseline = outcomes[("baseline", "high-cardinality")].output_series
    assert cardinality_reduction(outcomes[(template, "high-cardinality")].output_series, baseline) >= minimum


@pytest.mark.parametrize("template", ("aggregated", "topk", "aggressive"))
def test_high_churn_over_consecutive_scrapes(compiled: dict[str, CompiledPipeline], template: str) -> None:
    """Processes come and go between scrapes; every scrape keeps its criticals and its totals."""
    pipeline = compiled[template]
    for snapshot in synthesize_sequence(
        get_profile("high-churn", seed=PROFILES["high-churn"]), count=3, interval_s=1.0
    ):
        kpis = compute_kpis(
            pipeline.run(snapshot),
            collection_interval_s=pipeline.collection_interval_s,
            critical_patterns=DEFAULT_CRITICAL_PROCESSES,
            host=snapshot.host,
        )
        assert kpis.critical_retention == 1.0
        assert kpis.cpu_fidelity_error <= FIDELITY_TOLERANCE and kpis.memory_fidelity_error <= FIDELITY_TOLERANCE
