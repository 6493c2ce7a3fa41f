"""One error envelope for every failure: `{"error": {"code", "message", "details"}}`.

Services raise `PhoenixError` subclasses; the handlers below turn them, FastAPI's own validation
errors and Starlette's HTTP errors into the envelope. Anything unexpected becomes a logged 500
without internals in the body.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)


class PhoenixError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(self, message: str, details: Any = None, *, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details
        self.headers = headers


class Unauthorized(PhoenixError):
    status_code = 401
    code = "unauthorized"

    def __init__(self, message: str = "authentication required", details: Any = None):
        super().__init__(message, details, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(PhoenixError):
    status_code = 403
    code = "forbidden"


class NotFound(PhoenixError):
    status_code = 404
    code = "not_found"


class Conflict(PhoenixError):
    status_code = 409
    code = "conflict"


class PayloadTooLarge(PhoenixError):
    status_code = 413
    code = "payload_too_large"


class Invalid(PhoenixError):
    """A request that parsed but makes no sense (unknown template, bad cursor...)."""

    status_code = 422
    code = "validation_error"


class TooManyRequests(PhoenixError):
    status_code = 429
    code = "too_many_requests"


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details}}


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    """`("body", "baseline", "template")` -> `body.baseline.template`; list indexes as `[0]`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validation_details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"path": _location(e.get("loc", ())), "message": e.get("msg", ""), "type": e.get("type", "")} for e in errors
    ]


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(PhoenixError)
    async def _phoenix(_: Request, exc: PhoenixError) -> JSONResponse:
        return JSONResponse(
            error_body(exc.code, exc.message, exc.details), status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = validation_details(list(exc.errors()))
        first = details[0] if details else {"path": "", "message": "invalid request"}
        message = f"invalid request: {first['path']}: {first['message']}" if first["path"] else first["message"]
        return JSONResponse(error_body("validation_error", message, details), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "error")
        return JSONResponse(
            error_body(code, str(exc.detail)), status_code=exc.status_code, headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse(error_body("internal_error", "internal server error"), status_code=500)
