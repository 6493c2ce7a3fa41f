"""The Python client of the Phoenix API: typed, sync and async, on httpx and the API's own models.

    from app.client import PhoenixClient, routes

    with PhoenixClient("http://127.0.0.1:8080", api_key="phx_...") as phoenix:
        page = phoenix.send(routes.experiments.list_(phase="running"))

Each route is a function in `app.client.routes` that builds a `Call` (method, path, body, answer
model); both clients send calls, so every route exists once for both. Errors: `PhoenixApiError`
(the API's envelope, the status code and the request id) and `PhoenixUnreachable`.
"""

from app.client import routes
from app.client.async_client import AsyncPhoenixClient
from app.client.call import Call
from app.client.errors import PhoenixApiError, PhoenixClientError, PhoenixUnreachable
from app.client.events import Change
from app.client.sync_client import PhoenixClient

__all__ = [
    "AsyncPhoenixClient",
    "Call",
    "Change",
    "PhoenixApiError",
    "PhoenixClient",
    "PhoenixClientError",
    "PhoenixUnreachable",
    "routes",
]
