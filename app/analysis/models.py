"""API shapes of an analysis: per-variant KPI summaries, the comparison, cost, verdict and method.

They describe the dicts `app.analysis.service.analyze` builds (and that completed experiments store),
field for field; the cost shape is also what a pipeline preview reports.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from app.analysis.verdict import Verdict


class KpiSummary(BaseModel):
    """`app.analysis.statistics.Summary`: the statistics of one KPI over a variant's counted samples."""

    n: int = Field(description="samples with a recorded value")
    mean: float | None
    std: float | None = Field(description="sample standard deviation; null below two samples")
    min: float | None
    max: float | None
    ci95_low: float | None = Field(description="lower bound of the t-based 95% confidence interval of the mean")
    ci95_high: float | None = Field(description="upper bound of the t-based 95% confidence interval of the mean")


class WelchTestRead(BaseModel):
    """`app.analysis.statistics.WelchResult`: Welch's two-sided t-test, candidate vs baseline."""

    t_statistic: float | None
    p_value: float | None
    degrees_of_freedom: float | None
    effect_size: float | None = Field(description="Hedges' g (bias-corrected Cohen's d), candidate minus baseline")
    note: str = Field(description="why the test is undefined or exact; empty otherwise")


class CostAssumptions(BaseModel):
    """The pricing and volume assumptions behind a cost figure (`app.engine.cost`)."""

    usd_per_gb_ingested: float
    usd_per_million_data_points: float
    hours_per_month: int
    bytes_per_gb: int
    hosts: int
    bytes: str = Field(description="what the byte volume measures")
    volume: str = Field(description="how the hourly volume is extrapolated")


class CostRead(BaseModel):
    """`app.engine.cost.CostEstimate`: the backend cost of a variant's output."""

    hourly_usd: float
    monthly_usd: float
    ingest_hourly_usd: float = Field(description="the share billed by volume ingested")
    data_points_hourly_usd: float = Field(description="the share billed by data points")
    gb_per_hour: float
    million_data_points_per_hour: float
    assumptions: CostAssumptions


class VariantResults(BaseModel):
    samples: int = Field(description="samples counted after warm-up")
    measured_by: list[str] = Field(
        default_factory=list,
        description="distinct measurers of the counted samples; absent from results stored before Phoenix recorded it",
    )
    kpis: dict[str, KpiSummary] = Field(description="one summary per numeric KPI of a sample, by KPI name")
    cost: CostRead = Field(description="cost of the variant's mean output volume")


class Comparison(BaseModel):
    samples: dict[str, int] = Field(description="samples counted after warm-up, by variant")
    cardinality_reduction: float | None = Field(description="1 - candidate / baseline mean output series")
    output_series_test: WelchTestRead
    candidate_min_critical_retention: float | None
    cpu_overhead: float | None = Field(description="candidate - baseline collector CPU cores (0.05 = 5% of a core)")
    memory_overhead: float | None = Field(description="relative increase of the candidate collector's peak memory")
    cost_reduction: float | None = Field(description="1 - candidate / baseline monthly cost")
    monthly_savings_usd: float
    annual_savings_usd: float


class AnalysisMethod(BaseModel):
    test: str
    alpha: float
    min_samples: int = Field(description="samples per variant below which the verdict is inconclusive")
    warmup_samples_excluded: bool


class AnalysisRead(BaseModel):
    """Everything the results page shows (`app.analysis.service.analyze`)."""

    verdict: Verdict
    reasons: list[str]
    comparison: Comparison
    variants: dict[str, VariantResults] = Field(description="`baseline` and `candidate`")
    criteria: dict[str, Any] = Field(description="the experiment's success criteria the verdict was decided on")
    measured_by: list[str] = Field(
        default_factory=list,
        description="distinct measurers of both variants; absent from results stored before Phoenix recorded it",
    )
    method: AnalysisMethod
    cost_assumptions: CostAssumptions
