"""Scenario files (the body of POST /api/v1/experiments as YAML) and running one again: a name that
is taken gets the next free `-run-N` suffix, so the file never needs editing."""

from __future__ import annotations

import re
from typing import Any

from app.cli.files import YamlFile, report_invalid
from app.client import PhoenixApiError, PhoenixClient, routes
from app.experiments.models import ExperimentRead

DNS_LABEL_MAX = 63
_RUN = re.compile(r"-run-(\d+)$")
MAX_TRIES = 5  # another client may take the same suffix between our look-up and our create


def next_name(name: str, taken: set[str]) -> str:
    """The first `NAME-run-N` (N >= 2) not taken, the base cut so the label stays 63 characters."""
    base = _RUN.sub("", name)
    n = 2
    while True:
        suffix = f"-run-{n}"
        candidate = base[: DNS_LABEL_MAX - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        n += 1


def _taken_names(phoenix: PhoenixClient, name: str) -> set[str]:
    base = _RUN.sub("", name)
    names: set[str] = set()
    cursor: str | None = None
    while True:
        page = phoenix.send(routes.experiments.list_(limit=100, cursor=cursor, q=base))
        names |= {e.name for e in page.items}
        cursor = page.next_cursor
        if cursor is None:
            return names


def create(phoenix: PhoenixClient, file: YamlFile, *, rerun: bool) -> ExperimentRead:
    """Create the scenario's experiment; with `rerun`, under a suffixed name when the name is taken."""
    body: dict[str, Any] = dict(file.data)
    for attempt in range(MAX_TRIES):
        try:
            return phoenix.send(routes.experiments.create(body))
        except PhoenixApiError as exc:
            name_taken = exc.status_code == 409 and isinstance(exc.details, dict) and "name" in exc.details
            if not (rerun and name_taken) or attempt == MAX_TRIES - 1:
                report_invalid(file, exc)
            body["name"] = next_name(str(body["name"]), _taken_names(phoenix, str(body["name"])))
    raise AssertionError("unreachable: the last try either returns or raises")
