"""Who is calling, and may they: the one dependency every route declares.

A caller authenticates with `Authorization: Bearer <access token>` or `X-API-Key: <key>`.
`require(Role.x)` turns that into a `Principal` or a 401/403 in the error envelope.

This runs on every request. A credential seen in the last few seconds costs no database statement
(`PrincipalCache`); otherwise one: the user row together with the token's revocation
(`service.user_for_token`), or the key joined to its owner (`service.resolve_api_key`). A logout, a
password, role or activity change or a revoked key committed by this process holds at once; one
committed by another process within `Settings.read_cache_seconds`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer

from app.auth import security, service
from app.auth.models import Role, User
from app.core.change_feed import ChangeFeed
from app.core.config import Settings
from app.core.db import SessionDep, utcnow
from app.core.errors import Forbidden, Unauthorized
from app.core.read_cache import GenerationCache

_bearer = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False)


@dataclass(frozen=True)
class Principal:
    user: User
    role: Role
    auth: str  # "bearer" or "api_key"
    token_claims: security.TokenClaims | None = None

    @property
    def actor(self) -> str:
        """How this caller appears in audit records."""
        return f"user:{self.user.username}"


# The tables whose rows decide who a credential is and whether it still works.
AUTH_TABLES = ("users", "revoked_tokens", "api_keys")


@dataclass(frozen=True)
class _Cached:
    principal: Principal
    # Served until then: a bearer token's expiry; an API key's next `last_used_at` write.
    due: datetime


PrincipalCache = GenerationCache[_Cached]


def principal_cache(feed: ChangeFeed, settings: Settings) -> PrincipalCache:
    return GenerationCache(feed, AUTH_TABLES, settings.read_cache_seconds)


async def get_principal(
    request: Request,
    session: SessionDep,
    bearer: Annotated[str | None, Security(_bearer)],
    api_key: Annotated[str | None, Security(_api_key)],
) -> Principal:
    cache: PrincipalCache = request.app.state.principals
    key = ("bearer", bearer) if bearer else ("api_key", security.hash_api_key(api_key)) if api_key else None
    if key is None:
        raise Unauthorized()
    cached = cache.get(key)
    if cached is not None and utcnow() < cached.due:
        return cached.principal
    stamp = cache.stamp()
    if bearer:
        found = await _bearer_principal(request.app.state.settings, session, bearer)
    else:
        found = await _api_key_principal(session, api_key or "")
    cache.put(key, stamp, found)
    return found.principal


async def _bearer_principal(settings: Settings, session: SessionDep, bearer: str) -> _Cached:
    claims = security.decode_token(settings, bearer, "access")
    user = None if claims is None else await service.user_for_token(session, claims=claims)
    if claims is None or user is None:
        raise Unauthorized("invalid or expired access token")
    return _Cached(Principal(user=user, role=Role(user.role), auth="bearer", token_claims=claims), claims.expires_at)


async def _api_key_principal(session: SessionDep, api_key: str) -> _Cached:
    found = await service.resolve_api_key(session, key=api_key)
    if found is None:
        raise Unauthorized("invalid or revoked API key")
    key, user = found
    # A key never grants more than its owner currently has: a demotion caps every key at once,
    # a promotion gives a key back up to the role it was created with.
    role = min(Role(key.role), Role(user.role), key=lambda r: r.rank)
    # Served from the cache until its `last_used_at` is due to be written again.
    due = (key.last_used_at or utcnow()) + service.LAST_USED_RESOLUTION
    return _Cached(Principal(user=user, role=role, auth="api_key"), due)


async def still_valid(request: Request, principal: Principal) -> bool:
    """Whether a long-lived request's credential (an event stream) still authenticates as the same
    user: asked now and then, as revocations happen while it is open."""
    bearer, api_key = await _bearer(request), await _api_key(request)
    async with request.app.state.sessionmaker() as session:
        try:
            now = await get_principal(request, session, bearer, api_key)
        except Unauthorized:
            return False
    return now.user.id == principal.user.id


def require(role: Role) -> Callable[..., Awaitable[Principal]]:
    """A dependency that admits callers with at least `role`."""

    async def _check(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
        if not principal.role.allows(role):
            raise Forbidden(f"this action needs the {role.value} role; you are {principal.role.value}")
        return principal

    _check.__name__ = f"require_{role.value}"
    return _check


Viewer = Annotated[Principal, Depends(require(Role.viewer))]
Operator = Annotated[Principal, Depends(require(Role.operator))]
Admin = Annotated[Principal, Depends(require(Role.admin))]
