"""Users, API keys and revoked tokens, plus the request/response shapes of the auth API."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Column, SQLModel
from sqlmodel import Field as SQLField

from app.core.db import UtcDateTime, utcnow
from app.core.models import StrictModel


class Role(StrEnum):
    viewer = "viewer"
    operator = "operator"
    admin = "admin"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def allows(self, required: Role) -> bool:
        """`viewer < operator < admin`: a role can do everything the roles below it can."""
        return self.rank >= required.rank


_RANKS = {Role.viewer: 0, Role.operator: 1, Role.admin: 2}


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: int | None = SQLField(default=None, primary_key=True)
    username: str = SQLField(max_length=64, unique=True, index=True)
    password_hash: str = SQLField(max_length=255)
    role: str = SQLField(default=Role.viewer.value, max_length=16)
    is_active: bool = True
    # Carried in every token (`ver`); bumped by a password change or reset, a role change and a
    # deactivation, which turns every token issued before into a 401.
    token_version: int = SQLField(default=0, sa_column_kwargs={"server_default": "0"})
    created_at: datetime = SQLField(default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False))
    updated_at: datetime = SQLField(default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False))


class ApiKey(SQLModel, table=True):
    __tablename__ = "api_keys"

    id: int | None = SQLField(default=None, primary_key=True)
    name: str = SQLField(max_length=64)
    prefix: str = SQLField(max_length=16)
    key_hash: str = SQLField(max_length=64, unique=True, index=True)
    role: str = SQLField(max_length=16)
    user_id: int = SQLField(foreign_key="users.id", ondelete="CASCADE", index=True)
    created_at: datetime = SQLField(default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False))
    last_used_at: datetime | None = SQLField(default=None, sa_column=Column(UtcDateTime(), nullable=True))
    revoked_at: datetime | None = SQLField(default=None, sa_column=Column(UtcDateTime(), nullable=True))


class RevokedToken(SQLModel, table=True):
    __tablename__ = "revoked_tokens"

    jti: str = SQLField(primary_key=True, max_length=64)
    expires_at: datetime = SQLField(sa_column=Column(UtcDateTime(), nullable=False, index=True))
    revoked_at: datetime = SQLField(default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False))


# --- API shapes -------------------------------------------------------------------------------

_USERNAME = r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$"


class LoginRequest(StrictModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="access token lifetime in seconds")


class RefreshRequest(StrictModel):
    refresh_token: str = Field(min_length=1, max_length=4096)


class LogoutRequest(StrictModel):
    refresh_token: str | None = Field(default=None, max_length=4096)


class UserCreate(StrictModel):
    username: str = Field(pattern=_USERNAME)
    password: str = Field(min_length=12, max_length=256, description="at least 12 characters")
    role: Role = Role.viewer


class UserUpdate(StrictModel):
    password: str | None = Field(default=None, min_length=12, max_length=256)
    role: Role | None = None
    is_active: bool | None = None


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    role: Role
    is_active: bool
    created_at: datetime


class Me(BaseModel):
    id: int
    username: str
    role: Role
    auth: str = Field(description="how this request authenticated: bearer or api_key")


class ApiKeyCreate(StrictModel):
    name: str = Field(min_length=1, max_length=64)
    role: Role = Role.operator


class ApiKeyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    prefix: str
    role: Role
    user_id: int
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyRead):
    key: str = Field(description="the key itself; shown once, store it now")
