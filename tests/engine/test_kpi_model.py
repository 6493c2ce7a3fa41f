"""One KPI model: every field of `VariantKpisBase` reaches every shape that carries KPIs.

Adding a KPI should touch the base model, its formula, a migration and tests, nothing else. These
tests iterate the base model's fields, so a field added there is checked everywhere at once, and a
failure names the shape it did not reach: the sample table (with the base model's nullability), the
API read model, the runtimes' sample, the analysis summaries, and the sampler's copy.
"""

from __future__ import annotations

import types
import typing
from datetime import UTC, datetime
from typing import Any

from app.analysis.service import analyze
from app.core.jobs import JobContext
from app.core.variants import VARIANT_LABELS
from app.engine.kpi_model import KPI_FIELDS, NUMERIC_KPIS, VariantKpisBase
from app.experiments.models import Experiment, ExperimentSample, FrozenVariant, FrozenVariants, SampleRead
from app.experiments.sampler import Sampler
from app.runtimes.base import OnThisHost, Target, VariantDeployment, VariantSample

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def _optional(annotation: Any) -> bool:
    return isinstance(annotation, types.UnionType) and type(None) in typing.get_args(annotation)


def _distinct_sample(label: str) -> VariantSample:
    """A sample whose every KPI has its own value, so a field copied from the wrong place shows."""
    values: dict[str, Any] = {}
    for i, (name, info) in enumerate(VariantKpisBase.model_fields.items(), start=1):
        kinds = typing.get_args(info.annotation) if _optional(info.annotation) else (info.annotation,)
        kind = next(k for k in kinds if k is not type(None))
        values[name] = f"measurer-{i}" if kind is str else kind(i)
    return VariantSample(label=label, **values)


def test_every_kpi_is_a_column_of_the_sample_table_with_the_base_nullability() -> None:
    columns = ExperimentSample.__table__.columns
    missing = [name for name in KPI_FIELDS if name not in columns]
    assert not missing, f"not columns of experiment_samples: {missing}"
    for name, info in VariantKpisBase.model_fields.items():
        assert columns[name].nullable is _optional(info.annotation), name


def test_every_kpi_is_in_the_api_read_model_and_the_runtime_sample() -> None:
    assert [n for n in KPI_FIELDS if n not in SampleRead.model_fields] == [], "missing from SampleRead"
    assert [n for n in KPI_FIELDS if n not in VariantSample.model_fields] == [], "missing from VariantSample"
    required = SampleRead.model_json_schema(mode="serialization")["required"]
    assert [n for n in KPI_FIELDS if n not in required] == [], "not required in the SampleRead response schema"


def test_every_numeric_kpi_is_summarised_by_the_analysis() -> None:
    assert set(NUMERIC_KPIS) == set(KPI_FIELDS) - {"measured_by"}
    rows = [
        ExperimentSample(experiment_id="e", variant=label, taken_at=NOW, **_distinct_sample(label).kpi_values())
        for label in VARIANT_LABELS
    ]
    result = analyze(rows, {})
    for label in VARIANT_LABELS:
        kpis = result["variants"][label]["kpis"]
        assert [n for n in NUMERIC_KPIS if n not in kpis] == [], f"not summarised for {label}"
        assert all(kpis[n]["mean"] is not None for n in NUMERIC_KPIS)
    assert result["measured_by"] == [_distinct_sample("x").measured_by]


class _Leader:
    async def ensure(self) -> bool:
        return True


class _Result:
    def __init__(self, rows: list[Any]) -> None:
        self.rows = rows

    def scalars(self) -> list[Any]:
        return self.rows


class _Session:
    """Just what `Sampler.tick` does with a session: one query for running experiments, add, commit."""

    def __init__(self, experiments: list[Experiment]) -> None:
        self.experiments = experiments
        self.added: list[Any] = []

    async def __aenter__(self) -> _Session:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    async def execute(self, query: Any) -> _Result:
        return _Result(self.experiments)

    def add(self, row: Any) -> None:
        self.added.append(row)

    async def commit(self) -> None:
        return None


class _Runtime(OnThisHost):
    name = "fake"

    async def sample(self, variants: list[VariantDeployment]) -> dict[str, VariantSample]:
        return {v.key: _distinct_sample(v.label) for v in variants}


async def test_the_sampler_stores_every_kpi_of_the_runtime_sample() -> None:
    config = FrozenVariant(config_yaml="", template="t", parameters={})
    experiment = Experiment(
        id="e1",
        name="kpis",
        baseline={},
        candidate={},
        target=Target(),
        critical_processes=[],
        duration_seconds=60,
        success_criteria={},
        created_by="test",
        variant_configs=FrozenVariants(baseline=config, candidate=config),
        running_at=NOW,
    )
    session = _Session([experiment])
    ctx = JobContext(sessionmaker=lambda: session, runtime=_Runtime(), settings=None, now=lambda: NOW)  # type: ignore[arg-type]
    assert await Sampler(ctx, _Leader()).tick() == 2  # type: ignore[arg-type]
    for row in session.added:
        assert isinstance(row, ExperimentSample)
        assert row.kpi_values() == _distinct_sample(row.variant).kpi_values()
        assert SampleRead.model_validate(row).kpi_values() == row.kpi_values()
