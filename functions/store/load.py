"""SQL for loading one file's generators, then deriving its plants, in one transaction.

The caller owns the transaction: everything here runs inside it, so a reader sees a
year's old data or its new data, never a mix, and a failure leaves the old data intact.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass

import numpy as np
import pandas as pd
import psycopg
import pyarrow as pa
import pyarrow.csv as pacsv

from functions.egrid.columns import COLUMNS, KEY_FIELDS

GENERATOR_FIELDS = [c.field for c in COLUMNS] + ["source_line", "ingestion_id"]
_COPY = f"COPY generators ({', '.join(GENERATOR_FIELDS)}) FROM STDIN (FORMAT csv)"
_CSV_OPTIONS = pacsv.WriteOptions(include_header=False)
# Values a generator is compared on to tell an exact duplicate from a changed repeat:
# all but its position in the file.
_VALUE_FIELDS = [c.field for c in COLUMNS if c.field not in ("seq", *KEY_FIELDS)]

# Serialise loads: two files for the same year must not interleave.
_LOCK = "SELECT pg_advisory_xact_lock(hashtext('egrid-ingest'))"


@dataclass
class Dedup:
    duplicate: int = 0  # exact duplicates dropped
    replaced: int = 0  # earlier rows of a repeated key with other values: the last one wins


class GeneratorLoad:
    """COPY cleaned generator batches in; then `finish()` dedupes and derives plants.

    A context manager: leaving it on an error aborts the COPY in progress, so that the
    caller's transaction can roll back.
    """

    def __init__(self, conn: psycopg.Connection, ingestion_id: int) -> None:
        self.conn = conn
        self.ingestion_id = ingestion_id
        self.years: set[int] = set()
        self.rows = 0
        self._key_hashes: list[np.ndarray] = []
        self._copy = ExitStack()
        self._copying: psycopg.Copy | None = None
        conn.execute(_LOCK)
        # Room to sort and hash a year of generators in memory rather than on disk.
        conn.execute("SET LOCAL work_mem = '64MB'")

    def __enter__(self) -> GeneratorLoad:
        return self

    def __exit__(self, *exc_info) -> None:
        self._copy.__exit__(*exc_info)
        self._copying = None

    def write(self, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        new_years = set(frame["year"].unique().tolist()) - self.years
        if new_years:
            self.end_copy()
            # The file replaces these years: their old rows go first (same transaction).
            self.conn.execute("DELETE FROM generators WHERE year = ANY(%s)", (sorted(new_years),))
            self.years |= new_years
        if self._copying is None:
            cur = self._copy.enter_context(self.conn.cursor())
            self._copying = self._copy.enter_context(cur.copy(_COPY))
        frame = frame.assign(ingestion_id=self.ingestion_id)[GENERATOR_FIELDS]
        sink = pa.BufferOutputStream()
        pacsv.write_csv(pa.Table.from_pandas(frame, preserve_index=False), sink, _CSV_OPTIONS)
        self._copying.write(sink.getvalue())
        self._key_hashes.append(
            pd.util.hash_pandas_object(frame[list(KEY_FIELDS)], index=False).to_numpy())
        self.rows += len(frame)

    def end_copy(self) -> None:
        """End the COPY in progress: the connection can run other statements again."""
        self._copy.close()
        self._copying = None

    def finish(self) -> Dedup:
        """Drop repeated generators (the last row wins), then rebuild the years' plants."""
        self.end_copy()
        dedup = Dedup()
        hashes = np.concatenate(self._key_hashes) if self._key_hashes else np.array([], np.uint64)
        self._key_hashes.clear()
        hashes.sort()  # in place: np.unique would copy the array twice over
        if (hashes[1:] == hashes[:-1]).any():  # some key came twice: rare, so SQL will do
            dedup = self._dedupe()
        # Fresh statistics for the rows just loaded: autovacuum may have sampled them while
        # uncommitted (as 0 rows), and the plants query then chose a nested loop that ran
        # for many minutes holding the ingest lock.
        self.conn.execute("ANALYZE generators")
        years = sorted(self.years)
        for statement in (_DELETE_DERIVED, _INSERT_PLANTS, _INSERT_STATE_TOTALS, _UPSERT_DATA_YEARS):
            self.conn.execute(statement, {"years": years, "id": self.ingestion_id})
        return dedup

    def _dedupe(self) -> Dedup:
        params = {"id": self.ingestion_id}
        values = ", ".join(_VALUE_FIELDS)
        duplicate, replaced = self.conn.execute(
            f"""
            SELECT coalesce(sum(n - d), 0), coalesce(sum(d - 1), 0) FROM (
                SELECT count(*) AS n, count(DISTINCT ROW({values})) AS d
                FROM generators WHERE ingestion_id = %(id)s
                GROUP BY year, plant_code, generator_id HAVING count(*) > 1) repeated
            """,
            params,
        ).fetchone()
        self.conn.execute(
            """
            DELETE FROM generators g USING generators later
            WHERE g.ingestion_id = %(id)s AND later.ingestion_id = %(id)s
              AND (g.year, g.plant_code, g.generator_id)
                = (later.year, later.plant_code, later.generator_id)
              AND g.source_line < later.source_line
            """,
            params,
        )
        return Dedup(duplicate=int(duplicate), replaced=int(replaced))


_DELETE_DERIVED = """
    WITH p AS (DELETE FROM plants WHERE year = ANY(%(years)s))
    DELETE FROM state_totals WHERE year = ANY(%(years)s)
"""

# A plant is its plant code (ORISPL) in a year. Name, state and primary fuel come from
# its largest-generating generator (then the largest by capacity, then by generator id).
_INSERT_PLANTS = """
    INSERT INTO plants (year, plant_code, name, state, generators, capacity_mw,
                        net_generation_mwh, primary_fuel, ingestion_id)
    SELECT a.year, a.plant_code, t.plant_name, t.state, a.generators, a.capacity_mw,
           a.net_generation_mwh, t.fuel, %(id)s
    FROM (SELECT year, plant_code, count(*) AS generators, sum(capacity_mw) AS capacity_mw,
                 sum(net_generation_mwh) AS net_generation_mwh
          FROM generators WHERE year = ANY(%(years)s)
          GROUP BY year, plant_code) a
    JOIN (SELECT DISTINCT ON (year, plant_code) year, plant_code, plant_name, state, fuel
          FROM generators WHERE year = ANY(%(years)s)
          ORDER BY year, plant_code, net_generation_mwh DESC NULLS LAST,
                   capacity_mw DESC NULLS LAST, generator_id) t
      USING (year, plant_code)
"""

_INSERT_STATE_TOTALS = """
    INSERT INTO state_totals (year, state, plants, generators, capacity_mw, net_generation_mwh)
    SELECT year, state, count(*), sum(generators), sum(capacity_mw), sum(net_generation_mwh)
    FROM plants WHERE year = ANY(%(years)s)
    GROUP BY year, state
"""

_UPSERT_DATA_YEARS = """
    INSERT INTO data_years (year, ingestion_id, generators, plants, net_generation_mwh)
    SELECT year, %(id)s, sum(generators), count(*), sum(net_generation_mwh)
    FROM plants WHERE year = ANY(%(years)s)
    GROUP BY year
    ON CONFLICT (year) DO UPDATE SET ingestion_id = excluded.ingestion_id,
        loaded_at = now(), generators = excluded.generators, plants = excluded.plants,
        net_generation_mwh = excluded.net_generation_mwh
"""
