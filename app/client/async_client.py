"""`AsyncPhoenixClient`: the Phoenix API from asyncio code; the same calls as `PhoenixClient`.

async with AsyncPhoenixClient("http://127.0.0.1:8080", token=access_token) as phoenix:
    experiment = await phoenix.send(routes.experiments.get(experiment_id))
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

import httpx

from app.auth.models import TokenPair
from app.client import routes
from app.client.auth import TokenAuth, make_auth
from app.client.call import Call
from app.client.errors import PhoenixApiError, PhoenixUnreachable
from app.client.events import STREAM_PATH, Change, ChangeDecoder

T = TypeVar("T")


class AsyncPhoenixClient:
    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        api_key: str | None = None,
        refresh_token: str | None = None,
        on_refresh: Callable[[TokenPair], None] | None = None,
        timeout: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        auth = make_auth(token=token, api_key=api_key, refresh_token=refresh_token, on_refresh=on_refresh)
        self._http = httpx.AsyncClient(base_url=self.base_url, auth=auth, timeout=timeout, transport=transport)

    async def send(self, call: Call[T]) -> T:
        """The decoded answer of one call; `PhoenixApiError` for any answer of 400 or more."""
        try:
            response = await self._http.request(call.method, call.path, **call.request_args())
        except httpx.HTTPError as exc:
            raise PhoenixUnreachable(self.base_url, exc) from exc
        if response.status_code >= 400:
            raise PhoenixApiError.from_response(response)
        return call.decode(response)

    async def login(self, username: str, password: str) -> TokenPair:
        """Log in and use the tokens for the calls that follow."""
        tokens = await self.send(routes.auth.login(username, password))
        self._http.auth = TokenAuth(tokens.access_token, tokens.refresh_token)
        return tokens

    async def changes(self) -> AsyncIterator[Change]:
        """The live event stream, one `Change` per committed change, until the caller stops reading."""
        decoder = ChangeDecoder()
        try:
            async with self._http.stream("GET", STREAM_PATH, timeout=httpx.Timeout(30.0, read=None)) as response:
                if response.status_code >= 400:
                    await response.aread()
                    raise PhoenixApiError.from_response(response)
                async for line in response.aiter_lines():
                    change = decoder.feed(line)
                    if change is not None:
                        yield change
        except httpx.HTTPError as exc:
            raise PhoenixUnreachable(self.base_url, exc) from exc

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncPhoenixClient:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()
