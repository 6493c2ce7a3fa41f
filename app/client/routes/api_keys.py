"""`/api/v1/api-keys` (admin): keys for scripts and CI; a key is shown once, when created."""

from __future__ import annotations

from app.auth.models import ApiKeyCreated, ApiKeyRead, Role
from app.client.call import Call

BASE = "/api/v1/api-keys"


def list_() -> Call[list[ApiKeyRead]]:
    return Call("GET", BASE, list[ApiKeyRead])


def create(name: str, role: Role = Role.operator) -> Call[ApiKeyCreated]:
    return Call("POST", BASE, ApiKeyCreated, body={"name": name, "role": role})


def revoke(key_id: int) -> Call[ApiKeyRead]:
    return Call("DELETE", f"{BASE}/{key_id}", ApiKeyRead)
