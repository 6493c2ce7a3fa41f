"""`GET /api/v1/events/stream`: what changed, live, for the console (Server-Sent Events)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from app.auth.dependencies import Viewer, still_valid
from app.events import service

router = APIRouter(prefix="/api/v1/events", tags=["events"])

_STREAM_DOC = {
    200: {
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
        "description": "`change` events: `{kind, id, action}`; kinds: " + ", ".join(service.KINDS),
    }
}


@router.get("/stream", response_class=StreamingResponse, responses=_STREAM_DOC)
async def event_stream(request: Request, principal: Viewer) -> StreamingResponse:
    """Changes as they are committed, until the caller's token expires or is revoked (reconnect
    with a fresh one). Send the credential as a header (`Authorization` or `X-API-Key`)."""
    claims = principal.token_claims
    body = service.stream(
        request.app.state.changes,
        until=claims.expires_at if claims else None,
        still_allowed=lambda: still_valid(request, principal),
    )
    # No buffering by reverse proxies (nginx honours X-Accel-Buffering), no caching.
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(body, media_type="text/event-stream", headers=headers)
