"""What a Phoenix call can fail with: the API's own error envelope, or no answer at all."""

from __future__ import annotations

from typing import Any

import httpx


class PhoenixClientError(Exception):
    """Any failure of a Phoenix client call."""


class PhoenixUnreachable(PhoenixClientError):
    """No HTTP answer: the server is down, the address is wrong, or the connection broke."""

    def __init__(self, url: str, cause: Exception) -> None:
        super().__init__(f"cannot reach Phoenix at {url}: {cause}")
        self.url = url


class PhoenixApiError(PhoenixClientError):
    """An answer of 400 or more, carrying the envelope `{"error": {"code", "message", "details"}}`."""

    def __init__(self, status_code: int, code: str, message: str, details: Any = None, request_id: str | None = None):
        super().__init__(f"{message} (HTTP {status_code}, {code})")
        self.status_code = status_code
        self.code = code
        self.message = message
        self.details = details
        self.request_id = request_id

    @classmethod
    def from_response(cls, response: httpx.Response) -> PhoenixApiError:
        """The envelope when the answer has one (every Phoenix route); else the start of the raw body."""
        request_id = response.headers.get("x-request-id")
        try:
            error = response.json()["error"]
            return cls(
                response.status_code, str(error["code"]), str(error["message"]), error.get("details"), request_id
            )
        except (ValueError, KeyError, TypeError):
            text = response.text[:500] or response.reason_phrase
            return cls(response.status_code, "http_error", text, None, request_id)
