"""Users, logins, tokens and API keys. Plain async functions over a session, callable from the API,
the CLI and tests alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete as sa_delete
from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import security
from app.auth.models import (
    ApiKey,
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyRead,
    RevokedToken,
    Role,
    TokenPair,
    User,
    UserCreate,
    UserUpdate,
)
from app.core.config import Settings
from app.core.db import utcnow
from app.core.errors import Conflict, NotFound, Unauthorized

# --- users ------------------------------------------------------------------------------------


async def get_user(session: AsyncSession, *, user_id: int) -> User:
    """One user by id, or NotFound."""
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound(f"user {user_id} not found")
    return user


async def get_user_by_username(session: AsyncSession, *, username: str) -> User | None:
    """One user by name, or None."""
    return (await session.execute(select(User).where(User.username == username))).scalar_one_or_none()


async def list_users(session: AsyncSession) -> list[User]:
    """All users, oldest first."""
    return list((await session.execute(select(User).order_by(User.id))).scalars())


async def count_users(session: AsyncSession) -> int:
    """How many users exist."""
    return int((await session.execute(select(func.count()).select_from(User))).scalar_one())


async def create_user(session: AsyncSession, *, data: UserCreate) -> User:
    """A new user; Conflict if the name is taken."""
    user = User(username=data.username, password_hash=security.hash_password(data.password), role=data.role)
    session.add(user)
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        raise Conflict(f"user {data.username!r} already exists") from None
    await session.refresh(user)
    return user


async def _active_admins(session: AsyncSession) -> int:
    query = select(func.count()).select_from(User).where(User.role == Role.admin, User.is_active.is_(True))
    return int((await session.execute(query)).scalar_one())


async def update_user(session: AsyncSession, *, user_id: int, data: UserUpdate) -> User:
    """Change a user's password, role or active flag; the last active admin cannot be demoted.

    A new password (a change or a reset: both come here), a different role or a deactivation revokes
    every access and refresh token the user holds (their `token_version` moves on): whoever held the
    old password or the old role's token must log in again. API keys stay valid: they are separate
    credentials an admin revokes one by one, and they already act with at most the owner's current
    role (`app.auth.dependencies`), so a demotion caps them at once.
    """
    user = await get_user(session, user_id=user_id)
    demotes = (data.role is not None and data.role != Role.admin) or data.is_active is False
    if user.role == Role.admin and user.is_active and demotes and await _active_admins(session) <= 1:
        raise Conflict("cannot demote or deactivate the last active admin")
    revokes = (
        data.password is not None
        or (data.role is not None and data.role != user.role)
        or (data.is_active is False and user.is_active)
    )
    if data.password is not None:
        user.password_hash = security.hash_password(data.password)
    if data.role is not None:
        user.role = data.role
    if data.is_active is not None:
        user.is_active = data.is_active
    if revokes:
        user.token_version += 1
    user.updated_at = utcnow()
    await session.commit()
    await session.refresh(user)
    return user


async def delete_user(session: AsyncSession, *, user_id: int) -> None:
    """Delete a user (and their API keys); never the last active admin."""
    user = await get_user(session, user_id=user_id)
    if user.role == Role.admin and user.is_active and await _active_admins(session) <= 1:
        raise Conflict("cannot delete the last active admin")
    await session.delete(user)
    await session.commit()


async def ensure_admin(session: AsyncSession, *, password: str | None) -> str | None:
    """On an empty user table, create `admin`. Returns the generated password, if one was generated."""
    if await count_users(session) > 0:
        return None
    generated = None if password else security.generate_password()
    await create_user(session, data=UserCreate(username="admin", password=password or generated, role=Role.admin))
    return generated


# --- tokens -----------------------------------------------------------------------------------


async def authenticate(session: AsyncSession, *, username: str, password: str) -> User:
    """The active user with these credentials, or Unauthorized (same answer for every failure)."""
    user = await get_user_by_username(session, username=username)
    ok = security.verify_password(password, user.password_hash if user else None)
    if not ok or user is None or not user.is_active:
        raise Unauthorized("invalid username or password")
    return user


def issue_tokens(settings: Settings, user: User) -> TokenPair:
    """A fresh access + refresh token pair for a user, bound to their current token version."""
    access = security.issue_token(settings, user.id, "access", user.token_version)
    refresh = security.issue_token(settings, user.id, "refresh", user.token_version)
    return TokenPair(
        access_token=access.token,
        refresh_token=refresh.token,
        expires_in=settings.access_token_minutes * 60,
    )


async def user_for_token(session: AsyncSession, *, claims: security.TokenClaims) -> User | None:
    """The active user a decoded token stands for, or None if it was revoked (logout or refresh
    rotation: its `jti`; a password, role or activity change: its version) or the user is gone.

    One statement (the user row and whether the jti is revoked), as this runs on every request.
    """
    revoked = exists().where(RevokedToken.jti == claims.jti).label("revoked")
    row = (await session.execute(select(User, revoked).where(User.id == claims.user_id))).one_or_none()
    if row is None:
        return None
    user, is_revoked_ = row
    if is_revoked_ or not user.is_active or user.token_version != claims.version:
        return None
    return user


async def is_revoked(session: AsyncSession, *, jti: str) -> bool:
    """Whether a token id was revoked by logout or refresh rotation."""
    return await session.get(RevokedToken, jti) is not None


async def revoke(session: AsyncSession, *, claims: security.TokenClaims) -> None:
    """Revoke one token until it would have expired anyway (idempotent)."""
    if not await is_revoked(session, jti=claims.jti):
        session.add(RevokedToken(jti=claims.jti, expires_at=claims.expires_at))
        try:
            await session.commit()
        except IntegrityError:  # revoked concurrently: same outcome
            await session.rollback()


async def refresh_tokens(session: AsyncSession, settings: Settings, *, refresh_token: str) -> TokenPair:
    """Rotate a refresh token: the old one is revoked, a new pair is issued."""
    claims = security.decode_token(settings, refresh_token, "refresh")
    user = None if claims is None else await user_for_token(session, claims=claims)
    if claims is None or user is None:
        raise Unauthorized("invalid or expired refresh token")
    await revoke(session, claims=claims)
    return issue_tokens(settings, user)


async def purge_expired_revocations(session: AsyncSession) -> int:
    """Forget revocations of tokens that have expired anyway."""
    result = await session.execute(sa_delete(RevokedToken).where(RevokedToken.expires_at < datetime.now(UTC)))
    await session.commit()
    return result.rowcount or 0


# --- API keys ---------------------------------------------------------------------------------


async def create_api_key(session: AsyncSession, *, owner: User, data: ApiKeyCreate) -> ApiKeyCreated:
    """A new API key; the key itself is returned once and only its hash is stored."""
    role = data.role if Role(owner.role).allows(data.role) else Role(owner.role)
    key, prefix, key_hash = security.new_api_key()
    row = ApiKey(name=data.name, prefix=prefix, key_hash=key_hash, role=role, user_id=owner.id)
    session.add(row)
    await session.commit()
    await session.refresh(row)
    return ApiKeyCreated(**ApiKeyRead.model_validate(row).model_dump(), key=key)


async def list_api_keys(session: AsyncSession) -> list[ApiKey]:
    """All API keys (hashes never leave this module)."""
    return list((await session.execute(select(ApiKey).order_by(ApiKey.id))).scalars())


async def revoke_api_key(session: AsyncSession, *, key_id: int) -> ApiKey:
    """Revoke an API key; it stops working at once."""
    row = await session.get(ApiKey, key_id)
    if row is None:
        raise NotFound(f"API key {key_id} not found")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        await session.commit()
        await session.refresh(row)
    return row


# `last_used_at` is written at most this often per key: it answers "is this key still in use",
# and a write on every request would double the cost of each key-authenticated call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


async def resolve_api_key(session: AsyncSession, *, key: str) -> tuple[ApiKey, User] | None:
    """The live key and its active owner, or None: one statement (key joined to its owner), plus a
    `last_used_at` write at most once per `LAST_USED_RESOLUTION` per key."""
    query = select(ApiKey, User).join(User, User.id == ApiKey.user_id)
    found = (await session.execute(query.where(ApiKey.key_hash == security.hash_api_key(key)))).one_or_none()
    if found is None:
        return None
    row, user = found
    if row.revoked_at is not None or not user.is_active:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION:
        row.last_used_at = now
        await session.commit()
    return row, user
