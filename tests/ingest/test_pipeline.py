"""The ingest pipeline against a real PostgreSQL: loads, replaces, refuses, records."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
import time

import pytest

from functions.ingest.pipeline import ingest
from functions.settings import Settings
from functions.store import ingestions
from tests.conftest import SAMPLE
from tests.egrid.helpers import CODES, row

pytestmark = pytest.mark.integration


def run(settings: Settings, data: bytes | str, name: str = "test.csv"):
    if isinstance(data, str):
        data = data.encode()
    return ingest(io.BytesIO(data), name, origin="cli", settings=settings)


def run_file(settings: Settings, path):
    with open(path, "rb") as f:
        return ingest(f, path.name, origin="cli", settings=settings)


def csv(*rows: str) -> str:
    return CODES + "\n" + "\n".join(rows) + "\n"


def counts(db) -> dict:
    return {
        "generators": db.execute("SELECT count(*) FROM generators").fetchone()[0],
        "plants": db.execute("SELECT count(*) FROM plants").fetchone()[0],
        "data_years": db.execute("SELECT year, ingestion_id FROM data_years ORDER BY year").fetchall(),
        "total": db.execute("SELECT sum(net_generation_mwh) FROM plants").fetchone()[0],
    }


def test_real_gen23_loads_generators_and_plants(settings, db):
    result = run_file(settings, SAMPLE)
    assert result.status == "succeeded", result.error
    c = result.counts
    assert (c.rows_read, c.rows_loaded, c.rows_rejected, c.rows_duplicate) == (26_601, 26_601, 0, 0)
    assert c.years == [2023]
    # Where the time went, step by step (the log line and `make bench-ingest` show it).
    assert list(result.phases) == ["read, clean and COPY", "generators key", "plants",
                                   "plants indexes", "summaries", "swap"]
    assert all(seconds > 0 for seconds in result.phases.values())
    assert db.execute("SELECT count(*), count(DISTINCT plant_code) FROM generators").fetchone() == (26_601, 12_611)
    assert db.execute("SELECT count(*) FROM plants WHERE year = 2023").fetchone()[0] == 12_611
    assert db.execute("SELECT count(*) FROM state_totals").fetchone()[0] == 52
    top = db.execute("SELECT plant_code, name, state, round(net_generation_mwh) FROM plants "
                     "ORDER BY net_generation_mwh DESC NULLS LAST LIMIT 3").fetchall()
    assert top == [(6008, "Palo Verde", "AZ", 31_522_590), (46, "Browns Ferry", "AL", 30_820_510),
                   (649, "Vogtle", "GA", 23_036_612)]
    record = ingestions.get(db, result.ingestion_id)
    assert record["status"] == "succeeded" and record["sha256"] == (
        "e8a2894f2ccf89bd5063a855db2defc76218882fb38c26c3e431e1bb09d9d02d")
    assert record["size_bytes"] == SAMPLE.stat().st_size
    assert record["finished_at"] >= record["started_at"] and record["duration_ms"] >= 0
    # A plant whose generators reported nothing has NULL generation, not 0.
    assert db.execute("SELECT count(*) FROM plants WHERE net_generation_mwh IS NULL").fetchone()[0] > 0
    # Two plants share a name and state (Yuba City Energy Center, CA): two plant codes.
    assert db.execute("SELECT count(*) FROM plants WHERE name = 'Yuba City Energy Center'").fetchone()[0] == 2


def test_the_same_bytes_again_are_unchanged(settings, db):
    first = run_file(settings, SAMPLE)
    before = counts(db)
    second = run_file(settings, SAMPLE)
    assert second.status == "unchanged"
    assert counts(db) == before
    assert ingestions.get(db, second.ingestion_id)["status"] == "unchanged"
    assert before["data_years"] == [(2023, first.ingestion_id)]


def test_another_export_of_the_year_replaces_it_without_double_counting(settings, db, real_files):
    run_file(settings, SAMPLE)
    result = run_file(settings, real_files["display_formatted"])
    assert result.status == "succeeded"
    c = counts(db)
    assert c["generators"] == 26_601 and c["plants"] == 12_611
    assert c["data_years"] == [(2023, result.ingestion_id)]
    assert c["total"] == pytest.approx(4_188_971_860)  # the rounded file's own total


def test_loading_an_old_file_again_after_another_reloads_it(settings, db, real_files):
    first = run_file(settings, SAMPLE)
    run_file(settings, real_files["numbers_export"])
    again = run_file(settings, SAMPLE)
    assert again.status == "succeeded" and again.ingestion_id != first.ingestion_id
    assert counts(db)["total"] == pytest.approx(4_188_971_343.358)


def test_a_bad_file_changes_nothing_and_is_recorded(settings, db):
    run_file(settings, SAMPLE)
    before = counts(db)
    result = run(settings, b"PK\x03\x04" + b"[Content_Types].xml" + bytes(200), "book.xlsx")
    assert result.status == "failed"
    assert result.error == "not a CSV file: looks like an Excel workbook (.xlsx)"
    assert counts(db) == before
    record = ingestions.get(db, result.ingestion_id)
    assert record["status"] == "failed" and record["error"] == result.error
    assert record["sha256"] is not None and record["size_bytes"] == 223


def test_too_many_rejects_fail_the_whole_file(settings, db):
    run_file(settings, SAMPLE)
    before = counts(db)
    rows = [row(GENID=str(i)) for i in range(98)] + [row(GENID=""), row(GENID="x", GENNTAN="abc")]
    result = run(settings, csv(*rows))
    assert result.status == "failed"
    assert result.error == ("2 of 100 rows rejected (2.0%), over the 1.0% limit; "
                            "first: line 100: missing GENID")
    assert counts(db) == before
    record = ingestions.get(db, result.ingestion_id)
    assert record["rejects"] == [{"line": 100, "reason": "missing GENID"},
                                 {"line": 101, "reason": "GENNTAN is not a number: 'abc'"}]
    assert (record["rows_read"], record["rows_rejected"]) == (100, 2)


def test_rejects_within_the_limit_load_the_rest(settings, db):
    rows = [row(GENID=str(i)) for i in range(99)] + [row(GENID="")]
    result = run(settings, csv(*rows))
    assert result.status == "succeeded"
    assert (result.counts.rows_loaded, result.counts.rows_rejected) == (99, 1)
    assert result.counts.rejects == [{"line": 101, "reason": "missing GENID"}]


def test_the_reject_limit_is_configurable(database_url):
    rows = [row(GENID=str(i)) for i in range(90)] + [row(GENID="") for _ in range(10)]
    strict = Settings(DATABASE_URL=database_url, MAX_REJECT_RATIO=0)
    lenient = Settings(DATABASE_URL=database_url, MAX_REJECT_RATIO=0.1)
    assert run(strict, csv(*rows)).status == "failed"
    assert run(lenient, csv(*rows)).status == "succeeded"


def test_duplicates_are_dropped_and_a_repeated_key_keeps_the_last_row(settings, db):
    rows = [row(GENID="A", GENNTAN="10"), row(GENID="A", GENNTAN="10"),  # exact duplicate
            row(GENID="B", GENNTAN="1"), row(GENID="C"), row(GENID="B", GENNTAN="2")]  # B changes
    result = run(settings, csv(*rows))
    assert result.status == "succeeded"
    c = result.counts
    assert (c.rows_read, c.rows_loaded, c.rows_duplicate, c.rows_replaced) == (5, 3, 1, 1)
    got = db.execute("SELECT generator_id, net_generation_mwh, source_line FROM generators "
                     "ORDER BY generator_id").fetchall()
    assert got == [("A", 10, 3), ("B", 2, 6), ("C", 1000, 5)]
    assert db.execute("SELECT net_generation_mwh, generators FROM plants").fetchone() == (1012, 3)


def test_numbers_are_stored_exactly_as_written(settings, db):
    lines = [row(GENID="A", GENNTAN='" (2,443)"', NAMEPCAP="1e3", CFACT="0.123456789012345678"),
             row(GENID="B", GENNTAN='"20,961.5"', NAMEPCAP="", CFACT="-.5")]
    assert run(settings, csv(*lines)).status == "succeeded"
    got = db.execute("SELECT generator_id, net_generation_mwh::text, capacity_mw::text,"
                     " capacity_factor::text FROM generators ORDER BY 1").fetchall()
    assert got == [("A", "-2443", "1000", "0.123456789012345678"), ("B", "20961.5", None, "-0.5")]
    assert db.execute("SELECT net_generation_mwh::text FROM plants").fetchone() == ("18518.5",)


def test_plants_aggregate_by_code_with_null_only_when_nothing_reported(settings, db):
    rows = [row(ORISPL="1", GENID="a", GENNTAN="100", FUELG1="NG", NAMEPCAP="5"),
            row(ORISPL="1", GENID="b", GENNTAN="-30", FUELG1="WAT", NAMEPCAP="50"),
            row(ORISPL="1", GENID="c", GENNTAN="", FUELG1="SUN", NAMEPCAP="1"),
            row(ORISPL="2", GENID="a", GENNTAN="", FUELG1="SUN"),
            row(ORISPL="3", GENID="a", GENNTAN="-5", PRMVR="BA", FUELG1="MWH")]
    assert run(settings, csv(*rows)).status == "succeeded"
    plants = db.execute("SELECT plant_code, generators, capacity_mw, net_generation_mwh, primary_fuel "
                        "FROM plants ORDER BY plant_code").fetchall()
    assert plants == [(1, 3, 56, 70, "NG"), (2, 1, 10.5, None, "SUN"), (3, 1, 10.5, -5, "MWH")]


def test_a_plant_takes_name_state_and_fuel_from_its_largest_generator(settings, db):
    """Largest net generation first (NULL last), then the largest capacity, then the id."""
    rows = [row(ORISPL="10", GENID="a", GENNTAN="5", NAMEPCAP="100", FUELG1="NG", PNAME="Old"),
            row(ORISPL="10", GENID="b", GENNTAN="900", NAMEPCAP="1", FUELG1="NUC", PNAME="New"),
            row(ORISPL="10", GENID="c", GENNTAN="", NAMEPCAP="500", FUELG1="SUN", PNAME="Other"),
            row(ORISPL="11", GENID="a", GENNTAN="50", NAMEPCAP="1", FUELG1="NG"),
            row(ORISPL="11", GENID="b", GENNTAN="50", NAMEPCAP="9", FUELG1="WAT"),
            row(ORISPL="12", GENID="b", GENNTAN="", NAMEPCAP="7", FUELG1="SUN"),
            row(ORISPL="12", GENID="a", GENNTAN="", NAMEPCAP="7", FUELG1="WND"),
            row(ORISPL="12", GENID="c", GENNTAN="", NAMEPCAP="2", FUELG1="NG")]
    assert run(settings, csv(*rows)).status == "succeeded"
    plants = db.execute("SELECT plant_code, name, primary_fuel, net_generation_mwh FROM plants"
                        " ORDER BY plant_code").fetchall()
    assert plants == [(10, "New", "NUC", 905), (11, "Test Plant", "WAT", 100),
                      (12, "Test Plant", "WND", None)]


def test_a_file_replaces_each_year_it_holds_and_only_those(settings, db):
    run(settings, csv(row(YEAR="2022", GENID="old"), row(YEAR="2023", GENID="old")))
    result = run(settings, csv(row(YEAR="2023", GENID="new1"), row(YEAR="2021", GENID="new2")))
    assert result.counts.years == [2021, 2023]
    got = db.execute("SELECT year, generator_id FROM generators ORDER BY year").fetchall()
    assert got == [(2021, "new2"), (2022, "old"), (2023, "new1")]
    assert [y for y, _ in counts(db)["data_years"]] == [2021, 2022, 2023]


def test_readers_see_the_old_data_or_the_new_never_a_mix(settings, db, real_files):
    run(settings, csv(*[row(GENID=str(i)) for i in range(10)]))  # 10 generators in 2023
    seen: set[int] = set()
    done = threading.Event()

    def watch() -> None:
        from functions.store.db import connect

        with connect(settings.database_url, autocommit=True) as conn:
            while not done.is_set():
                seen.add(conn.execute("SELECT count(*) FROM generators WHERE year = 2023").fetchone()[0])

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        assert run_file(settings, SAMPLE).status == "succeeded"
    finally:
        done.set()
        watcher.join()
    assert seen <= {10, 26_601} and 10 in seen


class BrokenSource:
    """A stream that fails midway, as a dropped network download does."""

    def __init__(self, data: bytes, fail_after: int) -> None:
        self._data = io.BytesIO(data)
        self._fail_after = fail_after

    def read(self, n: int = -1) -> bytes:
        if self._data.tell() >= self._fail_after:
            raise ConnectionResetError("connection reset by peer")
        return self._data.read(min(n, 64 * 1024))


def test_a_failure_midway_is_recorded_raised_and_leaves_data_intact(settings, db):
    run_file(settings, SAMPLE)
    before = counts(db)
    with pytest.raises(ConnectionResetError):
        ingest(BrokenSource(SAMPLE.read_bytes(), 2_000_000), "broken.csv", origin="cli", settings=settings)
    assert counts(db) == before
    record = ingestions.recent(db, 1)[0]
    assert record["status"] == "failed"
    assert record["error"] == "internal error: ConnectionResetError: connection reset by peer"


def test_an_unreachable_database_is_raised_for_a_retry():
    import psycopg

    with pytest.raises(psycopg.OperationalError):
        run(Settings(DATABASE_URL="postgresql://nobody@127.0.0.1:9/none"), csv(row()))


def test_a_run_that_dies_midway_is_marked_failed(settings, db):
    """kill -9 the ingesting process while it loads; the next ingestion marks it failed."""
    env = {"DATABASE_URL": settings.database_url, "PATH": "/usr/bin:/bin"}
    process = subprocess.Popen([sys.executable, "-m", "functions", "ingest", "-"], env=env,
                               stdin=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert process.stdin is not None
        process.stdin.write((csv(*[row(GENID=str(i)) for i in range(20_000)])).encode())
        process.stdin.flush()  # the stream stays open: the load waits for more rows
        deadline = time.monotonic() + 60
        while not db.execute("SELECT 1 FROM ingestions WHERE status = 'running'").fetchone():
            assert time.monotonic() < deadline, "the ingestion never started"
            time.sleep(0.1)
    finally:
        process.kill()
        process.wait()
    time.sleep(0.5)  # the server notices the closed connection
    assert run(settings, csv(row())).status == "succeeded"
    dead = ingestions.recent(db, 2)[1]
    assert dead["status"] == "failed"
    assert dead["error"] == "interrupted: the ingesting process stopped before it finished"
