"""`/api/v1/auth`: logging in and out, renewing tokens, who am I."""

from __future__ import annotations

from app.auth.models import Me, TokenPair
from app.client.call import Call

BASE = "/api/v1/auth"


def login(username: str, password: str) -> Call[TokenPair]:
    return Call("POST", f"{BASE}/login", TokenPair, body={"username": username, "password": password})


def token(username: str, password: str) -> Call[TokenPair]:
    """The OAuth2 password form (what /docs' Authorize button sends)."""
    return Call("POST", f"{BASE}/token", TokenPair, form={"username": username, "password": password})


def refresh(refresh_token: str) -> Call[TokenPair]:
    return Call("POST", f"{BASE}/refresh", TokenPair, body={"refresh_token": refresh_token})


def logout(refresh_token: str | None = None) -> Call[None]:
    return Call("POST", f"{BASE}/logout", body={"refresh_token": refresh_token})


def me() -> Call[Me]:
    return Call("GET", f"{BASE}/me", Me)
