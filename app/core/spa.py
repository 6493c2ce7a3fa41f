"""Serves the built React console from `frontend/dist`, with client-side routes falling back to
index.html. API paths never fall back: an unknown `/api/...` is a 404 in the error envelope."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from app.core.errors import NotFound

_NOT_BUILT = """<!doctype html><html><head><title>Phoenix</title></head><body>
<h1>Phoenix</h1><p>The console has not been built. Run <code>make frontend</code>, or use the
<a href="/docs">API docs</a>.</p></body></html>"""

_RESERVED = ("api/", "docs", "redoc", "openapi.json", "healthz", "readyz", "metrics")


def mount_spa(app: FastAPI, dist: Path) -> None:
    dist = dist.resolve()

    # Every method, so an unknown API call is a 404 rather than a 405 from this GET-shaped route.
    @app.api_route("/{path:path}", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    async def spa(path: str, request: Request) -> Response:
        if request.method not in ("GET", "HEAD") or path.startswith(_RESERVED):
            raise NotFound(f"no route {request.method} /{path}")
        index = dist / "index.html"
        if not index.is_file():
            return HTMLResponse(_NOT_BUILT)
        candidate = (dist / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(dist):
            return FileResponse(candidate)
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
