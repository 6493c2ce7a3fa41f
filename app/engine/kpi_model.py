"""The per-variant KPI fields: one base model that every shape carrying them inherits.

`VariantKpisBase` lists the KPIs of one sampling interval of one variant. The runtimes' sample
(`app.runtimes.base.VariantSample`), the sample table (`app.experiments.models.ExperimentSample`)
and its API shape (`SampleRead`) extend it, the sampler copies `kpi_values()` from one to the other,
and the analysis summarises every numeric field (`NUMERIC_KPIS`). Adding a KPI is a field here, its
formula in `app.engine.kpi_formulas`, a migration for the new column, and tests; nothing else lists them.
Definitions are in `app.engine.kpis`; fractions are 0-1.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from sqlmodel import Field, SQLModel


class VariantKpisBase(SQLModel):
    """The KPIs of one sampling interval of one variant (no table: the table and the API shapes extend it)."""

    input_processes: int = 0
    input_series: int
    output_series: int
    output_data_points_per_minute: float
    estimated_bytes_per_minute: float
    critical_processes_on_host: int
    critical_processes_in_output: int
    critical_retention: float
    cpu_fidelity_error: float | None = None
    memory_fidelity_error: float | None = None
    # Average CPU use of the variant's collector, in cores (CPU seconds per second).
    collector_cpu_cores: float = 0.0
    collector_peak_memory_bytes: int | None = None
    # What produced the figures (`otelcol-phoenix 0.159.0`, `embedded engine`); None: stored before Phoenix recorded it.
    measured_by: str | None = Field(
        default=None,
        max_length=64,
        description="collector binary or `embedded engine`; null for samples stored before it was recorded",
    )

    def kpi_values(self) -> dict[str, Any]:
        """The KPI fields of this object and nothing else, ready to build another shape that carries them."""
        return {name: getattr(self, name) for name in KPI_FIELDS}


def _is_numeric(annotation: Any) -> bool:
    args = typing.get_args(annotation) if isinstance(annotation, types.UnionType) else (annotation,)
    return all(a in (int, float, type(None)) for a in args) and any(a in (int, float) for a in args)


KPI_FIELDS: tuple[str, ...] = tuple(VariantKpisBase.model_fields)
# The KPIs the analysis summarises per variant (mean, spread, ...): every numeric one.
NUMERIC_KPIS: tuple[str, ...] = tuple(n for n, f in VariantKpisBase.model_fields.items() if _is_numeric(f.annotation))
