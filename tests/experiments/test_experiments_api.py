"""Experiments API on SQLite and PostgreSQL: validation, pagination, phases, optimistic concurrency."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fastapi import FastAPI

from app.core.errors import Conflict
from app.experiments import service
from app.experiments.phases import Phase
from app.pipelines.render import TemplateRenderError
from tests.conftest import client_for
from tests.experiment_bodies import experiment_body

API = "/api/v1/experiments"


async def _create(client: httpx.AsyncClient, headers: dict[str, str], **overrides: object) -> dict:
    response = await client.post(API, json=experiment_body(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def test_create_and_read_back(client: httpx.AsyncClient, role_headers: dict) -> None:
    created = await _create(client, role_headers["operator"])
    assert created["phase"] == "pending"
    assert created["version"] == 1
    assert created["duration_seconds"] == 1800 and created["warmup_seconds"] == 120
    assert created["created_by"] == "user:operator-user"
    assert created["allowed_transitions"] == ["deploying", "cancelled"]

    fetched = await client.get(f"{API}/{created['id']}", headers=role_headers["viewer"])
    assert fetched.status_code == 200
    assert fetched.json()["candidate"] == {"template": "process-topk-v1", "parameters": {}}
    history = await client.get(f"{API}/{created['id']}/transitions", headers=role_headers["viewer"])
    assert [(t["from_phase"], t["to_phase"], t["trigger"]) for t in history.json()] == [
        (None, "pending", "user:operator-user")
    ]


async def test_duplicate_name_is_409(client: httpx.AsyncClient, admin_headers: dict) -> None:
    await _create(client, admin_headers)
    again = await client.post(API, json=experiment_body(), headers=admin_headers)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"


INVALID_BODIES = [
    ("bad name", {"name": "Not_DNS"}, "body.name"),
    ("name too long", {"name": "a" * 64}, "body.name"),
    ("unknown template", {"candidate": {"template": "process-nope-v9"}}, "body.candidate.template"),
    ("bad regex", {"critical_processes": ["^(nginx"]}, "body.critical_processes"),
    ("re2-incompatible regex", {"critical_processes": ["^(?!kworker)"]}, "body.critical_processes"),
    ("negative duration", {"duration": "-5m"}, "body.duration"),
    ("garbage duration", {"duration": "soon"}, "body.duration"),
    (
        "fraction above 1",
        {"success_criteria": {"min_cardinality_reduction": 1.5}},
        "body.success_criteria.min_cardinality_reduction",
    ),
    ("negative fraction", {"success_criteria": {"max_cpu_overhead": -0.1}}, "body.success_criteria.max_cpu_overhead"),
    ("unknown field", {"colour": "red"}, "body.colour"),
    ("unknown nested field", {"target": {"namespace": "x", "zone": "eu"}}, "body.target.zone"),
    ("template and pipeline", {"baseline": {"template": "process-baseline-v1", "pipeline_id": "p1"}}, "body.baseline"),
    ("warmup not shorter than duration", {"duration": "5m", "warmup": "5m"}, "body"),
    ("bad namespace", {"target": {"namespace": "Bad NS"}}, "body.target.namespace"),
    ("unknown load profile", {"load_profile": {"profile": "chaos"}}, "body.load_profile.profile"),
    (
        "load profile out of range",
        {"load_profile": {"profile": "high-cardinality", "process_count": 10}},
        "body.load_profile",
    ),
]


@pytest.mark.parametrize(("case", "overrides", "path"), INVALID_BODIES, ids=[c[0] for c in INVALID_BODIES])
async def test_invalid_bodies_are_422_with_path(
    client: httpx.AsyncClient, admin_headers: dict, case: str, overrides: dict, path: str
) -> None:
    response = await client.post(API, json=experiment_body(**overrides), headers=admin_headers)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["message"]
    assert any(d["path"].startswith(path) for d in error["details"]), error["details"]
    listing = await client.get(API, headers=admin_headers)
    assert listing.json()["items"] == []  # nothing half-created


async def test_malformed_json_is_422_envelope(client: httpx.AsyncClient, admin_headers: dict) -> None:
    response = await client.post(
        API, content=b'{"name": ', headers={**admin_headers, "content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


async def test_cursor_pagination_filters_and_search(client: httpx.AsyncClient, admin_headers: dict) -> None:
    ids = [(await _create(client, admin_headers, name=f"exp-{i:02d}"))["id"] for i in range(7)]
    await _create(client, admin_headers, name="checkout-trial", description="Checkout hosts")
    await client.post(f"{API}/{ids[0]}/start", headers=admin_headers)

    seen: list[str] = []
    cursor = None
    for _ in range(10):
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = (await client.get(API, params=params, headers=admin_headers)).json()
        seen += [item["name"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ["checkout-trial", *[f"exp-{i:02d}" for i in reversed(range(7))]]

    deploying = (await client.get(API, params={"phase": "deploying"}, headers=admin_headers)).json()
    assert [e["id"] for e in deploying["items"]] == [ids[0]]
    found = (await client.get(API, params={"q": "CHECKOUT"}, headers=admin_headers)).json()
    assert [e["name"] for e in found["items"]] == ["checkout-trial"]
    literal = (await client.get(API, params={"q": "%"}, headers=admin_headers)).json()
    assert literal["items"] == []  # LIKE wildcards are matched literally

    for bad in ({"limit": 0}, {"limit": 101}, {"cursor": "not-a-cursor"}, {"phase": "sleeping"}):
        response = await client.get(API, params=bad, headers=admin_headers)
        assert response.status_code == 422, (bad, response.text)


async def test_phase_rules(client: httpx.AsyncClient, admin_headers: dict) -> None:
    exp = await _create(client, admin_headers)
    url = f"{API}/{exp['id']}"

    assert (await client.delete(url, headers=admin_headers)).status_code == 409  # not terminal
    patched = await client.patch(url, json={"description": "new words", "duration": "1h"}, headers=admin_headers)
    assert patched.status_code == 200, patched.text
    assert patched.json()["duration_seconds"] == 3600 and patched.json()["version"] == 2

    stale = await client.patch(url, json={"description": "x", "version": 1}, headers=admin_headers)
    assert stale.status_code == 409

    started = await client.post(f"{url}/start", headers=admin_headers)
    assert started.status_code == 200 and started.json()["phase"] == "deploying"
    assert started.json()["started_at"] is not None

    again = await client.post(f"{url}/start", headers=admin_headers)
    assert again.status_code == 409
    assert again.json()["error"]["details"]["allowed"] == ["running", "failed", "cancelled"]
    assert (await client.patch(url, json={"description": "late"}, headers=admin_headers)).status_code == 409

    stopped = await client.post(f"{url}/stop", json={"reason": "wrong hosts"}, headers=admin_headers)
    assert stopped.status_code == 200 and stopped.json()["phase"] == "cancelled"
    assert stopped.json()["finished_at"] is not None
    assert (await client.post(f"{url}/stop", headers=admin_headers)).status_code == 409

    history = (await client.get(f"{url}/transitions", headers=admin_headers)).json()
    assert [(t["to_phase"], t["reason"]) for t in history] == [
        ("pending", "created"),
        ("deploying", "start requested"),
        ("cancelled", "wrong hosts"),
    ]
    events = (await client.get(f"{url}/events", headers=admin_headers)).json()
    assert events[0]["kind"] == "updated"

    assert (await client.delete(url, headers=admin_headers)).status_code == 204
    assert (await client.get(url, headers=admin_headers)).status_code == 404


async def test_concurrent_starts_one_wins(app: FastAPI, admin_headers: dict) -> None:
    async with client_for(app, admin_headers) as c1, client_for(app, admin_headers) as c2:
        exp = await _create(c1, admin_headers)
        results = await asyncio.gather(c1.post(f"{API}/{exp['id']}/start"), c2.post(f"{API}/{exp['id']}/start"))
        assert sorted(r.status_code for r in results) == [200, 409]
        history = (await c1.get(f"{API}/{exp['id']}/transitions")).json()
        assert [t["to_phase"] for t in history] == ["pending", "deploying"]


async def test_stale_version_loses_in_service(app: FastAPI, client: httpx.AsyncClient, admin_headers: dict) -> None:
    """Two writers read version 1; the second conditional write must fail, not overwrite."""
    exp = await _create(client, admin_headers)
    async with app.state.sessionmaker() as s1, app.state.sessionmaker() as s2:
        first = await service.get(s1, experiment_id=exp["id"])
        second = await service.get(s2, experiment_id=exp["id"])
        await service.transition(s1, experiment=first, to=Phase.deploying, trigger="test:1")
        with pytest.raises(Conflict):
            await service.transition(s2, experiment=second, to=Phase.cancelled, trigger="test:2")
    final = (await client.get(f"{API}/{exp['id']}", headers=admin_headers)).json()
    assert final["phase"] == "deploying" and final["version"] == 2


async def test_nul_characters_are_a_client_error_on_every_database(
    client: httpx.AsyncClient, admin_headers: dict
) -> None:
    """PostgreSQL cannot store NUL in text; both databases answer 422 instead of failing in the driver."""
    responses = [
        await client.get(API, params={"q": "a\x00b"}, headers=admin_headers),
        await client.post(API, json=experiment_body(description="a\x00b"), headers=admin_headers),
        await client.get(f"{API}/a%00b", headers=admin_headers),
        await client.post("/api/v1/auth/login", json={"username": "a\x00b", "password": "x"}),
    ]
    for response in responses:
        assert response.status_code == 422, response.text
        assert "NUL" in response.json()["error"]["message"]
    assert (await client.get(API, headers=admin_headers)).json()["items"] == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_list_page_is_one_statement_without_the_large_columns(
    app: FastAPI, client: httpx.AsyncClient, admin_headers: dict
) -> None:
    from sqlalchemy import event

    for i in range(3):
        await _create(client, admin_headers, name=f"listed-{i}")
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        page = (await client.get(API, params={"limit": 2}, headers=admin_headers)).json()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(page["items"]) == 2 and page["next_cursor"]
    listing = [s for s in statements if "FROM experiments" in s]
    # The page, and the caller's user unless its credential is still cached from the creates.
    assert len(listing) == 1 and len(statements) in (1, 2), statements
    for large in ("variant_configs", "results", "suspended_deployments"):
        assert large not in listing[0]


async def test_a_list_page_is_read_once_per_change_of_the_experiments(
    app: FastAPI, client: httpx.AsyncClient, admin_headers: dict
) -> None:
    from sqlalchemy import event

    await _create(client, admin_headers, name="cached-0")
    listings: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if "FROM experiments" in statement:
            listings.append(statement)

    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        first = (await client.get(API, headers=admin_headers)).json()
        again = (await client.get(API, headers=admin_headers)).json()
        assert again == first and len(listings) == 1  # the same page, not read again
        created = await _create(client, admin_headers, name="cached-1")
        after = (await client.get(API, headers=admin_headers)).json()
        assert [e["name"] for e in after["items"]][:2] == ["cached-1", "cached-0"]
        await client.patch(f"{API}/{created['id']}", json={"description": "edited"}, headers=admin_headers)
        edited = (await client.get(API, headers=admin_headers)).json()
        assert edited["items"][0]["description"] == "edited"
    finally:
        event.remove(engine, "before_cursor_execute", count)


async def test_the_frozen_variant_configs_once_deploying(
    app: FastAPI, client: httpx.AsyncClient, role_headers: dict
) -> None:
    created = await _create(client, role_headers["operator"], name="frozen-configs")
    url = f"{API}/{created['id']}/variants"
    pending = await client.get(url, headers=role_headers["viewer"])
    assert pending.status_code == 409 and pending.json()["error"]["details"]["phase"] == "pending"
    await client.post(f"{API}/{created['id']}/start", headers=role_headers["operator"])
    await app.state.reconciler.tick()
    frozen = await client.get(url, headers=role_headers["viewer"])
    assert frozen.status_code == 200, frozen.text
    body = frozen.json()
    assert {body["baseline"]["template"], body["candidate"]["template"]} == {
        created["baseline"]["template"],
        created["candidate"]["template"],
    }
    # Rendered with the run's identity: each config tags its output with the experiment and variant.
    for label in ("baseline", "candidate"):
        tags = body[label]["config_yaml"]
        assert "value: 'frozen-configs'" in tags and f"value: '{label}'" in tags, tags


async def test_a_template_that_fails_to_render_fails_the_run_with_the_reason(
    app: FastAPI, client: httpx.AsyncClient, role_headers: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A catalog template broken after the experiment was created (a fault injected by replacing the
    renderer: the real catalog cannot be broken on demand) fails the run, saying why, and a render
    request gets a 422 naming the template; neither is a 500 or a run stuck in `deploying`."""
    operator = role_headers["operator"]
    created = await _create(client, operator, name="broken-template")

    def broken(template: str, values: dict) -> None:
        raise TemplateRenderError(f"template {template} failed to render: 'no_such_parameter' is undefined")

    monkeypatch.setattr("app.pipelines.service.render_template", broken)
    refused = await client.post("/api/v1/pipelines/render", json={"template": "process-topk-v1"}, headers=operator)
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["details"][0]["path"] == "body.template"

    await client.post(f"{API}/{created['id']}/start", headers=operator)
    await app.state.reconciler.tick()
    experiment = (await client.get(f"{API}/{created['id']}", headers=operator)).json()
    assert experiment["phase"] == "failed"
    history = (await client.get(f"{API}/{created['id']}/transitions", headers=operator)).json()
    assert "no_such_parameter" in history[-1]["reason"] and "cannot render the variants" in history[-1]["reason"]
