"""Passwords (argon2) and API tokens (JWT, HS256, with expiry, issuer and audience)."""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass
from functools import lru_cache

import jwt
import psycopg
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from functions.settings import Settings
from functions.store import users

log = logging.getLogger(__name__)
ALGORITHM = "HS256"
MIN_SECRET_LENGTH = 32
_WEAK = {"secret", "changeme", "change-me", "password", "jwt-secret", "dev", "test"}
_hasher = PasswordHasher()


class AuthError(Exception):
    """The request's credentials are missing or invalid (401)."""


class ConfigError(RuntimeError):
    """The app must not start this way (e.g. no JWT secret outside dev mode)."""


@dataclass(frozen=True)
class Principal:
    username: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache
def _dev_secret() -> str:
    log.warning("JWT_SECRET is not set: DEV_MODE uses a random key; tokens end with the process")
    return secrets.token_urlsafe(48)


def signing_key(settings: Settings) -> str:
    """The HS256 key; refuses a missing or weak one outside dev mode."""
    secret = settings.jwt_secret
    weak = len(secret) < MIN_SECRET_LENGTH or secret.lower() in _WEAK or len(set(secret)) < 8
    if not secret and settings.dev_mode:
        return _dev_secret()
    if weak and not settings.dev_mode:
        raise ConfigError(
            f"JWT_SECRET must be set to a random string of at least {MIN_SECRET_LENGTH} characters"
            " (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)")
    return secret


def issue_token(settings: Settings, principal: Principal) -> tuple[str, int]:
    """A signed token for `principal` and its lifetime in seconds."""
    now = int(time.time())
    lifetime = settings.jwt_expires_minutes * 60
    claims = {"sub": principal.username, "role": principal.role, "iss": settings.jwt_issuer,
              "aud": settings.jwt_audience, "iat": now, "exp": now + lifetime}
    return jwt.encode(claims, signing_key(settings), algorithm=ALGORITHM), lifetime


# Tokens already verified, until they expire: checking a signature costs more than the
# rest of a cached answer. Keyed by everything the verdict depends on.
_verified: dict[tuple[str, str, str, str], tuple[Principal, float]] = {}
_VERIFIED_MAX = 10_000


def verify_token(settings: Settings, token: str) -> Principal:
    """The principal a token names; AuthError for anything expired, tampered or foreign.

    Only HS256 is accepted, so `alg: none` and algorithm swaps fail.
    """
    key = (token, settings.jwt_secret, settings.jwt_issuer, settings.jwt_audience)
    hit = _verified.get(key)
    if hit is not None and time.time() < hit[1]:
        return hit[0]
    principal, expires = _verify(settings, token)
    if len(_verified) >= _VERIFIED_MAX:
        _verified.clear()
    _verified[key] = (principal, expires)
    return principal


def _verify(settings: Settings, token: str) -> tuple[Principal, float]:
    try:
        claims = jwt.decode(token, signing_key(settings), algorithms=[ALGORITHM],
                            audience=settings.jwt_audience, issuer=settings.jwt_issuer,
                            options={"require": ["exp", "iat", "iss", "aud", "sub"]})
    except jwt.ExpiredSignatureError:
        raise AuthError("token expired") from None
    except jwt.InvalidTokenError:
        raise AuthError("invalid token") from None
    role = claims.get("role")
    if role not in users.ROLES:
        raise AuthError("invalid token")
    return Principal(username=claims["sub"], role=role), float(claims["exp"])


def authenticate(conn: psycopg.Connection, username: str, password: str) -> Principal:
    user = users.get(conn, username)
    if user is None:
        hash_password(password)  # spend the same time as for a known user
        raise AuthError("incorrect username or password")
    if user.disabled or not verify_password(user.password_hash, password):
        raise AuthError("incorrect username or password")
    return Principal(username=user.username, role=user.role)


def ensure_bootstrap_admin(conn: psycopg.Connection, settings: Settings) -> bool:
    """Create ADMIN_USERNAME with ADMIN_PASSWORD when that user does not exist yet."""
    if not settings.admin_password or users.get(conn, settings.admin_username):
        return False
    try:
        users.add(conn, settings.admin_username, hash_password(settings.admin_password), "admin")
    except ValueError:  # created concurrently by another worker
        return False
    log.info("created the bootstrap admin %r", settings.admin_username)
    return True
