"""User management (admin only)."""

from __future__ import annotations

from fastapi import APIRouter

from app.auth import service
from app.auth.dependencies import Admin
from app.auth.models import UserCreate, UserRead, UserUpdate
from app.core.db import RowId, SessionDep

router = APIRouter(prefix="/api/v1/users", tags=["users"])


@router.get("", response_model=list[UserRead])
async def list_users(_: Admin, session: SessionDep) -> list[UserRead]:
    """All users."""
    return [UserRead.model_validate(u) for u in await service.list_users(session)]


@router.post("", response_model=UserRead, status_code=201)
async def create_user(body: UserCreate, _: Admin, session: SessionDep) -> UserRead:
    """Create a user with a role."""
    return UserRead.model_validate(await service.create_user(session, data=body))


@router.get("/{user_id}", response_model=UserRead)
async def get_user(user_id: RowId, _: Admin, session: SessionDep) -> UserRead:
    """One user."""
    return UserRead.model_validate(await service.get_user(session, user_id=user_id))


@router.patch("/{user_id}", response_model=UserRead)
async def update_user(user_id: RowId, body: UserUpdate, _: Admin, session: SessionDep) -> UserRead:
    """Change a user's password, role or active flag."""
    return UserRead.model_validate(await service.update_user(session, user_id=user_id, data=body))


@router.delete("/{user_id}", status_code=204)
async def delete_user(user_id: RowId, _: Admin, session: SessionDep) -> None:
    """Delete a user and their API keys."""
    await service.delete_user(session, user_id=user_id)
