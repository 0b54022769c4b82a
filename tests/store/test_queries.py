"""Top-N queries on the real GEN23: answers, ordering, and that an index serves them."""

from __future__ import annotations

import io
import json
import threading
import time

import pytest

from functions.ingest.pipeline import ingest
from functions.store import queries
from functions.store.queries import _TOP, _TOP_IN_STATE
from tests.conftest import SAMPLE
from tests.egrid.helpers import CODES, row

pytestmark = pytest.mark.integration


@pytest.fixture
def loaded(settings, db):
    with SAMPLE.open("rb") as f:
        assert ingest(f, "GEN23.csv", origin="cli", settings=settings).status == "succeeded"
    return db


def test_national_top_three(loaded):
    answer = queries.top_plants(loaded, n=3)
    assert (answer["year"], answer["state"], answer["n"], answer["total_plants"]) == (2023, None, 3, 12_611)
    got = [(p["rank"], p["plant_code"], p["name"], p["state"], round(p["net_generation_mwh"]))
           for p in answer["plants"]]
    assert got == [(1, 6008, "Palo Verde", "AZ", 31_522_590), (2, 46, "Browns Ferry", "AL", 30_820_510),
                   (3, 649, "Vogtle", "GA", 23_036_612)]
    palo_verde = answer["plants"][0]
    assert (palo_verde["generators"], palo_verde["primary_fuel"]) == (3, "NUC")
    assert palo_verde["capacity_mw"] == pytest.approx(4_209.6)


def test_top_in_a_state_is_case_insensitive(loaded):
    answer = queries.top_plants(loaded, n=5, state="tx")
    assert answer["state"] == "TX" and answer["total_plants"] == 824
    assert answer["plants"][0]["name"] == "South Texas Project"
    assert answer["plants"][0]["net_generation_mwh"] == pytest.approx(21_787_144, abs=1)
    values = [p["net_generation_mwh"] for p in answer["plants"]]
    assert values == sorted(values, reverse=True) and len(values) == 5
    json.dumps(answer)  # JSON-ready: no Decimal


@pytest.mark.parametrize("kwargs, error, message", [
    ({"state": "ZZ"}, ValueError, "unknown state code 'ZZ'"),
    ({"n": 0}, ValueError, "n must be between 1 and 1000"),
    ({"n": 1001}, ValueError, "n must be between 1 and 1000"),
    ({"year": 1900}, queries.NotFound, "no data for year 1900"),
    ({"year": 1900, "state": "TX"}, queries.NotFound, "no data for year 1900"),
])
def test_bad_questions(loaded, kwargs, error, message):
    with pytest.raises(error) as raised:
        queries.top_plants(loaded, **kwargs)
    assert str(raised.value) == message


def test_nothing_ingested_yet_is_an_empty_answer(db):
    assert queries.top_plants(db, n=10) == {"year": None, "state": None, "n": 10, "total_plants": 0,
                                            "plants": []}


def test_ties_by_plant_code_and_unreported_last(settings, db):
    rows = [row(ORISPL="30", GENID="a", GENNTAN=""), row(ORISPL="20", GENID="a", GENNTAN="5"),
            row(ORISPL="10", GENID="a", GENNTAN="5"), row(ORISPL="40", GENID="a", GENNTAN="-1")]
    import io

    data = (CODES + "\n" + "\n".join(rows) + "\n").encode()
    assert ingest(io.BytesIO(data), "t.csv", origin="cli", settings=settings).status == "succeeded"
    order = [p["plant_code"] for p in queries.top_plants(db, n=10)["plants"]]
    assert order == [10, 20, 40, 30]


@pytest.mark.parametrize("sql, params, index", [
    (_TOP, {"year": 2023, "n": 10}, "plants_y2023_top"),
    (_TOP_IN_STATE, {"year": 2023, "state": "TX", "n": 10}, "plants_y2023_top_state"),
])
def test_top_n_reads_n_index_entries(loaded, sql, params, index):
    """One partition (the year's), one of its indexes, N entries."""
    loaded.execute("ANALYZE plants")
    plan = loaded.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params).fetchone()[0][0]["Plan"]
    assert plan["Node Type"] == "Limit"
    scan = plan["Plans"][0]
    assert scan["Node Type"] == "Index Scan" and scan["Index Name"] == index
    assert scan["Actual Rows"] == 10  # stopped after N entries: no sort, no full scan


class _PausingConnection:
    """A connection that runs `pause()` right after its first SELECT."""

    def __init__(self, conn, pause) -> None:
        self._conn, self._pause, self._paused = conn, pause, False
        self.info = conn.info

    def transaction(self):
        return self._conn.transaction()

    def execute(self, query, params=None):
        result = self._conn.execute(query, params)
        if not self._paused and str(query).lstrip().upper().startswith("SELECT"):
            self._paused = True
            self._pause()
        return result


def _file(*rows: str) -> bytes:
    return (CODES + "\n" + "\n".join(rows) + "\n").encode()


@pytest.mark.parametrize("question, old_answer", [
    (lambda conn: queries.plant(conn, 100), lambda a: (a["generators"], [
        g["generator_id"] for g in a["generator_list"]]) == (2, ["A", "B"])),
    (lambda conn: queries.top_plants(conn, n=10), lambda a: (a["total_plants"], [
        p["plant_code"] for p in a["plants"]]) == (2, [101, 100])),
], ids=["plant", "top"])
def test_a_question_is_answered_from_one_version_of_the_data(settings, db, question, old_answer):
    """A load that commits between a question's reads must not mix old and new, nor show
    the old snapshot of a partition swapped in since (which would look empty)."""
    from functions.store.db import connect

    old = _file(row(ORISPL="100", GENID="A"), row(ORISPL="100", GENID="B"),
                row(ORISPL="101", GENID="A", GENNTAN="5000"))
    new = _file(*(row(ORISPL=str(code), GENID=g) for code in (100, 102, 103) for g in "XYZ"))
    assert ingest(io.BytesIO(old), "old.csv", origin="cli", settings=settings).status == "succeeded"
    loader = threading.Thread(
        target=lambda: ingest(io.BytesIO(new), "new.csv", origin="cli", settings=settings))

    def load_meanwhile() -> None:
        """Run the new load until it has committed, or until it waits for this reader."""
        loader.start()
        deadline = time.monotonic() + 60
        while loader.is_alive() and time.monotonic() < deadline:
            waiting = db.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                 " AND query LIKE 'LOCK TABLE plants, generators IN ACCESS EXCLUSIVE%'").fetchone()[0]
            if waiting:
                return
            time.sleep(0.05)
        assert not loader.is_alive(), "the load neither finished nor waited"

    with connect(settings.database_url, autocommit=True) as conn:
        answer = question(_PausingConnection(conn, load_meanwhile))
    loader.join(timeout=60)
    assert old_answer(answer), answer
    after = question(db)  # and the new data once the load is done
    assert not old_answer(after) and after != answer
