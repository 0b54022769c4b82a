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
    """A connection that runs `pause()` right after its first read of `plants`."""

    def __init__(self, conn, pause) -> None:
        self._conn, self._pause, self._paused = conn, pause, False

    def transaction(self):
        return self._conn.transaction()

    def execute(self, query, params=None):
        result = self._conn.execute(query, params)
        if not self._paused and "FROM plants" in str(query):
            self._paused = True
            self._pause()
        return result


def test_a_plant_and_its_generators_come_from_one_version(settings, db):
    """A load that commits between the plant's two reads must not mix old and new."""
    from functions.store.db import connect

    old = (CODES + "\n" + "\n".join(row(ORISPL="100", GENID=g) for g in "AB") + "\n").encode()
    new = (CODES + "\n" + "\n".join(row(ORISPL="100", GENID=g) for g in "XYZ") + "\n").encode()
    assert ingest(io.BytesIO(old), "old.csv", origin="cli", settings=settings).status == "succeeded"
    loader = threading.Thread(
        target=lambda: ingest(io.BytesIO(new), "new.csv", origin="cli", settings=settings))

    def load_meanwhile() -> None:
        """Run the new load until it has committed, or until it waits for this reader."""
        loader.start()
        deadline = time.monotonic() + 60
        while loader.is_alive() and time.monotonic() < deadline:
            waiting = db.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                 " AND query LIKE 'LOCK TABLE plants%'").fetchone()[0]
            if waiting:
                return
            time.sleep(0.05)
        assert not loader.is_alive(), "the load neither finished nor waited"

    with connect(settings.database_url, autocommit=True) as conn:
        got = queries.plant(_PausingConnection(conn, load_meanwhile), 100, 2023)
    loader.join(timeout=60)
    assert [g["generator_id"] for g in got["generator_list"]] == ["A", "B"]
    assert got["generators"] == 2
    assert queries.plant(db, 100, 2023)["generators"] == 3  # and the new data once it is done
