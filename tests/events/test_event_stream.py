"""The live event stream: committed changes as Server-Sent Events, ended when the credential expires
or is revoked; and over a real server, a change made through the API reaches an open stream."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from app.core.change_feed import Change, ChangeFeed
from app.core.db import utcnow
from app.events import service
from tests.experiment_bodies import experiment_body
from tests.live_server import LiveServer


async def _allowed() -> bool:
    return True


async def _frames(stream, count: int) -> list[str]:
    return [await asyncio.wait_for(anext(stream), 5) for _ in range(count)]


async def test_changes_are_sent_by_kind_and_credentials_are_not() -> None:
    feed = ChangeFeed()
    stream = service.stream(feed, until=None, still_allowed=_allowed, keepalive=60)
    assert await anext(stream) == ": connected\n\n"  # subscribed from here on
    feed.publish(
        [
            Change("users", "1", "updated"),  # a credential: never on the stream
            Change("experiments", "abc", "updated"),
            Change("experiment_samples", None, "created"),
        ]
    )
    frames = await _frames(stream, 2)
    assert frames == [
        'event: change\ndata: {"kind":"experiment","id":"abc","action":"updated"}\n\n',
        'event: change\ndata: {"kind":"sample","id":null,"action":"created"}\n\n',
    ]
    await stream.aclose()
    assert feed.subscribers == 0


async def test_keepalives_then_the_end_when_the_credential_is_revoked() -> None:
    answers = iter([True, False])

    async def allowed() -> bool:
        return next(answers)

    stream = service.stream(ChangeFeed(), until=None, still_allowed=allowed, keepalive=0.01)
    frames = await _frames(stream, 3)
    assert frames == [": connected\n\n", ": keepalive\n\n", 'event: end\ndata: {"reason":"credential revoked"}\n\n']
    with pytest.raises(StopAsyncIteration):
        await anext(stream)


async def test_the_stream_ends_when_the_token_expires() -> None:
    stream = service.stream(ChangeFeed(), until=utcnow() + timedelta(milliseconds=20), still_allowed=_allowed)
    frames = await _frames(stream, 2)
    assert frames[1] == 'event: end\ndata: {"reason":"credential expired"}\n\n'


async def test_a_reader_that_falls_behind_is_told_to_resync(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.core.change_feed.SUBSCRIBER_BUFFER", 2)
    feed = ChangeFeed()
    stream = service.stream(feed, until=None, still_allowed=_allowed, keepalive=60)
    await anext(stream)
    feed.publish([Change("experiments", str(i), "updated") for i in range(10)])
    frames = [await asyncio.wait_for(anext(stream), 5)]
    while not frames[-1].startswith("event: resync"):
        frames.append(await asyncio.wait_for(anext(stream), 5))
    assert len(frames) < 10


def test_a_change_made_through_the_api_reaches_an_open_stream(tmp_path: Path) -> None:
    server = LiveServer(f"sqlite+aiosqlite:///{tmp_path}/events.db", extra_env={"PHOENIX_JOBS_ENABLED": "false"})
    server.start()
    try:
        headers = {"Authorization": f"Bearer {server.token()}"}
        with httpx.Client(base_url=server.url, headers=headers, timeout=30) as client:
            assert client.get("/api/v1/events/stream", headers={"Authorization": "Bearer nope"}).status_code == 401
            with client.stream("GET", "/api/v1/events/stream") as events:
                assert events.status_code == 200
                assert events.headers["content-type"].startswith("text/event-stream")
                lines = events.iter_lines()
                assert next(lines) == ": connected"  # subscribed before anything is changed
                created = client.post("/api/v1/experiments", json=experiment_body(name="streamed"))
                assert created.status_code == 201, created.text
                experiment_id = created.json()["id"]
                deadline = time.monotonic() + 20
                seen: dict[str, dict] = {}
                while time.monotonic() < deadline and not {"experiment", "experiment_event"} <= set(seen):
                    line = next(lines)
                    if line.startswith("data:"):
                        data = json.loads(line.removeprefix("data:"))
                        seen[data["kind"]] = data
                assert seen["experiment"] == {"kind": "experiment", "id": experiment_id, "action": "created"}
                # Its first transition (to pending) names the experiment it belongs to.
                assert seen["experiment_event"]["experiment_id"] == experiment_id
    finally:
        server.stop()
