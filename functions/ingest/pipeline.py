"""Ingest one file: read -> clean -> load, with its ingestion record kept true throughout.

The one ingest function every trigger calls: the Azure blob trigger, the local trigger
loop, the CLI and (through the blob container) the API's uploads.

Outcomes: `succeeded`; `unchanged` (the same bytes are already the loaded data);
`failed` with a one-line reason for a bad file (nothing stored changes). Anything else
(the database unreachable, a bug) is recorded as failed when possible and re-raised, so
a host can retry.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field
from typing import BinaryIO

from functions.egrid.clean import clean
from functions.egrid.errors import BadFile
from functions.egrid.reader import open_egrid_csv
from functions.errors import describe
from functions.settings import Settings, get_settings
from functions.store import ingestions
from functions.store.db import connect
from functions.store.ingestions import MAX_SAMPLE_REJECTS, Counts
from functions.store.load import GeneratorLoad
from functions.store.migrate import ensure_migrated

log = logging.getLogger(__name__)
PROGRESS_SECONDS = 2.0  # how often a long load writes rows_read to its record


@dataclass
class IngestResult:
    ingestion_id: int
    status: str
    counts: Counts
    sha256: str | None
    error: str | None = None
    phases: dict[str, float] = field(default_factory=dict)  # seconds per step of the load


class HashingStream:
    """Counts and hashes the bytes read through it (the whole file, whatever is parsed)."""

    def __init__(self, source: BinaryIO) -> None:
        self._source = source
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        data = self._source.read(n)
        self.sha256.update(data)
        self.size += len(data)
        return data

    def drain(self) -> None:
        while self.read(1 << 20):
            pass


class _Unchanged(Exception):
    """Raised inside the load transaction to roll it back: the data is already current."""


def _load(conn, ingestion_id: int, stream: HashingStream, counts: Counts, max_reject_ratio: float,
          on_progress, phases: dict[str, float]) -> None:
    reader = open_egrid_csv(stream)
    start = time.perf_counter()
    with GeneratorLoad(conn, ingestion_id) as load:
        rejects: list[dict] = []
        for raw in reader.batches:
            batch = clean(raw)
            counts.rows_blank += batch.blank
            counts.rows_read += len(raw.lines) - batch.blank
            counts.rows_rejected += batch.rejected
            if len(rejects) < MAX_SAMPLE_REJECTS:
                rejects += batch.rejects
            load.write(batch.table)
            on_progress(counts.rows_read)
        load.end_copy()
        phases["read, clean and COPY"] = time.perf_counter() - start
        # Rows the parser could not split into columns are rejects too.
        counts.rows_read += len(reader.malformed)
        counts.rows_rejected += len(reader.malformed)
        counts.rows_blank += len(reader.blank)
        rejects += [{"line": line, "reason": reason} for line, reason in reader.malformed]
        counts.rejects = [{"line": int(r["line"]), "reason": str(r["reason"])}
                          for r in sorted(rejects, key=lambda r: r["line"])[:MAX_SAMPLE_REJECTS]]
        if counts.rows_read == 0:
            raise BadFile("no data rows: the file has a header but no generator rows")
        share = counts.rows_rejected / counts.rows_read
        if share > max_reject_ratio:
            first = counts.rejects[0]
            raise BadFile(
                f"{counts.rows_rejected:,} of {counts.rows_read:,} rows rejected ({share:.1%}), over the"
                f" {max_reject_ratio:.1%} limit; first: line {first['line']}: {first['reason']}"
            )
        counts.years = sorted(int(y) for y in load.years)
        stream.drain()  # trailing bytes after the last row still belong to the file's hash
        if ingestions.current_ingestion_with_hash(conn, stream.sha256.hexdigest()) is not None:
            raise _Unchanged
        try:
            dedup = load.finish()
        finally:
            phases.update(load.phases)
        counts.rows_duplicate, counts.rows_replaced = dedup.duplicate, dedup.replaced
        counts.rows_loaded = load.rows - dedup.duplicate - dedup.replaced


def ingest(source: BinaryIO, name: str, *, origin: str, etag: str | None = None,
           size: int | None = None, settings: Settings | None = None,
           queued_id: int | None = None) -> IngestResult:
    """Load the eGRID generator CSV read from `source`, recording the attempt.

    `name` is what the record shows (the blob name, or the path for the CLI); `origin`
    says which trigger called (blob-trigger, local-trigger, cli). `queued_id` is the
    record an API upload queued for this blob, used if still queued.
    """
    settings = settings or get_settings()
    url = settings.require_database()
    ensure_migrated(url)
    stream = HashingStream(source)
    counts = Counts()
    phases: dict[str, float] = {}
    with connect(url, autocommit=True) as records, connect(url) as conn:
        ingestions.fail_orphans(records)
        if queued_id is not None and ingestions.claim_queued(records, queued_id, name):
            ingestion_id = queued_id
            ingestions.set_etag(records, ingestion_id, etag)
        else:
            ingestion_id = ingestions.create(records, blob_name=name, source=origin, etag=etag,
                                             size_bytes=size)
        ingestions.start(records, ingestion_id, backend_pid=conn.info.backend_pid)
        log.info("ingestion %s: %s (%s) started", ingestion_id, name, origin)
        last = time.monotonic()

        def on_progress(rows_read: int) -> None:
            nonlocal last
            if time.monotonic() - last >= PROGRESS_SECONDS:
                ingestions.progress(records, ingestion_id, rows_read)
                log.info("ingestion %s: %s rows read", ingestion_id, f"{rows_read:,}")
                last = time.monotonic()

        def finish(status: str, error: str | None = None, retryable: bool = False) -> IngestResult:
            sha = stream.sha256.hexdigest() if stream.size or status != "failed" else None
            ingestions.finish(records, ingestion_id, status, counts, sha256=sha,
                              size_bytes=stream.size, error=error, retryable=retryable)
            steps = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in phases.items())
            log.info("ingestion %s: %s %s%s", ingestion_id, status, error or
                     f"({counts.rows_loaded:,} loaded, {counts.rows_rejected:,} rejected)",
                     f"; {steps}" if steps else "")
            return IngestResult(ingestion_id, status, counts, sha, error, phases)

        try:
            with conn.transaction():
                _load(conn, ingestion_id, stream, counts, settings.max_reject_ratio, on_progress,
                      phases)
        except _Unchanged:
            counts.rows_loaded = 0
            return finish("unchanged")
        except BadFile as problem:
            stream.drain()
            return finish("failed", str(problem))
        except BaseException as error:
            try:
                message = f"internal error: {describe(error)}"
                finish("failed", message, retryable=True)
            except Exception:  # noqa: BLE001 - the database may be the problem; orphan sweep later
                log.warning("ingestion %s: could not record the failure", ingestion_id)
            raise
        return finish("succeeded")
