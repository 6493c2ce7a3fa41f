"""Safe writes to the API server: create-or-replace and read-modify-write under optimistic concurrency.

Kubernetes rejects a write based on a stale read with 409 Conflict (the `resourceVersion` the body
carries is not the current one). Phoenix never forces a write: it re-reads the object, re-applies
its change to what is there now (keeping what others wrote: finalizers, foreign labels, status)
and tries again, a few times. A create that meets 409 AlreadyExists (another writer, or a retried
create whose first answer was lost) becomes an update the same way, so a retry never duplicates an
object. Transient failures are retried around the whole read-modify-write (`retry.retrying`).
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from typing import Any

from app.runtimes.kubernetes.client import ApiError, KubeClient, Resource
from app.runtimes.kubernetes.retry import Backoff, ObjectTerminating, retrying

CONFLICT_ATTEMPTS = 5
Merge = Callable[[dict[str, Any], dict[str, Any]], dict[str, Any] | None]
"""(live, desired) → the body to write (with whatever of `live` to keep), or None when `live` is up to date."""
Change = Callable[[dict[str, Any]], dict[str, Any] | None]
"""live → the changed object to write, or None when nothing needs to change."""


def _conflicts_exhausted(resource: Resource, name: str) -> ApiError:
    return ApiError(409, "Conflict", f"{resource.kind} {name!r} kept changing under {CONFLICT_ATTEMPTS} re-reads")


async def _read(client: KubeClient, resource: Resource, namespace: str | None, name: str) -> dict[str, Any] | None:
    try:
        return await client.get(resource, namespace, name)
    except ApiError as exc:
        if exc.not_found:
            return None
        raise


async def create_or_replace(
    client: KubeClient, resource: Resource, desired: dict[str, Any], merge: Merge, *, backoff: Backoff
) -> dict[str, Any]:
    """Make `desired` exist: create it, or PUT `merge(live, desired)` with the live `resourceVersion`.

    Waits (with `backoff`) while an object of that name is still being deleted.
    """
    meta = desired["metadata"]
    namespace, name = meta.get("namespace"), meta["name"]

    async def attempt() -> dict[str, Any]:
        for _ in range(CONFLICT_ATTEMPTS):
            live = await _read(client, resource, namespace, name)
            if live is None:
                try:
                    return await client.create(resource, desired)
                except ApiError as exc:
                    if exc.already_exists:
                        continue
                    raise
            if live["metadata"].get("deletionTimestamp"):
                raise ObjectTerminating(resource.kind, name)
            body = merge(live, copy.deepcopy(desired))
            if body is None:
                return live
            body["metadata"]["resourceVersion"] = live["metadata"]["resourceVersion"]
            try:
                return await client.replace(resource, body)
            except ApiError as exc:
                if exc.conflict:
                    continue
                raise
        raise _conflicts_exhausted(resource, name)

    return await retrying(attempt, backoff=backoff, what=f"apply {resource.kind} {namespace}/{name}")


async def _read_modify_write(
    client: KubeClient,
    resource: Resource,
    namespace: str | None,
    name: str,
    build: Callable[[dict[str, Any]], dict[str, Any] | None],
    write: Callable[[dict[str, Any]], Awaitable[dict[str, Any]]],
    *,
    backoff: Backoff,
    what: str,
) -> dict[str, Any] | None:
    """Read, `build` the write from a copy of what was read (None: nothing to do), and `write` it
    conditional on the read's `resourceVersion`; a 409 re-reads, a 404 means the object is gone (None)."""

    async def attempt() -> dict[str, Any] | None:
        for _ in range(CONFLICT_ATTEMPTS):
            live = await _read(client, resource, namespace, name)
            if live is None:
                return None
            body = build(copy.deepcopy(live))
            if body is None:
                return live
            body.setdefault("metadata", {})["resourceVersion"] = live["metadata"]["resourceVersion"]
            try:
                return await write(body)
            except ApiError as exc:
                if exc.not_found:
                    return None
                if exc.conflict:
                    continue
                raise
        raise _conflicts_exhausted(resource, name)

    return await retrying(attempt, backoff=backoff, what=f"{what} {resource.kind} {namespace}/{name}")


async def modify(
    client: KubeClient,
    resource: Resource,
    namespace: str | None,
    name: str,
    change: Change,
    *,
    backoff: Backoff,
    subresource: str | None = None,
) -> dict[str, Any] | None:
    """Read, `change`, PUT (to `subresource` if given) with the read's version; None if the object is gone."""
    return await _read_modify_write(
        client,
        resource,
        namespace,
        name,
        change,
        lambda body: client.replace(resource, body, subresource=subresource),
        backoff=backoff,
        what="update",
    )


async def patch_merge(
    client: KubeClient,
    resource: Resource,
    namespace: str | None,
    name: str,
    make_patch: Callable[[dict[str, Any]], dict[str, Any] | None],
    *,
    backoff: Backoff,
) -> dict[str, Any] | None:
    """Merge-patch `make_patch(live)`, conditional on the read's `resourceVersion`; None if the object is gone."""
    return await _read_modify_write(
        client,
        resource,
        namespace,
        name,
        make_patch,
        lambda patch: client.patch(resource, namespace, name, patch),
        backoff=backoff,
        what="patch",
    )


async def delete_if_present(
    client: KubeClient,
    resource: Resource,
    namespace: str | None,
    name: str,
    *,
    backoff: Backoff,
    uid: str | None = None,
) -> None:
    """Delete (background propagation); already gone is success. `uid` guards against deleting a newer namesake."""

    async def attempt() -> None:
        try:
            await client.delete(resource, namespace, name, preconditions={"uid": uid} if uid else None)
        except ApiError as exc:
            if not exc.not_found and not (uid and exc.conflict):
                raise

    await retrying(attempt, backoff=backoff, what=f"delete {resource.kind} {namespace}/{name}")
