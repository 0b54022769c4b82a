"""SQL for ingestion records: one row per attempt to load a file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

MAX_SAMPLE_REJECTS = 100
TERMINAL = ("succeeded", "failed", "unchanged")
MAX_RETRIES = 5  # retryable failures of one blob version before we stop trying (as the host does)


def _etag(etag: str | None) -> str | None:
    """Blob listings give ETags bare, downloads quoted: store one form."""
    return etag.strip('"') if etag else None


@dataclass
class Counts:
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_duplicate: int = 0
    rows_replaced: int = 0
    rows_blank: int = 0
    years: list[int] = field(default_factory=list)
    rejects: list[dict[str, Any]] = field(default_factory=list)  # up to 100 {"line", "reason"}


def create(conn: psycopg.Connection, *, blob_name: str, source: str, etag: str | None = None,
           size_bytes: int | None = None, original_name: str | None = None,
           uploaded_by: str | None = None) -> int:
    row = conn.execute(
        "INSERT INTO ingestions (blob_name, blob_etag, source, size_bytes, original_name, uploaded_by)"
        " VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
        (blob_name, _etag(etag), source, size_bytes, original_name, uploaded_by),
    ).fetchone()
    assert row is not None
    return row[0]


def set_etag(conn: psycopg.Connection, ingestion_id: int, etag: str | None) -> None:
    conn.execute("UPDATE ingestions SET blob_etag = %s WHERE id = %s", (_etag(etag), ingestion_id))


def start(conn: psycopg.Connection, ingestion_id: int, *, backend_pid: int) -> None:
    """Mark running, owned by the loading connection's backend (see `fail_orphans`)."""
    conn.execute(
        "UPDATE ingestions SET status = 'running', started_at = now(), backend_pid = a.pid,"
        " backend_start = a.backend_start"
        " FROM pg_stat_activity a WHERE ingestions.id = %s AND a.pid = %s",
        (ingestion_id, backend_pid),
    )


def progress(conn: psycopg.Connection, ingestion_id: int, rows_read: int) -> None:
    conn.execute("UPDATE ingestions SET rows_read = %s WHERE id = %s", (rows_read, ingestion_id))


def finish(conn: psycopg.Connection, ingestion_id: int, status: str, counts: Counts, *,
           sha256: str | None, size_bytes: int | None, error: str | None = None,
           retryable: bool = False) -> None:
    assert status in TERMINAL
    conn.execute(
        """
        UPDATE ingestions SET status = %(status)s, finished_at = now(),
            started_at = coalesce(started_at, now()),
            sha256 = %(sha256)s, size_bytes = coalesce(%(size)s, size_bytes),
            rows_read = %(rows_read)s, rows_loaded = %(rows_loaded)s,
            rows_rejected = %(rows_rejected)s, rows_duplicate = %(rows_duplicate)s,
            rows_replaced = %(rows_replaced)s, rows_blank = %(rows_blank)s,
            years = %(years)s, error = %(error)s, rejects = %(rejects)s,
            retryable = %(retryable)s
        WHERE id = %(id)s
        """,
        {
            "id": ingestion_id, "status": status, "sha256": sha256, "size": size_bytes,
            "rows_read": counts.rows_read, "rows_loaded": counts.rows_loaded,
            "rows_rejected": counts.rows_rejected, "rows_duplicate": counts.rows_duplicate,
            "rows_replaced": counts.rows_replaced, "rows_blank": counts.rows_blank,
            "years": sorted(counts.years), "error": error,
            "rejects": Jsonb(counts.rejects[:MAX_SAMPLE_REJECTS]), "retryable": retryable,
        },
    )


def fail_orphans(conn: psycopg.Connection) -> int:
    """Mark failed the runs whose loading connection is gone: their process died midway."""
    cur = conn.execute(
        """
        UPDATE ingestions i SET status = 'failed', finished_at = now(), retryable = true,
            error = 'interrupted: the ingesting process stopped before it finished'
        WHERE i.status = 'running' AND NOT EXISTS (
            SELECT 1 FROM pg_stat_activity a
            WHERE a.pid = i.backend_pid AND a.backend_start = i.backend_start)
        """
    )
    return cur.rowcount


def already_seen(conn: psycopg.Connection, blob_name: str, etag: str) -> bool:
    """Whether this version of the blob (name and ETag) needs no (more) ingesting: it has a
    record that did not fail for a passing reason, or failed so MAX_RETRIES times."""
    return conn.execute(
        """
        SELECT count(*) FILTER (WHERE NOT (status = 'failed' AND retryable)) > 0
            OR count(*) >= %s
        FROM ingestions WHERE blob_name = %s AND blob_etag = %s
        """,
        (MAX_RETRIES, blob_name, _etag(etag)),
    ).fetchone()[0]


def current_ingestion_with_hash(conn: psycopg.Connection, sha256: str) -> int | None:
    """A succeeded ingestion of the same bytes whose data is still the current for all
    its years: loading the file again would change nothing."""
    row = conn.execute(
        """
        SELECT i.id FROM ingestions i
        WHERE i.sha256 = %s AND i.status = 'succeeded' AND NOT EXISTS (
            SELECT 1 FROM unnest(i.years) AS y(year)
            LEFT JOIN data_years d ON d.year = y.year
            WHERE d.ingestion_id IS DISTINCT FROM i.id)
        ORDER BY i.id DESC LIMIT 1
        """,
        (sha256,),
    ).fetchone()
    return row[0] if row else None


COLUMNS = (
    "id, blob_name, blob_etag, source, original_name, uploaded_by, size_bytes, sha256, status,"
    " rows_read, rows_loaded,"
    " rows_rejected, rows_duplicate, rows_replaced, rows_blank, years, created_at, started_at,"
    " finished_at, duration_ms, error, retryable, rejects"
)


def get(conn: psycopg.Connection, ingestion_id: int) -> dict[str, Any] | None:
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(f"SELECT {COLUMNS} FROM ingestions WHERE id = %s",
                           (ingestion_id,)).fetchone()


def recent(conn: psycopg.Connection, limit: int = 50) -> list[dict[str, Any]]:
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(f"SELECT {COLUMNS} FROM ingestions ORDER BY id DESC LIMIT %s",
                           (limit,)).fetchall()


def mark_failed(conn: psycopg.Connection, ingestion_id: int, error: str, *, retryable: bool) -> None:
    """Fail a record before any load began (e.g. its upload never reached storage)."""
    conn.execute("UPDATE ingestions SET status = 'failed', finished_at = now(), error = %s,"
                 " retryable = %s WHERE id = %s", (error, retryable, ingestion_id))


def claim_queued(conn: psycopg.Connection, ingestion_id: int, blob_name: str) -> bool:
    """Whether the queued record made for this blob at upload time can carry its ingestion."""
    return conn.execute(
        "SELECT EXISTS (SELECT 1 FROM ingestions WHERE id = %s AND blob_name = %s"
        " AND status = 'queued')", (ingestion_id, blob_name)).fetchone()[0]
