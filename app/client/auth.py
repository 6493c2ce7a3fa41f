"""Credentials as httpx auth flows: an API key, or a bearer token that renews itself once on a 401."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Generator

import httpx

from app.auth.models import TokenPair

REFRESH_PATH = "/api/v1/auth/refresh"


class ApiKeyAuth(httpx.Auth):
    def __init__(self, api_key: str) -> None:
        self.api_key = api_key

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["X-API-Key"] = self.api_key
        yield request


class TokenAuth(httpx.Auth):
    """`Authorization: Bearer`; with a refresh token, an expired access token is swapped for a new pair
    (reported to `on_refresh`, e.g. to save it) and the request is sent once more.

    Only the renewal's answer is read here, never the request's own: an event stream never ends,
    so `requires_response_body` (which would read every answer whole) stays off."""

    def __init__(
        self,
        access_token: str,
        refresh_token: str | None = None,
        on_refresh: Callable[[TokenPair], None] | None = None,
    ) -> None:
        self.access_token = access_token
        self.refresh_token = refresh_token
        self.on_refresh = on_refresh

    def _renewal(self, request: httpx.Request, response: httpx.Response) -> httpx.Request | None:
        if response.status_code != 401 or not self.refresh_token or request.url.path.endswith(REFRESH_PATH):
            return None
        body = {"refresh_token": self.refresh_token}
        return httpx.Request("POST", request.url.copy_with(path=REFRESH_PATH, query=None), json=body)

    def _renewed(self, request: httpx.Request, renewal: httpx.Response) -> bool:
        if renewal.status_code != 200:
            return False
        tokens = TokenPair.model_validate_json(renewal.content)
        self.access_token, self.refresh_token = tokens.access_token, tokens.refresh_token
        if self.on_refresh is not None:
            self.on_refresh(tokens)
        request.headers["Authorization"] = f"Bearer {self.access_token}"
        return True

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self.access_token}"
        response = yield request
        renewal_request = self._renewal(request, response)
        if renewal_request is None:
            return
        renewal = yield renewal_request
        renewal.read()
        if self._renewed(request, renewal):
            yield request

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        request.headers["Authorization"] = f"Bearer {self.access_token}"
        response = yield request
        renewal_request = self._renewal(request, response)
        if renewal_request is None:
            return
        renewal = yield renewal_request
        await renewal.aread()
        if self._renewed(request, renewal):
            yield request


def make_auth(
    *,
    token: str | None = None,
    api_key: str | None = None,
    refresh_token: str | None = None,
    on_refresh: Callable[[TokenPair], None] | None = None,
) -> httpx.Auth | None:
    if token and api_key:
        raise ValueError("give a token or an API key, not both")
    if api_key:
        return ApiKeyAuth(api_key)
    if token:
        return TokenAuth(token, refresh_token, on_refresh)
    return None
