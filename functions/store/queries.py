"""SQL for reading plants: the one query module behind the CLI's `top` and the API."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.pq import TransactionStatus

from functions.egrid.columns import STATE_NAMES


class NotFound(LookupError):
    """What was asked for does not exist (e.g. a year with no data)."""


def normalise_state(state: str | None) -> str | None:
    """Upper-case a state code; ValueError naming it when eGRID has no such state."""
    if state is None or not state.strip():
        return None
    code = state.strip().upper()
    if code not in STATE_NAMES:
        raise ValueError(f"unknown state code '{state}'")
    return code


@contextmanager
def one_version(conn: psycopg.Connection) -> Iterator[None]:
    """Run a question's several reads against one version of the data.

    A load swaps whole partitions of `plants` and `generators` (functions.store.load).
    Share-locking them before the first read takes its snapshot means a load has either
    committed before (its data is seen) or waits until the reads are done: never the old
    year-count with the new plants, nor an old snapshot of a newly swapped (to it, empty)
    partition. Inside a transaction of the caller's, the caller decides.
    """
    if conn.info.transaction_status != TransactionStatus.IDLE:
        yield
        return
    with conn.transaction():
        # One round trip for both (no parameters: the simple protocol takes two statements).
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ;"
                     " LOCK TABLE plants, generators IN ACCESS SHARE MODE")
        yield


def _require_year(conn: psycopg.Connection, year: int) -> None:
    if not conn.execute("SELECT 1 FROM data_years WHERE year = %s", (year,)).fetchone():
        raise NotFound(f"no data for year {year}")


def years(conn: psycopg.Connection) -> list[int]:
    return [r[0] for r in conn.execute("SELECT year FROM data_years ORDER BY year DESC")]


def latest_year(conn: psycopg.Connection) -> int | None:
    return conn.execute("SELECT max(year) FROM data_years").fetchone()[0]


# Two statements, so each matches its index exactly (plants_top / plants_top_state):
# the scan stops after N entries. Plants that reported no generation sort last.
_TOP = """
    SELECT plant_code, name, state, net_generation_mwh, capacity_mw, generators, primary_fuel
    FROM plants WHERE year = %(year)s
    ORDER BY net_generation_mwh DESC NULLS LAST, plant_code LIMIT %(n)s
"""
_TOP_IN_STATE = """
    SELECT plant_code, name, state, net_generation_mwh, capacity_mw, generators, primary_fuel
    FROM plants WHERE year = %(year)s AND state = %(state)s
    ORDER BY net_generation_mwh DESC NULLS LAST, plant_code LIMIT %(n)s
"""
_FIELDS = ("plant_code", "name", "state", "net_generation_mwh", "capacity_mw", "generators",
           "primary_fuel")


def top_plants(conn: psycopg.Connection, *, n: int = 10, year: int | None = None,
               state: str | None = None) -> dict[str, Any]:
    """The top `n` plants by annual net generation for a year (default: the latest),
    optionally in one state: `{"year", "state", "n", "total_plants", "plants": [...]}`.

    Raises ValueError for a bad n or state, NotFound for a year with no data. With
    nothing ingested yet the answer is an empty list.
    """
    if not 1 <= n <= 1000:
        raise ValueError("n must be between 1 and 1000")
    state = normalise_state(state)
    with one_version(conn):
        return _top_plants(conn, n, year, state)


def _top_plants(conn: psycopg.Connection, n: int, year: int | None, state: str | None) -> dict[str, Any]:
    empty = {"year": year, "state": state, "n": n, "total_plants": 0, "plants": []}
    if year is None:
        year = latest_year(conn)
        if year is None:
            return empty
    if state is None:
        total = conn.execute("SELECT plants FROM data_years WHERE year = %s", (year,)).fetchone()
        if total is None:
            raise NotFound(f"no data for year {year}")
    else:
        _require_year(conn, year)
        total = conn.execute("SELECT plants FROM state_totals WHERE year = %s AND state = %s",
                             (year, state)).fetchone()
    rows = conn.execute(_TOP_IN_STATE if state else _TOP,
                        {"year": year, "state": state, "n": n}).fetchall()
    plants = [{"rank": rank, **dict(zip(_FIELDS, row, strict=True))}
              for rank, row in enumerate(rows, start=1)]
    return {"year": year, "state": state, "n": n, "total_plants": total[0] if total else 0,
            "plants": plants}


def data_version(conn: psycopg.Connection) -> str:
    """Changes whenever a load commits: the ingestion ids holding each year."""
    row = conn.execute("SELECT coalesce(string_agg(year || ':' || ingestion_id, ',' ORDER BY year), '')"
                       " FROM data_years").fetchone()
    return row[0]


def states(conn: psycopg.Connection, year: int | None = None) -> dict[str, Any]:
    """Each state with data in `year` (default: the latest): code, name, plants, total MWh."""
    if year is None:
        year = latest_year(conn)
        if year is None:
            return {"year": None, "states": []}
    else:
        _require_year(conn, year)
    rows = conn.execute("SELECT state, plants, net_generation_mwh FROM state_totals"
                        " WHERE year = %s ORDER BY state", (year,)).fetchall()
    return {"year": year, "states": [
        {"code": code, "name": STATE_NAMES.get(code, code), "plants": plants,
         "net_generation_mwh": mwh} for code, plants, mwh in rows]}


_GENERATOR_FIELDS = ("generator_id", "status", "prime_mover", "fuel", "capacity_mw",
                     "capacity_factor", "net_generation_mwh", "ozone_net_generation_mwh",
                     "year_online", "year_retired")


def plant(conn: psycopg.Connection, plant_code: int, year: int | None = None) -> dict[str, Any]:
    """One plant in a year (default: the latest) with its generators; NotFound if absent."""
    with one_version(conn):
        return _plant(conn, plant_code, year)


def _plant(conn: psycopg.Connection, plant_code: int, year: int | None) -> dict[str, Any]:
    if year is None:
        year = latest_year(conn)
    row = conn.execute(
        "SELECT year, plant_code, name, state, generators, capacity_mw, net_generation_mwh,"
        " primary_fuel FROM plants WHERE year = %s AND plant_code = %s", (year, plant_code),
    ).fetchone()
    if row is None:
        raise NotFound(f"no plant {plant_code} in {year}" if year else f"no plant {plant_code}")
    keys = ("year", "plant_code", "name", "state", "generators", "capacity_mw",
            "net_generation_mwh", "primary_fuel")
    generators = conn.execute(
        f"SELECT {', '.join(_GENERATOR_FIELDS)} FROM generators"
        " WHERE year = %s AND plant_code = %s ORDER BY generator_id", (year, plant_code)).fetchall()
    return {**dict(zip(keys, row, strict=True)),
            "generator_list": [dict(zip(_GENERATOR_FIELDS, g, strict=True)) for g in generators]}
