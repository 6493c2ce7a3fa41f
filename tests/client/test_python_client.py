"""The Python client (`app.client`): a builder for every API route, typed answers, the error envelope,
token renewal, and the event stream's decoding. The async client runs against the real app in
process on a temp SQLite database; the sync one runs under every CLI test."""

from __future__ import annotations

import inspect
import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from app.auth.models import Me, TokenPair
from app.client import AsyncPhoenixClient, Call, PhoenixApiError, routes
from app.client.events import STREAM_PATH, ChangeDecoder
from app.events.service import frame
from app.experiments.models import ExperimentCreate, ExperimentRead
from app.main import create_app
from app.pipelines.models import TemplateSummary
from tests.conftest import ADMIN_PASSWORD, make_settings

PLACEHOLDER = "{id}"


def _built_routes() -> set[tuple[str, str]]:
    """(method, path) of every call the route builders make, path parameters as {id}."""
    built = set()
    for module_name in routes.__all__:
        module = getattr(routes, module_name)
        for name, builder in inspect.getmembers(module, inspect.isfunction):
            if builder.__module__ != module.__name__ or name.startswith("_"):
                continue
            required = [p for p in inspect.signature(builder).parameters.values() if p.default is p.empty]
            call = builder(*[PLACEHOLDER for p in required if p.kind is p.POSITIONAL_OR_KEYWORD])
            assert isinstance(call, Call)
            built.add((call.method, call.path))
    return built


def test_every_api_route_has_a_builder() -> None:
    spec = create_app(make_settings("sqlite+aiosqlite:///:memory:")).openapi()
    api = {
        (method.upper(), re.sub(r"\{[^}]+\}", PLACEHOLDER, path))
        for path, operations in spec["paths"].items()
        if path.startswith("/api/v1/") and path != STREAM_PATH  # the stream: PhoenixClient.changes()
        for method in operations
    }
    missing = api - _built_routes()
    assert not missing, f"routes without a builder in app.client.routes: {sorted(missing)}"


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[FastAPI]:
    application = create_app(make_settings(f"sqlite+aiosqlite:///{tmp_path / 'client.db'}"))
    async with LifespanManager(application, startup_timeout=60):
        yield application


def _client(app: FastAPI, **credentials: object) -> AsyncPhoenixClient:
    return AsyncPhoenixClient("http://phoenix.test", transport=httpx.ASGITransport(app=app), **credentials)  # type: ignore[arg-type]


async def test_typed_answers_and_the_error_envelope(app: FastAPI) -> None:
    async with _client(app) as phoenix:
        with pytest.raises(PhoenixApiError) as anonymous:
            await phoenix.send(routes.auth.me())
        assert (anonymous.value.status_code, anonymous.value.code) == (401, "unauthorized")
        assert anonymous.value.request_id

        tokens = await phoenix.login("admin", ADMIN_PASSWORD)
        assert isinstance(tokens, TokenPair)
        me = await phoenix.send(routes.auth.me())
        assert isinstance(me, Me) and (me.username, me.auth) == ("admin", "bearer")
        templates = await phoenix.send(routes.pipelines.templates())
        assert all(isinstance(t, TemplateSummary) for t in templates)

        body = ExperimentCreate.model_validate(
            {
                "name": "typed",
                "baseline": {"template": "process-baseline-v1"},
                "candidate": {"template": "process-topk-v1"},
            }
        )
        created = await phoenix.send(routes.experiments.create(body))
        assert isinstance(created, ExperimentRead) and created.phase == "pending"
        page = await phoenix.send(routes.experiments.list_(phase="pending"))
        assert [e.id for e in page.items] == [created.id]
        assert await phoenix.send(routes.experiments.stop(created.id, "done")) is not None
        assert await phoenix.send(routes.experiments.delete(created.id)) is None

        with pytest.raises(PhoenixApiError) as invalid:
            await phoenix.send(routes.experiments.create({"name": "Not A Label", "baseline": {}, "candidate": {}}))
        error = invalid.value
        assert (error.status_code, error.code) == (422, "validation_error")
        assert any(d["path"] == "body.name" for d in error.details)

        key = await phoenix.send(routes.api_keys.create("client-test"))
    async with _client(app, api_key=key.key) as by_key:
        assert (await by_key.send(routes.auth.me())).auth == "api_key"


async def test_an_expired_token_is_renewed_once(app: FastAPI) -> None:
    async with _client(app) as phoenix:
        tokens = await phoenix.login("admin", ADMIN_PASSWORD)
    renewed: list[TokenPair] = []
    async with _client(
        app, token="not-a-valid-token", refresh_token=tokens.refresh_token, on_refresh=renewed.append
    ) as phoenix:
        assert (await phoenix.send(routes.auth.me())).username == "admin"
    assert len(renewed) == 1 and renewed[0].refresh_token != tokens.refresh_token
    async with _client(app, token="not-a-valid-token", refresh_token="not-valid-either") as phoenix:
        with pytest.raises(PhoenixApiError) as refused:
            await phoenix.send(routes.auth.me())
    assert refused.value.status_code == 401


def test_the_event_stream_decodes_as_the_server_frames_it() -> None:
    decoder = ChangeDecoder()
    text = frame("change", {"kind": "experiment", "id": "e1", "action": "updated"}) + frame("resync", {})
    changes = [c for c in map(decoder.feed, text.split("\n")) if c is not None]
    assert [(c.kind, c.id, c.action) for c in changes] == [("experiment", "e1", "updated"), ("resync", None, "resync")]
