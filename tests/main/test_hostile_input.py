"""Hostile input, one table: whatever a client sends, the answer is a small 4xx in the error envelope,
it comes quickly, the process does not balloon, and the server still answers afterwards.

Each case is one request: alias bombs ("billion laughs") and alias floods to every endpoint that
takes YAML, YAML and JSON nested hundreds of levels deep, huge strings, out-of-range numbers in a
preview's simulated snapshot, wrong types, NUL bytes, oversized bodies and unknown fields. The
`validate` endpoint reports a config it cannot read as a parse-tier finding (200, `valid: false`);
its cases assert that report instead of a 4xx. Bounds are generous (10 s, 100 MB of RSS, 64 KiB of
answer): the point is that a bomb is refused while it is parsed, not a speed test.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import psutil
import pytest
import uvicorn
from fastapi import FastAPI

from app.main import create_app
from tests.conftest import make_settings
from tests.pipelines.conftest import dev_settings  # noqa: F401  (autouse: catalog settings)

SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
pytestmark = SQLITE

API = "/api/v1"
MAX_SECONDS = 10.0
MAX_RSS_GROWTH = 100 * 1024 * 1024
MAX_ANSWER_BYTES = 64 * 1024
ENVELOPE_KEYS = {"code", "message", "details"}
DEPTH = 600  # deeper than Python's recursion limit allows a recursive parser or dumper to go

# --- payloads ------------------------------------------------------------------------------------


def _in_config(lines: list[str]) -> str:
    """`lines` as the config of an exporter, so that a converter that expands them returns them."""
    return "exporters:\n  debug:\n" + "".join(f"    {line}\n" for line in lines)


def _laughs(levels: int = 9, width: int = 9) -> str:
    """The billion laughs: `width ** levels` strings from a few hundred bytes."""
    lines = ["l0: &l0 [" + ", ".join(['"lol"'] * width) + "]"]
    for level in range(1, levels + 1):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    return _in_config(lines)


LAUGHS = _laughs()
ALIAS_FLOOD = _in_config(["a: &a [1]", *(f"k{i}: *a" for i in range(1_000))])
WIDE_SCALAR = _in_config(["a: &a " + "x" * 200_000, *(f"k{i}: *a" for i in range(25))])  # 5 MB expanded
DEEP_FLOW_YAML = "receivers: " + "[" * DEPTH + "]" * DEPTH + "\n"
DEEP_BLOCK_YAML = "receivers:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(DEPTH))  # < 256 KiB
RECURSIVE_ALIAS = "receivers: &r\n  otlp: *r\n"
UNSAFE_TAG = "receivers: !!python/object/apply:os.system ['true']\n"
NUL_YAML = "receivers:\n  otlp: {}\x00\n"
WRONG_SHAPE_YAML = "receivers: [1, 2]\nservice:\n  pipelines:\n    metrics: {receivers: 5}\n"
LONG_ID_YAML = "exporters:\n  " + "debug/" + "x" * 300 + ": {}\n"
BINARY_YAML = "exporters:\n  debug:\n    blob: !!binary /w==\n"
DUPLICATE_YAML = "exporters:\n  debug: {}\n  debug: {}\n"


def _deep_json(depth: int = DEPTH) -> dict[str, Any]:
    node: dict[str, Any] = {"leaf": 1}
    for _ in range(depth):
        node = {"a": node}
    return node


def _pipeline(name: str, config_yaml: str) -> dict[str, Any]:
    return {"name": name, "config_yaml": config_yaml}


def _preview_yaml(config_yaml: str) -> dict[str, Any]:
    return {"config_yaml": config_yaml, "snapshot": {"kind": "simulated"}}


def _simulated(**snapshot: Any) -> dict[str, Any]:
    return {"template": "process-baseline-v1", "snapshot": {"kind": "simulated", **snapshot}}


def _chunks(total: int) -> Iterator[bytes]:
    """A body without Content-Length (chunked), so only the streaming limit can stop it."""
    yield b'{"config_yaml": "'
    for _ in range(total // 65_536):
        yield b"x" * 65_536
    yield b'"}'


# --- the table -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    path: str
    json: Any = None
    content: bytes | None = None  # a raw body (invalid JSON, NaN...) instead of `json`
    method: str = "POST"
    headers: dict[str, str] = field(default_factory=dict)
    report: bool = False  # validate: a 200 report whose first error is this parse-tier finding
    stream: int = 0  # send a chunked body of this many bytes


VALIDATE = f"{API}/pipelines/validate"
FROM_YAML = f"{API}/pipelines/graph/from-yaml"
TO_YAML = f"{API}/pipelines/graph/to-yaml"
PREVIEW = f"{API}/pipelines/preview"
PIPELINES = f"{API}/pipelines"
RENDER = f"{API}/pipelines/render"
JSON_HEADERS = {"Content-Type": "application/json"}

YAML_BOMBS = {
    "laughs": LAUGHS,
    "alias-flood": ALIAS_FLOOD,
    "wide-scalar-aliases": WIDE_SCALAR,
    "deep-flow-yaml": DEEP_FLOW_YAML,
    "deep-block-yaml": DEEP_BLOCK_YAML,
    "recursive-alias": RECURSIVE_ALIAS,
}

CASES = [
    # Every YAML bomb at every endpoint that takes YAML.
    *[Case(f"validate-{name}", VALIDATE, {"config_yaml": text}, report=True) for name, text in YAML_BOMBS.items()],
    *[Case(f"from-yaml-{name}", FROM_YAML, {"config_yaml": text}) for name, text in YAML_BOMBS.items()],
    *[Case(f"preview-{name}", PREVIEW, _preview_yaml(text)) for name, text in YAML_BOMBS.items()],
    *[
        Case(f"create-{name}", PIPELINES, _pipeline(f"bomb-{i}", text))
        for i, (name, text) in enumerate(YAML_BOMBS.items())
    ],
    *[
        Case(f"manifests-{name}", f"{API}/pipelines/manifests", {"config_yaml": text, "experiment": "bomb"})
        for name, text in YAML_BOMBS.items()
    ],
    # YAML the collector cannot read, or Phoenix cannot show.
    Case("from-yaml-unsafe-tag", FROM_YAML, {"config_yaml": UNSAFE_TAG}),
    Case("from-yaml-nul", FROM_YAML, {"config_yaml": NUL_YAML}),
    Case("validate-nul", VALIDATE, {"config_yaml": NUL_YAML}, report=True),
    Case("from-yaml-wrong-shapes", FROM_YAML, {"config_yaml": WRONG_SHAPE_YAML}),
    Case("from-yaml-long-component-id", FROM_YAML, {"config_yaml": LONG_ID_YAML}),
    Case("from-yaml-binary-scalar", FROM_YAML, {"config_yaml": BINARY_YAML}),
    Case("from-yaml-duplicate-key", FROM_YAML, {"config_yaml": DUPLICATE_YAML}),
    Case("from-yaml-two-documents", FROM_YAML, {"config_yaml": "a: 1\n---\nb: 2\n"}),
    Case("create-wrong-shapes", PIPELINES, _pipeline("shapes", WRONG_SHAPE_YAML)),
    # JSON nested deeper than any recursive reader or dumper survives.
    Case("to-yaml-deep-node-config", TO_YAML, {"nodes": [{"id": "debug", "kind": "exporter", "config": _deep_json()}]}),
    Case("to-yaml-deep-service", TO_YAML, {"service": _deep_json()}),
    Case(
        "create-deep-graph",
        PIPELINES,
        {"name": "deep", "graph": {"nodes": [{"id": "debug", "kind": "exporter", "config": _deep_json()}]}},
    ),
    Case(
        "preview-deep-inline-snapshot",
        PREVIEW,
        {"template": "process-baseline-v1", "snapshot": {"kind": "inline", "data": _deep_json()}},
    ),
    Case("render-deep-parameters", RENDER, {"template": "process-topk-v1", "parameters": {"top_k": _deep_json()}}),
    Case("simulation-deep-custom", f"{API}/simulations", {"profile": "custom", "custom": _deep_json()}),
    Case("raw-json-100k-deep", FROM_YAML, content=b"[" * 100_000 + b"]" * 100_000, headers=JSON_HEADERS),
    # Out-of-range numbers in a preview's simulated snapshot: the simulations API's bounds.
    Case("preview-count-below-profile-range", PREVIEW, _simulated(profile="high-cardinality", process_count=5)),
    Case("preview-count-above-profile-range", PREVIEW, _simulated(profile="realistic", process_count=4_999)),
    Case("preview-count-huge", PREVIEW, _simulated(process_count=10**30)),
    Case("preview-count-zero", PREVIEW, _simulated(process_count=0)),
    Case("preview-count-fraction", PREVIEW, _simulated(process_count=1.5)),
    Case("preview-seed-negative", PREVIEW, _simulated(seed=-1)),
    Case("preview-seed-beyond-int64", PREVIEW, _simulated(seed=2**64)),
    Case("preview-unknown-profile", PREVIEW, _simulated(profile="bogus")),
    Case("preview-sample-limit-huge", PREVIEW, {"template": "process-baseline-v1", "sample_limit": 10**400}),
    Case(
        "simulation-nan-churn",
        f"{API}/simulations",
        content=b'{"profile": "realistic", "churn_rate": NaN}',
        headers=JSON_HEADERS,
    ),
    # Wrong types, unknown fields, malformed bodies.
    Case("from-yaml-config-not-text", FROM_YAML, {"config_yaml": ["receivers"]}),
    Case("validate-config-not-text", VALIDATE, {"config_yaml": {"receivers": {}}}),
    Case("preview-snapshot-kind-unknown", PREVIEW, {"template": "process-baseline-v1", "snapshot": {"kind": "bogus"}}),
    Case("preview-unknown-field", PREVIEW, {"template": "process-baseline-v1", "bogus": 1}),
    Case("from-yaml-unknown-field", FROM_YAML, {"config_yaml": "a: 1\n", "bogus": 1}),
    Case("body-not-json", FROM_YAML, content=b"{not json", headers=JSON_HEADERS),
    Case("body-a-list", PREVIEW, [1, 2, 3]),
    Case("body-invalid-utf8", FROM_YAML, content=b'{"config_yaml": "\xff\xfe"}', headers=JSON_HEADERS),
    # Huge strings and NUL bytes in fields.
    Case("huge-config-yaml", FROM_YAML, {"config_yaml": "x" * 900_000}),
    Case("huge-description", PIPELINES, {"name": "big", "description": "d" * 900_000, "config_yaml": "a: 1\n"}),
    Case("huge-template-name", RENDER, {"template": "t" * 900_000}),
    Case("nul-in-name", PIPELINES, _pipeline("bad\x00name", "a: 1\n")),
    Case("nul-in-path", f"{API}/pipelines/abc%00def", method="GET"),
    # Bodies over the limit, declared or streamed.
    Case("oversized-declared", FROM_YAML, content=b"x" * 2_000_000, headers=JSON_HEADERS),
    Case("oversized-chunked", FROM_YAML, headers=JSON_HEADERS, stream=2_000_000),
]


def _rss() -> int:
    return psutil.Process().memory_info().rss


async def _send(client: httpx.AsyncClient, case: Case, headers: dict[str, str]) -> httpx.Response:
    all_headers = {**headers, **case.headers}
    if case.stream:

        async def body() -> AsyncIterator[bytes]:
            for chunk in _chunks(case.stream):
                yield chunk

        return await client.request(case.method, case.path, content=body(), headers=all_headers)
    if case.content is not None:
        return await client.request(case.method, case.path, content=case.content, headers=all_headers)
    if case.json is not None:
        return await client.request(case.method, case.path, json=case.json, headers=all_headers)
    return await client.request(case.method, case.path, headers=all_headers)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
async def test_hostile_input_gets_a_small_quick_4xx(
    case: Case, client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    before = _rss()
    started = time.perf_counter()
    response = await _send(client, case, admin_headers)
    elapsed = time.perf_counter() - started
    grown = _rss() - before

    assert len(response.content) <= MAX_ANSWER_BYTES, f"{len(response.content)} bytes answered"
    assert elapsed < MAX_SECONDS, f"answered in {elapsed:.1f} s"
    assert grown < MAX_RSS_GROWTH, f"RSS grew by {grown / 2**20:.0f} MiB"
    if case.report:
        assert response.status_code == 200, response.text
        report = response.json()
        assert report["valid"] is False and report["errors"][0]["tier"] == "parse", response.text
        assert report["errors"][0]["code"].startswith("parse."), response.text
    else:
        assert 400 <= response.status_code < 500, f"{response.status_code} {response.text[:500]}"
        error = response.json()["error"]
        assert set(error) == ENVELOPE_KEYS and error["message"], response.text
    health = await client.get("/healthz")
    assert health.status_code == 200


# --- an unexpected error: a 500 in the envelope, and the connection stays usable --------------


def _with_failing_route(application: FastAPI) -> FastAPI:
    async def boom() -> None:
        raise RuntimeError("a bug, not the client's fault")

    application.add_api_route("/boom", boom, methods=["GET"])
    application.router.routes.insert(0, application.router.routes.pop())  # ahead of the console's catch-all
    return application


async def test_an_unexpected_error_is_an_enveloped_500_not_a_raised_exception(app: FastAPI) -> None:
    """httpx's ASGI transport re-raises whatever the app raises: answered here, nothing is raised."""
    _with_failing_route(app)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://phoenix.test") as client:
        response = await client.get("/boom")
        assert response.status_code == 500
        assert response.json() == {
            "error": {"code": "internal_error", "message": "internal server error", "details": None}
        }
        assert response.headers.get("x-request-id")
        assert (await client.get("/healthz")).status_code == 200


def test_an_unexpected_error_keeps_the_connection_on_a_real_server(database_url: str, tmp_path: Any) -> None:
    """Under uvicorn a re-raised exception closes the connection; the answer must come with it open."""
    application = _with_failing_route(create_app(make_settings(database_url)))
    server = uvicorn.Server(uvicorn.Config(application, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started, "uvicorn did not start"
        port = server.servers[0].sockets[0].getsockname()[1]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/boom")
        first = connection.getresponse()
        body = json.loads(first.read())
        assert first.status == 500 and body["error"]["code"] == "internal_error"
        assert not first.will_close, "the server announced it closes the connection"
        socket_before = connection.sock
        connection.request("GET", "/healthz")  # the same socket: a reset would fail here
        second = connection.getresponse()
        assert second.status == 200 and connection.sock is socket_before
        second.read()
        connection.close()
    finally:
        server.should_exit = True
        thread.join(timeout=30)
