"""Schema migrations on a real PostgreSQL: data loaded under an older schema survives."""

from __future__ import annotations

import io
import uuid

import psycopg
import pytest
from yoyo import get_backend, read_migrations

from functions.ingest.pipeline import ingest
from functions.settings import Settings
from functions.store import queries
from functions.store.migrate import MIGRATIONS_DIR, _yoyo_url, migrate
from tests.egrid.helpers import CODES, row

pytestmark = pytest.mark.integration


@pytest.fixture
def empty_url(postgres) -> str:
    name = f"m_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres.url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return postgres.url.rsplit("/", 1)[0] + "/" + name


def _migrate_up_to(url: str, last: str) -> None:
    backend = get_backend(_yoyo_url(url))
    try:
        migrations = read_migrations(str(MIGRATIONS_DIR))
        ids = [m.id for m in migrations]
        wanted = migrations.filter(lambda m: ids.index(m.id) <= ids.index(last))
        with backend.lock():
            backend.apply_migrations(backend.to_apply(wanted))
    finally:
        backend.connection.close()


def test_partitioning_keeps_the_years_loaded_before_it(empty_url):
    _migrate_up_to(empty_url, "0002.users")
    with psycopg.connect(empty_url, autocommit=True) as conn:
        conn.execute("INSERT INTO ingestions (blob_name, source, status) VALUES ('old.csv', 'cli', 'succeeded')")
        for year, code, gen in ((2022, 1, 50), (2022, 2, 70), (2023, 1, 90)):
            conn.execute(
                "INSERT INTO generators (year, state, plant_name, plant_code, generator_id,"
                " net_generation_mwh, source_line, ingestion_id) VALUES (%s, 'TX', 'P', %s, 'G', %s, 2, 1)",
                (year, code, gen))
            conn.execute(
                "INSERT INTO plants (year, plant_code, name, state, generators, net_generation_mwh,"
                " ingestion_id) VALUES (%s, %s, 'P', 'TX', 1, %s, 1)", (year, code, gen))
        conn.execute("INSERT INTO data_years (year, ingestion_id, generators, plants)"
                     " VALUES (2022, 1, 2, 2), (2023, 1, 1, 1)")
    assert migrate(empty_url)[0] == "0003.partition-by-year"
    with psycopg.connect(empty_url, autocommit=True) as conn:
        partitions = conn.execute(
            "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'plants'::regclass"
            " ORDER BY 1").fetchall()
        assert partitions == [("plants_y2022",), ("plants_y2023",)]
        assert conn.execute("SELECT count(*) FROM generators_y2022").fetchone()[0] == 2
        top = queries.top_plants(conn, n=5, year=2022)
        assert [p["plant_code"] for p in top["plants"]] == [2, 1]
    # A new file for 2023 replaces that year's partitions and leaves 2022 alone.
    data = (CODES + "\n" + row(ORISPL="7", GENNTAN="5") + "\n").encode()
    result = ingest(io.BytesIO(data), "new.csv", origin="cli", settings=Settings(DATABASE_URL=empty_url))
    assert result.status == "succeeded", result.error
    with psycopg.connect(empty_url, autocommit=True) as conn:
        assert conn.execute("SELECT year, plant_code FROM plants ORDER BY 1, 2").fetchall() == [
            (2022, 1), (2022, 2), (2023, 7)]
