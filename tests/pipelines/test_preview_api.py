"""POST /api/v1/pipelines/preview: what a pipeline does to a simulated, inline or live snapshot."""

from __future__ import annotations

import httpx
import pytest

from app.simulation.profiles import get_profile
from app.simulation.snapshots import synthesize_snapshot

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
URL = "/api/v1/pipelines/preview"
HIGH_CARD = {"kind": "simulated", "profile": "high-cardinality", "process_count": 1200, "seed": 7}


async def test_simulated_preview_of_topk(client: httpx.AsyncClient, role_headers: dict) -> None:
    body = {"template": "process-topk-v1", "snapshot": HIGH_CARD}
    response = await client.post(URL, json=body, headers=role_headers["viewer"])
    assert response.status_code == 200, response.text
    preview = response.json()
    assert preview["snapshot"]["processes"] >= 1000 and preview["snapshot"]["source"] == "synthetic"
    assert preview["cardinality_reduction"] >= 0.8
    assert preview["kpis"]["critical_retention"] == 1.0
    assert preview["kpis"]["cpu_fidelity_error"] <= 0.001 and preview["kpis"]["memory_fidelity_error"] <= 0.001
    assert preview["series"]["merged"], "top-k rolls the idle processes into 'other'"
    assert preview["cost"]["monthly_usd"] > 0 and preview["cost"]["assumptions"]["hours_per_month"] == 730
    assert preview["measured_by"] == "embedded engine"  # a preview always runs in the embedded engine

    against = await client.post(
        URL, json={**body, "baseline": {"template": "process-baseline-v1"}}, headers=role_headers["viewer"]
    )
    assert against.json()["reduction_basis"].startswith("baseline config")


async def test_inline_snapshot_gives_the_same_answer(client: httpx.AsyncClient, admin_headers: dict) -> None:
    snapshot = synthesize_snapshot(get_profile("realistic", seed=3))
    inline = {"template": "process-aggregated-v1", "snapshot": {"kind": "inline", "data": snapshot.to_dict()}}
    simulated = {
        "template": "process-aggregated-v1",
        "snapshot": {"kind": "simulated", "profile": "realistic", "seed": 3},
    }
    a = (await client.post(URL, json=inline, headers=admin_headers)).json()
    b = (await client.post(URL, json=simulated, headers=admin_headers)).json()
    assert a["kpis"]["output_series"] == b["kpis"]["output_series"] > 0


async def test_live_preview_needs_operator(client: httpx.AsyncClient, role_headers: dict) -> None:
    body = {"template": "process-priority-filter-v1", "snapshot": {"kind": "live"}}
    denied = await client.post(URL, json=body, headers=role_headers["viewer"])
    assert denied.status_code == 403
    live = await client.post(URL, json=body, headers=role_headers["operator"])
    assert live.status_code == 200, live.text
    assert live.json()["snapshot"]["source"] == "live" and live.json()["snapshot"]["processes"] > 0
    assert live.json()["measured_by"] == "embedded engine"  # the live host too: scraped, then run in the engine


async def test_bad_previews_are_422(client: httpx.AsyncClient, admin_headers: dict) -> None:
    unsupported = (
        "receivers:\n  kafka: {}\nexporters:\n  debug: {}\nservice:\n  pipelines:\n    metrics:\n"
        "      receivers: [kafka]\n      exporters: [debug]\n"
    )
    cases = [
        ({"template": "process-topk-v1", "snapshot": {"kind": "inline", "data": {"nope": 1}}}, "body.snapshot.data"),
        ({"template": "process-topk-v1", "snapshot": {**HIGH_CARD, "process_count": 100_000}}, "body.snapshot"),
        ({"pipeline_id": "f" * 32}, "body.pipeline_id"),
        ({"config_yaml": unsupported}, "body"),
        ({"template": "process-topk-v1", "critical_processes": ["(?=x)"]}, "body.critical_processes"),
    ]
    for body, path in cases:
        response = await client.post(URL, json=body, headers=admin_headers)
        assert response.status_code == 422, (body, response.text)
        assert any(d["path"].startswith(path) for d in response.json()["error"]["details"]), response.text
