"""Backend cost of a variant's output: one pricing config, the figure and the assumptions behind it.

Backends bill metrics either by volume ingested or by data points (some by both), so the pricing
has both rates and the estimate adds them; set the one your backend does not charge to 0. The
defaults (`app.core.pricing`, overridden by settings or per experiment) are illustrative list-price
magnitudes, not a quote from any vendor:

- `usd_per_gb_ingested` = 0.30: per-GB metric ingest prices of hosted backends sit roughly between
  0.10 and 0.60 USD per GB; GB here is 10^9 bytes of uncompressed OTLP/protobuf;
- `usd_per_million_data_points` = 0.10: data-point priced backends sit in the tens of cents per
  million points.

Hourly = per-minute volume x 60; monthly = hourly x 730 (the average hours in a month).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from app.core.pricing import Pricing

HOURS_PER_MONTH = 730
BYTES_PER_GB = 1_000_000_000


DEFAULT_PRICING = Pricing()


@dataclass(frozen=True)
class CostEstimate:
    hourly_usd: float
    monthly_usd: float
    ingest_hourly_usd: float
    data_points_hourly_usd: float
    gb_per_hour: float
    million_data_points_per_hour: float
    assumptions: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def estimate_cost(
    *, data_points_per_minute: float, bytes_per_minute: float, pricing: Pricing = DEFAULT_PRICING, hosts: int = 1
) -> CostEstimate:
    """Hourly and monthly cost of sending this output from `hosts` identical hosts."""
    if data_points_per_minute < 0 or bytes_per_minute < 0 or hosts < 1:
        raise ValueError("volumes cannot be negative and hosts must be at least 1")
    gb_per_hour = bytes_per_minute * 60 * hosts / BYTES_PER_GB
    million_points_per_hour = data_points_per_minute * 60 * hosts / 1_000_000
    ingest = gb_per_hour * pricing.usd_per_gb_ingested
    points = million_points_per_hour * pricing.usd_per_million_data_points
    hourly = ingest + points
    return CostEstimate(
        hourly_usd=hourly,
        monthly_usd=hourly * HOURS_PER_MONTH,
        ingest_hourly_usd=ingest,
        data_points_hourly_usd=points,
        gb_per_hour=gb_per_hour,
        million_data_points_per_hour=million_points_per_hour,
        assumptions={
            "usd_per_gb_ingested": pricing.usd_per_gb_ingested,
            "usd_per_million_data_points": pricing.usd_per_million_data_points,
            "hours_per_month": HOURS_PER_MONTH,
            "bytes_per_gb": BYTES_PER_GB,
            "hosts": hosts,
            "bytes": "uncompressed OTLP/protobuf size of the exported output",
            "volume": "one scrape's output x scrapes per minute, assumed steady over the hour",
        },
    )
