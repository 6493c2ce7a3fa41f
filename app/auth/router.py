"""Auth routes: login (JSON and OAuth2 form), refresh, logout, me."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm

from app.auth import service
from app.auth.dependencies import Viewer
from app.auth.models import LoginRequest, LogoutRequest, Me, RefreshRequest, Role, TokenPair
from app.auth.security import decode_token
from app.auth.throttle import LoginThrottle
from app.core.db import SessionDep
from app.core.errors import TooManyRequests, Unauthorized

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


async def _login(request: Request, session: SessionDep, username: str, password: str) -> TokenPair:
    throttle: LoginThrottle = request.app.state.login_throttle
    # The peer, or the client a trusted proxy names (app.core.proxy rewrote it); never a bare header.
    client = request.client.host if request.client else "unknown"
    try:
        throttle.check(username, client)
    except TooManyRequests:
        log.warning("login throttled: username=%r address=%s", username[:64], client)
        raise
    try:
        user = await service.authenticate(session, username=username, password=password)
    except Unauthorized:
        throttle.failed(username, client)
        raise
    throttle.succeeded(username, client)
    return service.issue_tokens(request.app.state.settings, user)


@router.post("/login", response_model=TokenPair)
async def login(body: LoginRequest, request: Request, session: SessionDep) -> TokenPair:
    """Exchange a username and password for an access + refresh token pair."""
    return await _login(request, session, body.username, body.password)


@router.post("/token", response_model=TokenPair)
async def token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request, session: SessionDep
) -> TokenPair:
    """OAuth2 password flow (form body), used by the API docs' Authorize button."""
    return await _login(request, session, form.username, form.password)


@router.post("/refresh", response_model=TokenPair)
async def refresh(body: RefreshRequest, request: Request, session: SessionDep) -> TokenPair:
    """Rotate a refresh token into a new token pair; the old refresh token stops working."""
    return await service.refresh_tokens(session, request.app.state.settings, refresh_token=body.refresh_token)


@router.post("/logout", status_code=204)
async def logout(principal: Viewer, request: Request, session: SessionDep, body: LogoutRequest | None = None) -> None:
    """Revoke the access token of this request and, if given, the refresh token."""
    if principal.token_claims is not None:
        await service.revoke(session, claims=principal.token_claims)
    if body and body.refresh_token:
        claims = decode_token(request.app.state.settings, body.refresh_token, "refresh")
        if claims is not None and claims.user_id == principal.user.id:
            await service.revoke(session, claims=claims)


@router.get("/me", response_model=Me)
async def me(principal: Viewer) -> Me:
    """Who the caller is and with which role."""
    return Me(id=principal.user.id, username=principal.user.username, role=Role(principal.role), auth=principal.auth)
