"""The live event stream: committed changes (`app.core.change_feed`) as Server-Sent Events.

Each change is one `change` event whose data names what changed, never its content (the reader
fetches what it shows through the API, with its own role):

    event: change
    data: {"kind": "experiment", "id": "3f2a...", "action": "updated"}

`id` is null when a statement changed several rows of a kind. A row that belongs to an experiment,
a deployment or a saved pipeline also names it (`experiment_id`, `deployment_id`, `pipeline_id`):
a new sample says whose it is. Changes to credentials (users, API
keys, revoked tokens) are not streamed. A comment line every `KEEPALIVE_SECONDS` keeps proxies from
closing an idle stream; the stream ends (an `end` event) when the caller's access token expires or
is revoked, or when the reader falls too far behind (a `resync` event: read everything again). When
Phoenix stops, open streams are closed after `phoenix serve`'s graceful-shutdown timeout.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime

from app.core.change_feed import Change, ChangeFeed, Overflowed
from app.core.db import utcnow

KEEPALIVE_SECONDS = 15.0

# What a table's rows are called on the stream: the console refreshes its views by these kinds.
KIND_OF_TABLE = {
    "experiments": "experiment",
    "experiment_samples": "sample",
    "experiment_events": "experiment_event",
    "experiment_transitions": "experiment_event",
    "deployments": "deployment",
    "deployment_transitions": "deployment",
    "drift_reports": "drift",
    "control_signals": "control_signal",
    "custom_pipelines": "pipeline",
    "custom_pipeline_versions": "pipeline",
    "simulations": "simulation",
}
KINDS = sorted(set(KIND_OF_TABLE.values()))


def frame(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"


def change_frame(change: Change) -> str | None:
    kind = KIND_OF_TABLE.get(change.table)
    if kind is None:
        return None
    return frame("change", {"kind": kind, "id": change.id, "action": change.action, **dict(change.refs)})


async def stream(
    feed: ChangeFeed,
    *,
    until: datetime | None,
    still_allowed: Callable[[], Awaitable[bool]],
    keepalive: float = KEEPALIVE_SECONDS,
) -> AsyncIterator[str]:
    """SSE text for every streamed change from now on.

    `until`: when the caller's credential expires (None: it does not); `still_allowed` is asked at
    each keepalive, so a revoked caller stops receiving within `keepalive` seconds.
    """
    subscription = feed.subscribe()
    try:
        yield ": connected\n\n"
        while True:
            timeout = keepalive
            if until is not None:
                timeout = min(timeout, (until - utcnow()).total_seconds())
                if timeout <= 0:
                    yield frame("end", {"reason": "credential expired"})
                    return
            try:
                change = await asyncio.wait_for(subscription.get(), timeout)
            except TimeoutError:
                if until is not None and utcnow() >= until:
                    continue  # expired: said at the top of the loop
                if not await still_allowed():
                    yield frame("end", {"reason": "credential revoked"})
                    return
                yield ": keepalive\n\n"
                continue
            except Overflowed:
                yield frame("resync", {"reason": "too many changes at once; read everything again"})
                return
            text = change_frame(change)
            if text is not None:
                yield text
    finally:
        subscription.close()
