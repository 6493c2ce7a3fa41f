"""POST /api/v1/pipelines/critical-matches: which processes critical patterns protect on a snapshot,
per pattern, by the collector's rule (unanchored RE2 search of the executable name)."""

from __future__ import annotations

import os
from collections import Counter

import httpx
import psutil
import pytest

from app.engine.collector import EXECUTABLE_NAME
from app.simulation.profiles import get_profile
from app.simulation.snapshots import synthesize_snapshot

API = "/api/v1/pipelines/critical-matches"
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _synthetic_names(profile: str, seed: int) -> Counter[str]:
    snapshot = synthesize_snapshot(get_profile(profile, seed=seed))
    return Counter(rm.resource.attributes[EXECUTABLE_NAME] for rm in snapshot.batch.resource_metrics)


async def test_each_pattern_lists_what_it_protects_on_a_simulated_host(
    client: httpx.AsyncClient, role_headers: dict
) -> None:
    names = _synthetic_names("realistic", 7)
    exact, prefix = names.most_common(2)[0][0], names.most_common(2)[1][0]
    body = {
        "critical_processes": [f"^{exact}$", prefix[:3], "^no-such-process$"],
        "snapshot": {"kind": "simulated", "profile": "realistic", "seed": 7},
    }
    response = await client.post(API, json=body, headers=role_headers["viewer"])
    assert response.status_code == 200, response.text
    found = response.json()
    assert found["total_processes"] == sum(names.values())
    by_pattern = {p["pattern"]: p for p in found["patterns"]}
    assert by_pattern[f"^{exact}$"]["names"] == [{"name": exact, "processes": names[exact]}]
    # Unanchored: every name containing the three letters, anywhere.
    contains = {n: c for n, c in names.items() if prefix[:3] in n}
    assert {n["name"]: n["processes"] for n in by_pattern[prefix[:3]]["names"]} == contains
    assert by_pattern[prefix[:3]]["processes"] == sum(contains.values())
    assert found["unmatched_patterns"] == ["^no-such-process$"]
    either = {n for n in names if n == exact or prefix[:3] in n}
    assert found["critical_processes"] == sum(names[n] for n in either)


async def test_the_live_host_needs_an_operator_and_finds_this_process(
    client: httpx.AsyncClient, role_headers: dict
) -> None:
    me = psutil.Process(os.getpid()).name()
    body = {"critical_processes": [f"^{me}$"], "snapshot": {"kind": "live"}}
    refused = await client.post(API, json=body, headers=role_headers["viewer"])
    assert refused.status_code == 403, refused.text
    response = await client.post(API, json=body, headers=role_headers["operator"])
    assert response.status_code == 200, response.text
    assert response.json()["snapshot_source"] == "live"
    assert response.json()["patterns"][0]["processes"] >= 1


async def test_a_pattern_the_collector_would_refuse_is_a_422(client: httpx.AsyncClient, role_headers: dict) -> None:
    response = await client.post(API, json={"critical_processes": ["(?<=x)y"]}, headers=role_headers["viewer"])
    assert response.status_code == 422, response.text
    assert response.json()["error"]["details"]
