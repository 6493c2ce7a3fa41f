"""Backend prices: server-wide from settings (`PHOENIX_PRICE_*`), per experiment (fixed on the run
when it is created) and per preview; bad prices are 422s that create nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from pydantic import ValidationError

from app.core.config import Settings
from app.core.pricing import Pricing
from app.main import create_app
from tests.conftest import client_for, make_settings
from tests.experiment_bodies import experiment_body

SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
API = "/api/v1/experiments"
PREVIEW = "/api/v1/pipelines/preview"
SERVER_PRICES = {"usd_per_gb_ingested": 0.55, "usd_per_million_data_points": 0.02}
SNAPSHOT = {"kind": "simulated", "profile": "realistic", "process_count": 200, "seed": 4}


@pytest.fixture
async def priced(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """A server whose settings price data at SERVER_PRICES."""
    settings = make_settings(database_url, price_usd_per_gb_ingested=0.55, price_usd_per_million_data_points=0.02)
    application = create_app(settings)
    async with LifespanManager(application, startup_timeout=60), client_for(application) as client:
        yield client


def test_settings_read_the_prices_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHOENIX_PRICE_USD_PER_GB_INGESTED", "0.12")
    monkeypatch.setenv("PHOENIX_PRICE_USD_PER_MILLION_DATA_POINTS", "0")
    settings = Settings(_env_file=None, env="dev")
    assert settings.pricing == Pricing(usd_per_gb_ingested=0.12, usd_per_million_data_points=0)
    monkeypatch.setenv("PHOENIX_PRICE_USD_PER_GB_INGESTED", "-1")
    with pytest.raises(ValidationError, match="price_usd_per_gb_ingested"):
        Settings(_env_file=None, env="dev")


@SQLITE
async def test_an_experiment_gets_the_server_prices_or_its_own(priced: httpx.AsyncClient, admin_headers: dict) -> None:
    default = await priced.post(API, json=experiment_body(name="server-priced"), headers=admin_headers)
    assert default.status_code == 201, default.text
    assert default.json()["pricing"] == SERVER_PRICES

    own = {"usd_per_gb_ingested": 0, "usd_per_million_data_points": 0.4}
    created = await priced.post(API, json=experiment_body(name="own-prices", pricing=own), headers=admin_headers)
    assert created.status_code == 201, created.text
    assert created.json()["pricing"] == own

    # Pending, it can still change; the update is checked like a create.
    changed = {"usd_per_gb_ingested": 0.3, "usd_per_million_data_points": 0.4}
    response = await priced.patch(f"{API}/{created.json()['id']}", json={"pricing": changed}, headers=admin_headers)
    assert response.status_code == 200, response.text
    assert response.json()["pricing"] == changed


@SQLITE
@pytest.mark.parametrize(
    ("pricing", "path"),
    [
        ({"usd_per_gb_ingested": -0.1}, "body.pricing.usd_per_gb_ingested"),
        ({"usd_per_million_data_points": 1e9}, "body.pricing.usd_per_million_data_points"),
        ({"usd_per_gb": 0.3}, "body.pricing.usd_per_gb"),
        ({"usd_per_gb_ingested": "cheap"}, "body.pricing.usd_per_gb_ingested"),
    ],
)
async def test_bad_prices_are_422_and_create_nothing(
    priced: httpx.AsyncClient, admin_headers: dict, pricing: dict, path: str
) -> None:
    response = await priced.post(API, json=experiment_body(pricing=pricing), headers=admin_headers)
    assert response.status_code == 422, response.text
    assert any(d["path"] == path for d in response.json()["error"]["details"]), response.json()
    assert (await priced.get(API, headers=admin_headers)).json()["items"] == []
    preview = await priced.post(
        PREVIEW, json={"template": "process-topk-v1", "snapshot": SNAPSHOT, "pricing": pricing}, headers=admin_headers
    )
    assert preview.status_code == 422 and any(d["path"] == path for d in preview.json()["error"]["details"])


@SQLITE
async def test_a_preview_costs_at_the_server_prices_unless_it_names_its_own(
    priced: httpx.AsyncClient, admin_headers: dict
) -> None:
    body = {"template": "process-topk-v1", "snapshot": SNAPSHOT}
    server = (await priced.post(PREVIEW, json=body, headers=admin_headers)).json()["cost"]
    assert {k: server["assumptions"][k] for k in SERVER_PRICES} == SERVER_PRICES
    assert server["hourly_usd"] == pytest.approx(
        server["gb_per_hour"] * 0.55 + server["million_data_points_per_hour"] * 0.02
    )

    only_points = {"usd_per_gb_ingested": 0, "usd_per_million_data_points": 1.0}
    own = (await priced.post(PREVIEW, json={**body, "pricing": only_points}, headers=admin_headers)).json()["cost"]
    assert own["ingest_hourly_usd"] == 0
    assert own["hourly_usd"] == pytest.approx(own["million_data_points_per_hour"])  # same snapshot, same volume
    assert own["million_data_points_per_hour"] == server["million_data_points_per_hour"]
