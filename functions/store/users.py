"""SQL for API users."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import psycopg
from psycopg.rows import class_row

ROLES = ("viewer", "admin")


@dataclass
class User:
    id: int
    username: str
    password_hash: str
    role: str
    disabled: bool
    created_at: datetime


def get(conn: psycopg.Connection, username: str) -> User | None:
    with conn.cursor(row_factory=class_row(User)) as cur:
        return cur.execute("SELECT * FROM users WHERE username = %s", (username,)).fetchone()


def all_users(conn: psycopg.Connection) -> list[User]:
    with conn.cursor(row_factory=class_row(User)) as cur:
        return cur.execute("SELECT * FROM users ORDER BY username").fetchall()


def add(conn: psycopg.Connection, username: str, password_hash: str, role: str) -> User:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    with conn.cursor(row_factory=class_row(User)) as cur:
        try:
            user = cur.execute(
                "INSERT INTO users (username, password_hash, role) VALUES (%s, %s, %s) RETURNING *",
                (username, password_hash, role)).fetchone()
        except psycopg.errors.UniqueViolation:
            raise ValueError(f"user '{username}' already exists") from None
    assert user is not None
    return user


def set_disabled(conn: psycopg.Connection, username: str, disabled: bool) -> None:
    cur = conn.execute("UPDATE users SET disabled = %s WHERE username = %s", (disabled, username))
    if cur.rowcount == 0:
        raise ValueError(f"no user '{username}'")
