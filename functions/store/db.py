"""Connections to PostgreSQL (psycopg 3)."""

from __future__ import annotations

import psycopg
from psycopg.types.numeric import FloatLoader

APPLICATION_NAME = "egrid-plants"


def configure(conn: psycopg.Connection) -> None:
    """NUMERIC values load as float: MWh and MW are measurements, and JSON has no decimals."""
    conn.adapters.register_loader("numeric", FloatLoader)


def connect(database_url: str, *, autocommit: bool = False) -> psycopg.Connection:
    """A new connection; fails within 10 s when the server is unreachable."""
    conn = psycopg.connect(database_url, autocommit=autocommit, connect_timeout=10,
                           application_name=APPLICATION_NAME)
    configure(conn)
    return conn
