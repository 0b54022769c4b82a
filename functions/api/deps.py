"""Request dependencies: settings, the lazily opened connection pool, the caller."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Annotated

import psycopg
from fastapi import Depends, HTTPException, status
from fastapi.security import OAuth2PasswordBearer
from psycopg_pool import ConnectionPool

from functions.api.auth import AuthError, Principal, ensure_bootstrap_admin, verify_token
from functions.settings import Settings, get_settings
from functions.store.db import APPLICATION_NAME, configure
from functions.store.migrate import ensure_migrated

_pool: ConnectionPool | None = None
_pool_lock = threading.Lock()


def pool() -> ConnectionPool:
    """The process's pool, opened at first use: under the Functions host the ASGI
    lifespan only runs with the first request (if at all), and importing must connect
    nowhere. Opening it migrates the schema and creates the bootstrap admin."""
    global _pool
    with _pool_lock:
        if _pool is None:
            settings = get_settings()
            ensure_migrated(settings.require_database())
            new = ConnectionPool(
                settings.require_database(), min_size=1, max_size=settings.db_pool_max,
                kwargs={"application_name": APPLICATION_NAME, "autocommit": True,
                        "connect_timeout": 5},
                configure=configure, timeout=10, open=True, name="api",
            )
            with new.connection() as conn:
                ensure_bootstrap_admin(conn, settings)
            _pool = new
        return _pool


def close_pool() -> None:
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.close()
            _pool = None


def connection() -> Iterator[psycopg.Connection]:
    with pool().connection() as conn:
        yield conn


async def settings() -> Settings:
    """Async, like every dependency on the read path: a sync one costs a threadpool hop."""
    return get_settings()


SettingsDep = Annotated[Settings, Depends(settings)]
Conn = Annotated[psycopg.Connection, Depends(connection)]

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def unauthorized(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail=detail,
                         headers={"WWW-Authenticate": "Bearer"})


async def current_user(config: SettingsDep, token: Annotated[str | None, Depends(oauth2)]) -> Principal:
    if not token:
        raise unauthorized("not authenticated")
    try:
        return verify_token(config, token)
    except AuthError as error:
        raise unauthorized(str(error)) from None


CurrentUser = Annotated[Principal, Depends(current_user)]


async def admin_user(user: CurrentUser) -> Principal:
    if not user.is_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="admin role required")
    return user


AdminUser = Annotated[Principal, Depends(admin_user)]
