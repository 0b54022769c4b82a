"""Child process for `bench.ingest`: ingest one file, print its timing and peak RSS as JSON.

Run in its own process so that its peak RSS is the pipeline's alone.
Usage: python -m bench._run_one FILE DATABASE_URL [--replace]
`--replace` feeds one extra trailing newline, so the bytes (and hash) differ from the
copy already loaded and the load is a real replace, not 'unchanged'.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from typing import BinaryIO

from functions.ingest.pipeline import ingest
from functions.settings import Settings
from functions.store.migrate import ensure_migrated


class _Appended:
    """`source`, then `tail`: the same rows, different bytes."""

    def __init__(self, source: BinaryIO, tail: bytes) -> None:
        self._source, self._tail = source, tail

    def read(self, n: int = -1) -> bytes:
        data = self._source.read(n)
        if not data:
            data, self._tail = self._tail, b""
        return data


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main(path: str, url: str, replace: bool) -> None:
    settings = Settings(database_url=url)
    ensure_migrated(url)  # once per process: a warm host has done it; not timed
    rss_before = _rss_mb()
    with open(path, "rb") as raw:
        source: BinaryIO = _Appended(raw, b"\n") if replace else raw  # type: ignore[assignment]
        start = time.perf_counter()
        result = ingest(source, path, origin="cli", settings=settings)
        seconds = time.perf_counter() - start
    print(json.dumps({
        "seconds": seconds, "status": result.status, "error": result.error,
        "rows_read": result.counts.rows_read, "rows_loaded": result.counts.rows_loaded,
        "peak_rss_mb": _rss_mb(), "rss_after_imports_mb": rss_before, "phases": result.phases,
    }))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], "--replace" in sys.argv[3:])
