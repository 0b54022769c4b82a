"""Schema migrations with yoyo: plain SQL files in `migrations/`, applied in order, once."""

from __future__ import annotations

from pathlib import Path

from yoyo import get_backend, read_migrations

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def _yoyo_url(database_url: str) -> str:
    """yoyo names its psycopg 3 driver in the URL scheme."""
    scheme, sep, rest = database_url.partition("://")
    if not sep or scheme not in ("postgres", "postgresql"):
        raise ValueError("DATABASE_URL must start with postgresql://")
    return f"postgresql+psycopg://{rest}"


def migrate(database_url: str) -> list[str]:
    """Apply pending migrations under yoyo's lock; return the ids applied."""
    backend = get_backend(_yoyo_url(database_url))
    try:
        migrations = read_migrations(str(MIGRATIONS_DIR))
        with backend.lock():
            pending = backend.to_apply(migrations)
            backend.apply_migrations(pending)
        return [m.id for m in pending]
    finally:
        backend.connection.close()


_migrated: set[str] = set()


def ensure_migrated(database_url: str) -> None:
    """Migrate once per process and database: the schema is applied on start."""
    if database_url not in _migrated:
        migrate(database_url)
        _migrated.add(database_url)
