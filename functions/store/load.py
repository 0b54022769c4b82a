"""SQL for loading one file's generators, then deriving its plants, in one transaction.

Each year the file holds gets new partitions of `generators` and `plants`, built
unindexed (COPY, then one INSERT ... SELECT), indexed in one sorted pass each, and at the
end swapped for the year's old partitions. Building indexes after the rows is several
times cheaper than maintaining them row by row (measured in `make bench-ingest`).

The caller owns the transaction: everything here runs inside it, so a reader sees a
year's old data or its new data, never a mix, and a failure leaves the old data intact.
Readers are only held up by the swap itself, at the very end.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from queue import Queue

import psycopg
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from psycopg import sql
from psycopg.copy import QueuedLibpqWriter

from functions.egrid.columns import COLUMNS

GENERATOR_FIELDS = [c.field for c in COLUMNS] + ["source_line", "ingestion_id"]
# Only text that needs quotes is quoted: less to write and for the server to parse.
_CSV_OPTIONS = pacsv.WriteOptions(include_header=False, quoting_style="needed")
# Values a generator is compared on to tell an exact duplicate from a changed repeat:
# all but its position in the file.
_VALUE_FIELDS = [c.field for c in COLUMNS if c.field not in ("seq", "year", "plant_code", "generator_id")]

# Serialise loads: two files for the same year must not interleave.
_LOCK = "SELECT pg_advisory_xact_lock(hashtext('egrid-ingest'))"


@dataclass
class Dedup:
    duplicate: int = 0  # exact duplicates dropped
    replaced: int = 0  # earlier rows of a repeated key with other values: the last one wins


def _staged(table: str, ingestion_id: int, year: int | None = None, suffix: str = "") -> sql.Identifier:
    """Name of a load's staging table or index: `load_57_generators`,
    `load_57_generators_2023`, `load_57_plants_2023_top`."""
    year_part = f"_{year}" if year is not None else ""
    return sql.Identifier(f"load_{ingestion_id}_{table}{year_part}{suffix}")


# The indexes of each year's partitions, by name suffix; the parent tables declare the same.
_INDEXES = {
    "generators": {"_pkey": "PRIMARY KEY (year, plant_code, generator_id)"},
    "plants": {
        "_pkey": "PRIMARY KEY (year, plant_code)",
        "_top": "(year, net_generation_mwh DESC NULLS LAST, plant_code)",
        "_top_state": "(year, state, net_generation_mwh DESC NULLS LAST, plant_code)",
    },
}


class _QueuedWriter(QueuedLibpqWriter):
    """psycopg's queued COPY writer, with room for 8 MB of pending data instead of 128 MB:
    once the server falls behind, cleaning waits, and memory stays bounded."""

    def __init__(self, cursor: psycopg.Cursor) -> None:
        super().__init__(cursor)
        self._queue = Queue(maxsize=64)  # of chunks of at most 128 KiB (psycopg 3.3)


class GeneratorLoad:
    """COPY cleaned generator batches in; then `finish()` dedupes, derives plants and swaps
    the new partitions in.

    A context manager: leaving it on an error aborts the COPY in progress, so that the
    caller's transaction can roll back (which drops the staging tables too).
    """

    def __init__(self, conn: psycopg.Connection, ingestion_id: int) -> None:
        self.conn = conn
        self.ingestion_id = ingestion_id
        self.years: set[int] = set()
        self.rows = 0
        self._copy = ExitStack()
        self._copying: psycopg.Copy | None = None
        # Seconds spent in each step of finish(), for the log and `make bench-ingest`.
        self.phases: dict[str, float] = {}
        conn.execute(_LOCK)
        # Room to sort and hash a year of generators in memory rather than on disk.
        conn.execute("SET LOCAL work_mem = '128MB'")
        conn.execute("SET LOCAL maintenance_work_mem = '256MB'")
        # COPY goes into a partitioned staging table that routes each row to its year.
        conn.execute(sql.SQL("CREATE TABLE {} (LIKE generators) PARTITION BY LIST (year)")
                     .format(_staged("generators", ingestion_id)))

    def __enter__(self) -> GeneratorLoad:
        return self

    def __exit__(self, *exc_info) -> None:
        self._copy.__exit__(*exc_info)
        self._copying = None

    def write(self, table: pa.Table) -> None:
        """COPY a batch of cleaned rows (`GENERATOR_FIELDS` but `ingestion_id`)."""
        if not table.num_rows:
            return
        new_years = set(pc.unique(table["year"]).to_pylist()) - self.years
        if new_years:
            self.end_copy()
            for year in sorted(new_years):
                # The CHECK outlives the staging parent: attaching the partition to
                # `generators` later needs no scan to prove it holds.
                self.conn.execute(sql.SQL(
                    "CREATE TABLE {} PARTITION OF {} (CONSTRAINT year_check CHECK (year = {}))"
                    " FOR VALUES IN ({})").format(
                        _staged("generators", self.ingestion_id, year),
                        _staged("generators", self.ingestion_id), year, year))
            self.years |= new_years
        if self._copying is None:
            cur = self._copy.enter_context(self.conn.cursor())
            copy = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv)").format(
                _staged("generators", self.ingestion_id),
                sql.SQL(", ").join(map(sql.Identifier, GENERATOR_FIELDS)))
            # A worker thread sends the data: the server parses one batch while this
            # thread cleans the next.
            self._copying = self._copy.enter_context(cur.copy(copy, writer=_QueuedWriter(cur)))
        table = table.append_column("ingestion_id", pa.repeat(pa.scalar(self.ingestion_id), table.num_rows))
        sink = pa.BufferOutputStream()
        pacsv.write_csv(table.select(GENERATOR_FIELDS), sink, _CSV_OPTIONS)
        self._copying.write(sink.getvalue())
        self.rows += table.num_rows

    def end_copy(self) -> None:
        """End the COPY in progress: the connection can run other statements again."""
        self._copy.close()
        self._copying = None

    def finish(self) -> Dedup:
        """Per year: drop repeated generators (the last row wins), index, derive the
        plants and their summaries; then swap the new partitions in for the old ones."""
        self.end_copy()
        dedup = Dedup()
        years = sorted(self.years)
        for year in years:
            staged = _staged("generators", self.ingestion_id, year)
            plants = _staged("plants", self.ingestion_id, year)
            with self._phase("generators key"):
                self._execute("ALTER TABLE {} DETACH PARTITION {}",
                              _staged("generators", self.ingestion_id), staged)
                found = self._index_generators(year)
                dedup.duplicate += found.duplicate
                dedup.replaced += found.replaced
            # No ANALYZE: the plants query below reads the one table once, whatever the
            # statistics, and autovacuum analyzes the new partitions after the commit.
            with self._phase("plants"):
                self._execute("CREATE TABLE {} (LIKE plants, CONSTRAINT year_check CHECK (year = {}))",
                              plants, year)
                self._execute(_INSERT_PLANTS, plants, staged, id=self.ingestion_id)
            with self._phase("plants indexes"):
                self._index("plants", year)
            # Summaries before the swap (other tables: readers keep seeing the old rows).
            with self._phase("summaries"):
                self.conn.execute("DELETE FROM state_totals WHERE year = %s", (year,))
                self._execute(_INSERT_STATE_TOTALS, plants)
                self.conn.execute(_UPSERT_DATA_YEARS, {"year": year, "id": self.ingestion_id})
        with self._phase("swap"):
            self._execute("DROP TABLE {}", _staged("generators", self.ingestion_id))
            # From here to the commit, readers of generators and plants wait
            # (milliseconds: renames and catalog changes, no data is touched).
            self.conn.execute("LOCK TABLE plants, generators IN ACCESS EXCLUSIVE MODE")
            for year in years:
                for table in ("generators", "plants"):
                    self._swap(table, year)
        return dedup

    @contextmanager
    def _phase(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.phases[name] = self.phases.get(name, 0.0) + time.perf_counter() - start

    def _execute(self, statement: str, *parts: sql.Composable | int, **params) -> None:
        """Run `statement` with its `{}` filled by `parts` (names; a year becomes a literal)."""
        self.conn.execute(sql.SQL(statement).format(*parts), params or None)

    def _index(self, table: str, year: int) -> None:
        """Build the indexes of a staged partition, each in one sorted pass."""
        staged = _staged(table, self.ingestion_id, year)
        for suffix, definition in _INDEXES[table].items():
            name = _staged(table, self.ingestion_id, year, suffix)
            if definition.startswith("PRIMARY KEY"):
                self._execute("ALTER TABLE {} ADD CONSTRAINT {} " + definition, staged, name)
            else:
                self._execute("CREATE INDEX {} ON {} " + definition, name, staged)

    def _index_generators(self, year: int) -> Dedup:
        """Add the primary key; if a key repeats, dedupe first (rare, so SQL will do)."""
        try:
            with self.conn.transaction():  # a savepoint: a failed attempt is undone alone
                self._index("generators", year)
            return Dedup()
        except psycopg.errors.UniqueViolation:
            pass
        dedup = self._dedupe(_staged("generators", self.ingestion_id, year))
        self._index("generators", year)
        return dedup

    def _dedupe(self, staged: sql.Identifier) -> Dedup:
        values = sql.SQL(", ").join(map(sql.Identifier, _VALUE_FIELDS))
        duplicate, replaced = self.conn.execute(sql.SQL(
            """
            SELECT coalesce(sum(n - d), 0), coalesce(sum(d - 1), 0) FROM (
                SELECT count(*) AS n, count(DISTINCT ROW({})) AS d
                FROM {} GROUP BY plant_code, generator_id HAVING count(*) > 1) repeated
            """).format(values, staged)).fetchone()
        self._execute(
            """
            DELETE FROM {0} g USING {0} later
            WHERE (g.plant_code, g.generator_id) = (later.plant_code, later.generator_id)
              AND g.source_line < later.source_line
            """, staged)
        return Dedup(duplicate=int(duplicate), replaced=int(replaced))

    def _swap(self, table: str, year: int) -> None:
        """Put the staged partition of `table` for `year` where the old one was, under the
        old one's names (`plants_y2023`, `plants_y2023_top`, ...)."""
        final = f"{table}_y{year}"
        self._execute("DROP TABLE IF EXISTS {}", sql.Identifier(final))
        self._execute("ALTER TABLE {} RENAME TO {}", _staged(table, self.ingestion_id, year),
                      sql.Identifier(final))
        for suffix in _INDEXES[table]:
            self._execute("ALTER INDEX {} RENAME TO {}", _staged(table, self.ingestion_id, year, suffix),
                          sql.Identifier(final + suffix))
        self._execute("ALTER TABLE {} ATTACH PARTITION {} FOR VALUES IN ({})",
                      sql.Identifier(table), sql.Identifier(final), year)


