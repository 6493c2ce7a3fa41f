"""The backend's prices that cost estimates use (`app.engine.cost`): server-wide from settings
(`PHOENIX_PRICE_USD_PER_GB_INGESTED`, `PHOENIX_PRICE_USD_PER_MILLION_DATA_POINTS`), or given per
experiment, which freezes them on the run so its figures do not move when the settings change."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from app.core.models import StrictModel

# Ceiling of either price: far above any real list price, low enough that a typo is refused.
MAX_PRICE_USD = 1_000.0


class Pricing(StrictModel):
    model_config = ConfigDict(frozen=True)

    usd_per_gb_ingested: float = Field(
        default=0.30, ge=0, le=MAX_PRICE_USD, description="USD per GB (10^9 bytes of OTLP/protobuf) ingested"
    )
    usd_per_million_data_points: float = Field(
        default=0.10, ge=0, le=MAX_PRICE_USD, description="USD per million data points ingested"
    )
