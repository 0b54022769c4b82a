"""Connections to PostgreSQL (psycopg 3)."""

from __future__ import annotations

import psycopg

APPLICATION_NAME = "egrid-plants"


def connect(database_url: str, *, autocommit: bool = False) -> psycopg.Connection:
    """A new connection; fails within 10 s when the server is unreachable."""
    return psycopg.connect(database_url, autocommit=autocommit, connect_timeout=10,
                           application_name=APPLICATION_NAME)
