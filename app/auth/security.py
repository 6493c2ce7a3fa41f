"""Password hashing (argon2), API key hashing (SHA-256 of a 256-bit random key) and JWTs."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from jose import JWTError, jwt

from app.core.config import Settings

_hasher = PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A throwaway hash so unknown usernames cost the same time as wrong passwords (made on first use)."""
    return _hasher.hash("phoenix-timing-equaliser")


API_KEY_PREFIX = "phx_"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_api_key() -> tuple[str, str, str]:
    """Returns (key, display prefix, hash). The key is random enough that a fast hash is safe."""
    key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    return key, key[:12], hash_api_key(key)


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def generate_password() -> str:
    return secrets.token_urlsafe(18)


@dataclass(frozen=True)
class IssuedToken:
    token: str
    jti: str
    expires_at: datetime


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    token_type: str
    jti: str
    expires_at: datetime
    # The user's `token_version` when the token was issued; a token without it (issued before
    # versions existed) reads as 0, the version every user started at.
    version: int = 0


def issue_token(settings: Settings, user_id: int, token_type: str, version: int = 0) -> IssuedToken:
    lifetime = (
        timedelta(minutes=settings.access_token_minutes)
        if token_type == "access"
        else timedelta(days=settings.refresh_token_days)
    )
    now = datetime.now(UTC)
    expires_at = now + lifetime
    jti = uuid.uuid4().hex
    claims = {"sub": str(user_id), "typ": token_type, "jti": jti, "ver": version, "iat": now, "exp": expires_at}
    token = jwt.encode(claims, settings.jwt_secret, algorithm=settings.jwt_algorithm)
    return IssuedToken(token=token, jti=jti, expires_at=expires_at)


def decode_token(settings: Settings, token: str, token_type: str) -> TokenClaims | None:
    """The token's claims if its signature, expiry and type are right; otherwise None."""
    try:
        claims = jwt.decode(token, settings.jwt_secret, algorithms=[settings.jwt_algorithm])
        if claims.get("typ") != token_type:
            return None
        return TokenClaims(
            user_id=int(claims["sub"]),
            token_type=claims["typ"],
            jti=str(claims["jti"]),
            expires_at=datetime.fromtimestamp(int(claims["exp"]), UTC),
            version=int(claims.get("ver", 0)),
        )
    except (JWTError, KeyError, ValueError, TypeError):
        return None
