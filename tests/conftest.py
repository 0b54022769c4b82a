"""Session servers for the integration tests: a real PostgreSQL and a real Azurite.

Both are started here, bound to 127.0.0.1 on free ports, and stopped by their PIDs at
the end of the session. Each test that needs a database gets a fresh one, cloned from a
migrated template, so tests never see each other's data.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from functions.localservices import PROJECT_ROOT, Service, start_azurite, start_postgres
from functions.settings import Settings
from functions.store.migrate import migrate

SAMPLE = PROJECT_ROOT / "data" / "sample" / "GEN23.csv"
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"
REAL_FILES = {
    "raw": SHARED_DATA / "GEN23.csv",
    "display_formatted": SHARED_DATA / "GEN23_display_formatted.csv",
    "numbers_export": SHARED_DATA / "GEN23_numbers_export.csv",
}
TEMPLATE = "egrid_template"


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    service = start_postgres(tmp_path_factory.mktemp("postgres"), fast=True)
    try:
        with psycopg.connect(service.url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {TEMPLATE}")
        migrate(_with_database(service.url, TEMPLATE))
        yield service
    finally:
        service.stop()


@pytest.fixture(scope="session")
def azurite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    service = start_azurite(tmp_path_factory.mktemp("azurite"))
    try:
        yield service
    finally:
        service.stop()


def _with_database(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture
def database_url(postgres: Service) -> str:
    """A fresh, migrated, empty database for one test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres.url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    return _with_database(postgres.url, name)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(DATABASE_URL=database_url)


@pytest.fixture
def db(database_url: str) -> Iterator[psycopg.Connection]:
    from functions.store.db import connect

    with connect(database_url, autocommit=True) as conn:
        yield conn


@pytest.fixture(scope="session")
def real_files() -> dict[str, Path]:
    missing = [str(p) for p in REAL_FILES.values() if not p.exists()]
    if missing:
        pytest.fail(f"real eGRID exports missing (../shared/data): {missing}")
    return REAL_FILES


@pytest.fixture(scope="session")
def azure_functions() -> dict:
    """function_app's functions by name, indexed with default settings whichever test asks
    first. `get_functions()` may run once per app object."""
    from functions.settings import get_settings

    with pytest.MonkeyPatch.context() as mp:
        for name in ("UPLOADS_CONTAINER", "BLOB_TRIGGER_SOURCE"):
            mp.delenv(name, raising=False)
        get_settings.cache_clear()
        import function_app

        functions = {f.get_function_name(): f for f in function_app.app.get_functions()}
    get_settings.cache_clear()
    return functions
