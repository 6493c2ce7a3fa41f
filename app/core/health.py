"""Operational endpoints: liveness, readiness and Prometheus metrics. Open to probes, not in the API docs."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from app.core.metrics import metrics_endpoint
from app.core.migrations import current_revisions, head_revisions

router = APIRouter(include_in_schema=False)


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up and serving."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    """Ready to serve: database reachable, migrations at head, scheduler running."""
    state = request.app.state
    checks: dict[str, dict[str, object]] = {}
    try:
        async with state.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        checks["database"] = {"ok": True}
        current = await current_revisions(state.engine)
        heads = head_revisions()
        checks["migrations"] = {"ok": current == heads, "current": sorted(current), "head": sorted(heads)}
    except Exception as exc:  # report, don't crash: readiness is about telling the truth
        checks["database"] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    scheduler = state.scheduler.status()
    checks["scheduler"] = {"ok": scheduler["running"], **scheduler}
    leader = state.leader
    checks["leader"] = {
        "ok": True,
        "is_leader": leader.held,
        "identity": leader.identity,
        "runtime": state.runtime.name,
    }
    ready = all(bool(c.get("ok")) for c in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not_ready", "checks": checks}, status_code=200 if ready else 503
    )


router.add_api_route("/metrics", metrics_endpoint, methods=["GET"], include_in_schema=False)
