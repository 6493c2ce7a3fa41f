"""Who still runs a saved pipeline, asked before it is deleted.

The domains that run pipelines (experiments) sit above this one, so they register a lookup here
(`app.main` wires them) instead of `pipelines` importing them: deleting a pipeline refuses while any
registered lookup names a user, and `pipelines` never learns what an experiment is.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

UsageLookup = Callable[[AsyncSession, str], Awaitable[list[str]]]
"""(session, pipeline id) -> names of the things that still run that pipeline."""

_lookups: dict[str, UsageLookup] = {}


def register(kind: str, lookup: UsageLookup) -> None:
    """Let `kind` (e.g. `experiments`) be asked about a pipeline before it is deleted."""
    _lookups[kind] = lookup


async def users_of(session: AsyncSession, pipeline_id: str) -> dict[str, list[str]]:
    """The users of a pipeline by kind; kinds with none are left out."""
    found = {kind: await lookup(session, pipeline_id) for kind, lookup in _lookups.items()}
    return {kind: names for kind, names in found.items() if names}
