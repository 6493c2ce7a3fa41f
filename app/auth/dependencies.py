"""Who is calling, and may they: the one dependency every route declares.

A caller authenticates with `Authorization: Bearer <access token>` or `X-API-Key: <key>`.
`require(Role.x)` turns that into a `Principal` or a 401/403 in the error envelope.

This runs on every request, so it costs one database statement: the user row together with the
token's revocation (`service.user_for_token`), or the key joined to its owner
(`service.resolve_api_key`). Nothing is cached, so a revocation holds at once in every replica.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer

from app.auth import security, service
from app.auth.models import Role, User
from app.core.db import SessionDep
from app.core.errors import Forbidden, Unauthorized

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


async def get_principal(
    request: Request,
    session: SessionDep,
    bearer: Annotated[str | None, Security(_bearer)],
    api_key: Annotated[str | None, Security(_api_key)],
) -> Principal:
    settings = request.app.state.settings
    if bearer:
        claims = security.decode_token(settings, bearer, "access")
        user = None if claims is None else await service.user_for_token(session, claims=claims)
        if user is None:
            raise Unauthorized("invalid or expired access token")
        return Principal(user=user, role=Role(user.role), auth="bearer", token_claims=claims)
    if api_key:
        found = await service.resolve_api_key(session, key=api_key)
        if found is None:
            raise Unauthorized("invalid or revoked API key")
        key, user = found
        # A key never grants more than its owner currently has: a demotion caps every key at once,
        # a promotion gives a key back up to the role it was created with.
        role = min(Role(key.role), Role(user.role), key=lambda r: r.rank)
        return Principal(user=user, role=role, auth="api_key")
    raise Unauthorized()


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
