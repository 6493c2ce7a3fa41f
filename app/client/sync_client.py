"""`PhoenixClient`: the Phoenix API from blocking code (scripts, the CLI).

with PhoenixClient("http://127.0.0.1:8080", api_key="phx_...") as phoenix:
    for template in phoenix.send(routes.pipelines.templates()):
        print(template.name)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import httpx

from app.auth.models import TokenPair
from app.client import routes
from app.client.auth import TokenAuth, make_auth
from app.client.call import Call
from app.client.errors import PhoenixApiError, PhoenixUnreachable
from app.client.events import STREAM_PATH, Change, decode

T = TypeVar("T")


class PhoenixClient:
    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        api_key: str | None = None,
        refresh_token: str | None = None,
        on_refresh: Callable[[TokenPair], None] | None = None,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        auth = make_auth(token=token, api_key=api_key, refresh_token=refresh_token, on_refresh=on_refresh)
        self._http = httpx.Client(base_url=self.base_url, auth=auth, timeout=timeout, transport=transport)

    def send(self, call: Call[T]) -> T:
        """The decoded answer of one call; `PhoenixApiError` for any answer of 400 or more."""
        try:
            response = self._http.request(call.method, call.path, **call.request_args())
        except httpx.HTTPError as exc:
            raise PhoenixUnreachable(self.base_url, exc) from exc
        if response.status_code >= 400:
            raise PhoenixApiError.from_response(response)
        return call.decode(response)

    def login(self, username: str, password: str) -> TokenPair:
        """Log in and use the tokens for the calls that follow."""
        tokens = self.send(routes.auth.login(username, password))
        self._http.auth = TokenAuth(tokens.access_token, tokens.refresh_token)
        return tokens

    def changes(self) -> Iterator[Change]:
        """The live event stream, one `Change` per committed change, until the caller stops reading."""
        try:
            with self._http.stream("GET", STREAM_PATH, timeout=httpx.Timeout(30.0, read=None)) as response:
                if response.status_code >= 400:
                    response.read()
                    raise PhoenixApiError.from_response(response)
                yield from decode(response.iter_lines())
        except httpx.HTTPError as exc:
            raise PhoenixUnreachable(self.base_url, exc) from exc

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> PhoenixClient:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
