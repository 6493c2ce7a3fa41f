"""API keys for CI and the CLI (admin only). A key is shown once, at creation."""

from __future__ import annotations

from fastapi import APIRouter

from app.auth import service
from app.auth.dependencies import Admin
from app.auth.models import ApiKeyCreate, ApiKeyCreated, ApiKeyRead
from app.core.db import RowId, SessionDep

router = APIRouter(prefix="/api/v1/api-keys", tags=["api-keys"])


@router.get("", response_model=list[ApiKeyRead])
async def list_api_keys(_: Admin, session: SessionDep) -> list[ApiKeyRead]:
    """All API keys, without their secrets."""
    return [ApiKeyRead.model_validate(k) for k in await service.list_api_keys(session)]


@router.post("", response_model=ApiKeyCreated, status_code=201)
async def create_api_key(body: ApiKeyCreate, principal: Admin, session: SessionDep) -> ApiKeyCreated:
    """Create a key owned by the caller; the response is the only time the key is shown."""
    return await service.create_api_key(session, owner=principal.user, data=body)


@router.delete("/{key_id}", response_model=ApiKeyRead)
async def revoke_api_key(key_id: RowId, _: Admin, session: SessionDep) -> ApiKeyRead:
    """Revoke a key; it stops working at once."""
    return ApiKeyRead.model_validate(await service.revoke_api_key(session, key_id=key_id))