# A plant is its plant code (ORISPL) in a year. Name, state and primary fuel come from
# its largest-generating generator (then the largest by capacity, then by generator id):
# one sort of the year's generators gives both that row and the sums.
_INSERT_PLANTS = """
    INSERT INTO {} (year, plant_code, name, state, generators, capacity_mw,
                    net_generation_mwh, primary_fuel, ingestion_id)
    SELECT DISTINCT ON (g.plant_code) g.year, g.plant_code, g.plant_name, g.state,
           count(*) OVER plant, sum(g.capacity_mw) OVER plant,
           sum(g.net_generation_mwh) OVER plant, g.fuel, %(id)s
    FROM {} g
    WINDOW plant AS (PARTITION BY g.plant_code)
    ORDER BY g.plant_code, g.net_generation_mwh DESC NULLS LAST, g.capacity_mw DESC NULLS LAST,
             g.generator_id
"""

_INSERT_STATE_TOTALS = """
    INSERT INTO state_totals (year, state, plants, generators, capacity_mw, net_generation_mwh)
    SELECT year, state, count(*), sum(generators), sum(capacity_mw), sum(net_generation_mwh::numeric)
    FROM {}
    GROUP BY year, state
"""

_UPSERT_DATA_YEARS = """
    INSERT INTO data_years (year, ingestion_id, generators, plants, net_generation_mwh)
    SELECT year, %(id)s, sum(generators), sum(plants), sum(net_generation_mwh)
    FROM state_totals WHERE year = %(year)s  -- 52-odd rows a year, not every plant
    GROUP BY year
    ON CONFLICT (year) DO UPDATE SET ingestion_id = excluded.ingestion_id,
        loaded_at = now(), generators = excluded.generators, plants = excluded.plants,
        net_generation_mwh = excluded.net_generation_mwh
"""
