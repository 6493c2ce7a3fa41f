"""Server-Sent Events of `GET /api/v1/events/stream`, decoded into `Change`s (what changed, never its content)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

STREAM_PATH = "/api/v1/events/stream"


@dataclass(frozen=True)
class Change:
    kind: str
    id: str | None
    action: str


class ChangeDecoder:
    """Feeds lines of the stream; returns a `Change` at the blank line ending each `change` event."""

    def __init__(self) -> None:
        self._event = "message"
        self._data: list[str] = []

    def feed(self, line: str) -> Change | None:
        if line.startswith("event:"):
            self._event = line[6:].strip()
        elif line.startswith("data:"):
            self._data.append(line[5:].strip())
        elif line == "":
            event, data = self._event, "\n".join(self._data)
            self._event, self._data = "message", []
            if event == "resync":  # the reader fell behind: read everything again
                return Change(kind="resync", id=None, action="resync")
            if event == "change" and data:
                payload = json.loads(data)
                return Change(kind=payload["kind"], id=payload.get("id"), action=payload["action"])
        return None


def decode(lines: Iterable[str]) -> Iterable[Change]:
    decoder = ChangeDecoder()
    for line in lines:
        change = decoder.feed(line)
        if change is not None:
            yield change
