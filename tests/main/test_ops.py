"""Health, readiness, metrics, request ids, body limits, the SPA fallback and the error envelope."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


async def test_healthz_and_readyz(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    checks = ready.json()["checks"]
    assert checks["database"]["ok"] and checks["migrations"]["ok"] and checks["scheduler"]["running"]
    assert checks["migrations"]["current"] == checks["migrations"]["head"]


async def test_readyz_reports_a_stopped_scheduler(app: FastAPI, client: httpx.AsyncClient) -> None:
    await app.state.scheduler.shutdown()
    ready = await client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"]["scheduler"]["ok"] is False


async def test_metrics_count_requests_by_route(client: httpx.AsyncClient, admin_headers: dict) -> None:
    await client.get("/api/v1/experiments", headers=admin_headers)
    text = (await client.get("/metrics")).text
    assert 'phoenix_http_requests_total{method="GET",route="/api/v1/experiments",status="200"}' in text
    assert "phoenix_http_request_duration_seconds_bucket" in text


async def test_request_id_is_echoed_or_generated(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz", headers={"X-Request-ID": "abc-123"})).headers["x-request-id"] == "abc-123"
    generated = (await client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces"})).headers
    assert len(generated["x-request-id"]) == 32


async def test_oversized_body_is_413(client: httpx.AsyncClient, admin_headers: dict) -> None:
    big = b'{"name": "' + b"a" * 2_000_000 + b'"}'
    declared = await client.post(
        "/api/v1/experiments", content=big, headers={**admin_headers, "content-type": "application/json"}
    )
    assert declared.status_code == 413
    assert declared.json()["error"]["code"] == "payload_too_large"

    async def chunks():
        for _ in range(40):
            yield b"a" * 65536

    streamed = await client.post(
        "/api/v1/experiments", content=chunks(), headers={**admin_headers, "content-type": "application/json"}
    )
    assert streamed.status_code == 413


async def test_unknown_routes_are_404_envelopes(client: httpx.AsyncClient) -> None:
    for method in ("GET", "POST", "DELETE"):
        response = await client.request(method, "/api/v1/does-not-exist")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


async def test_spa_is_served_with_client_side_fallback(client: httpx.AsyncClient) -> None:
    root = await client.get("/")
    assert root.status_code == 200 and "text/html" in root.headers["content-type"]
    deep = await client.get("/experiments/some-id")
    assert deep.status_code == 200 and deep.text == root.text
    assert (await client.get("/../../etc/passwd")).text == root.text


async def test_openapi_docs_available(client: httpx.AsyncClient) -> None:
    assert (await client.get("/docs")).status_code == 200
    schema = (await client.get("/openapi.json")).json()
    assert "/api/v1/experiments" in schema["paths"]


# Routes under /api/v1 whose success response may stay an untyped object, with the reason.
UNTYPED_RESPONSES: dict[tuple[str, str], str] = {}


def _typed(schema: dict) -> bool:
    """A response schema that says what it holds: a model, an object with properties, or a list/union of them."""
    if "$ref" in schema or "properties" in schema:
        return True
    if schema.get("type") == "array":
        return _typed(schema.get("items", {}))
    variants = schema.get("anyOf") or schema.get("oneOf")
    return bool(variants) and all(_typed(v) for v in variants if v.get("type") != "null")


def test_every_api_response_has_a_model(app: FastAPI) -> None:
    untyped = set()
    for path, operations in app.openapi()["paths"].items():
        if not path.startswith("/api/v1"):
            continue
        for method, operation in operations.items():
            for status in ("200", "201", "202"):
                content = operation.get("responses", {}).get(status, {}).get("content", {})
                schema = content.get("application/json", {}).get("schema")
                if schema is not None and not _typed(schema):
                    untyped.add((method.upper(), path))
    assert untyped == set(UNTYPED_RESPONSES)
