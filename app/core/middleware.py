"""Per-request plumbing as one pure ASGI middleware: request id, body size limit, HTTP metrics, the
access log (one line per request, `phoenix.access`), and the last answer to an unexpected error.

Pure ASGI (not BaseHTTPMiddleware) so streaming responses such as Server-Sent Events pass through.
An exception no handler answered would reach Starlette's `ServerErrorMiddleware`, which sends the
500 and then re-raises it for the server to log; uvicorn then closes the connection under the
client. Here it is answered with the app's own `Exception` handler (the logged 500 envelope) and
not re-raised, so the client gets the envelope and keeps its connection.
"""

from __future__ import annotations

import inspect
import json
import logging
import re
import time
import uuid

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors import error_body
from app.core.logging import request_id_var
from app.core.metrics import observe_request

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
log = logging.getLogger(__name__)
access_log = logging.getLogger("phoenix.access")


def _log_access(method: str, route: str, status: int, seconds: float) -> None:
    """One line per request; the route template (not the path) so ids and names never fill the logs.
    The request id comes from the context (app.core.logging adds it to every record)."""
    duration_ms = round(seconds * 1000, 1)
    access_log.info(
        "%s %s %s %.1fms",
        method,
        route,
        status,
        duration_ms,
        extra={"method": method, "route": route, "status": status, "duration_ms": duration_ms},
    )


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        headers = dict(scope.get("headers") or [])
        incoming = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500
        response_started = False

        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._reject_too_large(send, request_id)
            elapsed = time.perf_counter() - started
            observe_request(scope["method"], "unmatched", 413, elapsed)
            _log_access(scope["method"], "unmatched", 413, elapsed)
            request_id_var.reset(token)
            return

        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    # An HTTPException: FastAPI re-raises those from body parsing (others become 400),
                    # and the error handlers answer with the envelope.
                    raise HTTPException(413, f"request body exceeds {self.max_body_bytes} bytes")
            return message

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_id)
        except HTTPException as exc:  # raised outside FastAPI's handlers (e.g. a non-FastAPI route)
            if exc.status_code != 413:
                raise
            status = 413
            if not response_started:
                await self._reject_too_large(send, request_id)
        except Exception as exc:
            if response_started:  # half an answer is out: nothing better than letting the server close it
                raise
            status = 500
            response = await _unexpected_response(scope, receive, exc)
            await response(scope, receive, send_with_id)
        finally:
            route = scope.get("route")
            route_path = getattr(route, "path", None) or "unmatched"
            elapsed = time.perf_counter() - started
            observe_request(scope["method"], route_path, status, elapsed)
            _log_access(scope["method"], route_path, status, elapsed)
            request_id_var.reset(token)

    async def _reject_too_large(self, send: Send, request_id: str) -> None:
        body = json.dumps(error_body("payload_too_large", f"request body exceeds {self.max_body_bytes} bytes")).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"x-request-id", request_id.encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


async def _unexpected_response(scope: Scope, receive: Receive, exc: Exception) -> Response:
    """The app's `Exception` handler's answer (it logs); a bare 500 envelope if it has none or fails."""
    app = scope.get("app")
    handlers = getattr(app, "exception_handlers", None) or {}
    handler = handlers.get(Exception) or handlers.get(500)
    if handler is not None:
        request = Request(scope, receive)
        try:
            if inspect.iscoroutinefunction(handler):
                return await handler(request, exc)
            return await run_in_threadpool(handler, request, exc)
        except Exception:
            log.exception("the unexpected-error handler failed")
    else:
        log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"), exc_info=exc)
    return JSONResponse(error_body("internal_error", "internal server error"), status_code=500)
