"""`/api/v1/users` (admin): user accounts."""

from __future__ import annotations

from app.auth.models import UserCreate, UserRead, UserUpdate
from app.client.call import Body, Call

BASE = "/api/v1/users"


def list_() -> Call[list[UserRead]]:
    return Call("GET", BASE, list[UserRead])


def create(body: UserCreate | Body) -> Call[UserRead]:
    return Call("POST", BASE, UserRead, body=body)


def get(user_id: int) -> Call[UserRead]:
    return Call("GET", f"{BASE}/{user_id}", UserRead)


def update(user_id: int, body: UserUpdate | Body) -> Call[UserRead]:
    return Call("PATCH", f"{BASE}/{user_id}", UserRead, body=body)


def delete(user_id: int) -> Call[None]:
    return Call("DELETE", f"{BASE}/{user_id}")
