"""`make bench-ingest`: the ingest pipeline's time and peak memory beside `psql \\copy`.

For GEN23 (26,601 rows) and a generated 100x GEN23 file (2,660,100 rows) it times, on
one PostgreSQL server started here (fsync on, default settings):

- baseline: `psql \\copy` of the file's data rows (the two header lines stripped: COPY
  cannot skip two) into a fresh, unindexed table of 17 text columns;
- fresh: `functions.ingest.pipeline.ingest` of the file into an empty database
  (generators, plants, state_totals, data_years and ingestions truncated first), in a
  child process, timing the `ingest()` call and reading the child's peak RSS;
- replace: the same file again with one extra trailing newline, so the year's rows are
  really replaced (not 'unchanged'). Informational: the targets are for fresh loads.

Each is run 3 times, alternating, and the median reported. A CHECKPOINT precedes each
timed step so that one step's dirty pages are not written during the next. The exit code
is 0 even when a target is missed: this is a report.
"""

from __future__ import annotations

import csv
import io
import json
import math
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

from functions.localservices import _pg_bin, start_postgres
from functions.store.db import APPLICATION_NAME
from functions.store.migrate import migrate

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample" / "GEN23.csv"
OUT = ROOT / "bench" / "out"
COPIES = 100
PLANT_OFFSET = 1_000_000  # copy k's ORISPL is ORISPL + k * PLANT_OFFSET
HEADER_LINES = 2
ORISPL = 4  # ORISPL's position in GEN23's columns
REPEATS = 3
MAX_RSS_MB = 300.0
TIMEOUT_S = 300  # a pipeline run taking longer is stopped and shown as "> 300"


@dataclass
class Target:
    ratio: float
    rss_mb: float | None = None


# --- the files ------------------------------------------------------------------------------

def _split_rows(body: str) -> list[tuple[str, int, str]]:
    """Each data line as (text before ORISPL, ORISPL, text after it), bytes kept exactly."""
    rows = []
    for line in body.splitlines(keepends=True):
        fields = next(csv.reader([line]))
        before = io.StringIO()
        csv.writer(before, lineterminator="").writerow(fields[:ORISPL])
        prefix = before.getvalue() + ","
        code = fields[ORISPL]
        if not (code.isdigit() and line.startswith(prefix + code + ",")):
            raise ValueError(f"unexpected GEN23 line: {line[:80]!r}")
        rows.append((prefix, int(code), line[len(prefix) + len(code):]))
    return rows


def make_multiple(source: Path, target: Path, copies: int) -> int:
    """Write `copies` copies of `source`'s data rows (ORISPL offset per copy) under its
    two header lines, streaming one copy at a time; reuse `target` if it is complete.
    Returns the number of data rows."""
    # latin-1 maps every byte to one character and back: the bytes are kept as they are.
    text = source.read_bytes().decode("latin-1")
    lines = text.splitlines(keepends=True)
    head = "".join(lines[:HEADER_LINES])
    rows = _split_rows("".join(lines[HEADER_LINES:]))
    body_chars = sum(len(p) + len(s) for p, _, s in rows)
    size = len(head) + copies * body_chars + sum(
        len(str(code + k * PLANT_OFFSET)) for k in range(copies) for _, code, _ in rows)
    if target.exists() and target.stat().st_size == size:
        return copies * len(rows)
    print(f"generating {target.relative_to(ROOT)} ({size / 1e6:,.0f} MB) ...", flush=True)
    partial = target.with_suffix(".partial")
    with open(partial, "w", encoding="latin-1", newline="") as out:
        out.write(head)
        for k in range(copies):
            offset = k * PLANT_OFFSET
            out.write("".join(f"{p}{code + offset}{s}" for p, code, s in rows))
    partial.rename(target)
    return copies * len(rows)


def data_rows(path: Path) -> int:
    with open(path, "rb") as lines:
        return sum(1 for _ in lines) - HEADER_LINES


def body_file(source: Path) -> Path:
    """`source` without its header lines, for COPY (PostgreSQL 18 skips one header line)."""
    target = OUT / f"{source.stem}.body.csv"
    with open(source, "rb") as src:
        head = sum(len(src.readline()) for _ in range(HEADER_LINES))
        if not (target.exists() and target.stat().st_size == source.stat().st_size - head):
            partial = target.with_suffix(".partial")
            with open(partial, "wb") as out:
                while chunk := src.read(1 << 24):
                    out.write(chunk)
            partial.rename(target)
    return target


# --- the measurements -----------------------------------------------------------------------

def _sql(url: str, *statements: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def time_copy(url: str, body: Path, rows: int) -> float:
    """Wall-clock seconds of `psql \\copy` of `body` into a fresh unindexed text table."""
    columns = ", ".join(f"c{i} text" for i in range(17))
    _sql(url, "DROP TABLE IF EXISTS bench_copy", f"CREATE TABLE bench_copy ({columns})",
         "CHECKPOINT")
    command = [str(_pg_bin() / "psql"), "-X", "-v", "ON_ERROR_STOP=1", "-d", url,
               "-c", f"\\copy bench_copy FROM '{body}' WITH (FORMAT csv)"]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0 or done.stdout.strip() != f"COPY {rows}":
        raise RuntimeError(f"psql \\copy failed: {done.stdout} {done.stderr}")
    _sql(url, "DROP TABLE bench_copy")
    return seconds


def run_pipeline(url: str, path: Path, rows: int, *, replace: bool) -> dict:
    """Ingest `path` in a child process; its JSON report (seconds, peak_rss_mb, ...)."""
    if not replace:
        _sql(url, "TRUNCATE generators, plants, state_totals, data_years, ingestions")
    _sql(url, "CHECKPOINT")
    command = [sys.executable, "-m", "bench._run_one", str(path), url]
    try:
        done = subprocess.run(command + (["--replace"] if replace else []), cwd=ROOT,
                              capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:  # the child is killed; its query would run on
        _sql(url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                  f" WHERE application_name = '{APPLICATION_NAME}'")
        return {"seconds": math.inf, "peak_rss_mb": math.nan, "rss_after_imports_mb": math.nan,
                "phases": {}}
    if done.returncode != 0:
        raise RuntimeError(f"pipeline child failed:\n{done.stderr[-3000:]}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    if report["status"] != "succeeded" or report["rows_loaded"] != rows:
        raise RuntimeError(f"pipeline did not load {rows:,} rows: {report}")
    return report


@dataclass
class Row:
    name: str
    rows: int
    case: str
    baseline: float
    pipeline: float
    rss_mb: float
    target: Target | None
    timeouts: int = 0
    phases: dict[str, float] | None = None  # median seconds per step of the load

    @property
    def ratio(self) -> float:
        return self.pipeline / self.baseline

    @property
    def missed(self) -> bool:
        t = self.target
        return t is not None and (self.ratio > t.ratio
                                  or (t.rss_mb is not None and self.rss_mb > t.rss_mb))

    def line(self) -> str:
        goal, verdict = "(info)", ""
        if self.target is not None:
            goal = f"<= {self.target.ratio:g}x"
            if self.target.rss_mb is not None:
                goal += f", <= {self.target.rss_mb:g} MB"
            verdict = "MISS  <<<" if self.missed else "PASS"
        seconds = f"> {TIMEOUT_S}" if math.isinf(self.pipeline) else f"{self.pipeline:.3f}"
        if self.timeouts:
            verdict += f"  ({self.timeouts} of {REPEATS} runs stopped at {TIMEOUT_S} s)"
        ratio = "-" if math.isinf(self.ratio) else f"{self.ratio:.1f}x"
        return (f"{self.name:<12}{self.rows:>11,}  {self.case:<8}{self.baseline:>10.3f}"
                f"{seconds:>12}{ratio:>8}  {goal:<18}{self.rss_mb:>7.0f}  {verdict}")


def measure(url: str, name: str, path: Path, rows: int, target: Target) -> list[Row]:
    body = body_file(path)
    copy: list[float] = []
    fresh: list[dict] = []
    replace: list[dict] = []
    for i in range(REPEATS):
        steps = ["copy", "pipeline"] if i % 2 == 0 else ["pipeline", "copy"]
        for step in steps:
            if step == "copy":
                copy.append(time_copy(url, body, rows))
                print(f"  {name} run {i + 1}: psql \\copy   {copy[-1]:8.2f} s", flush=True)
            else:
                fresh.append(run_pipeline(url, path, rows, replace=False))
                replace.append(run_pipeline(url, path, rows, replace=True))
                for case, report in (("fresh", fresh[-1]), ("replace", replace[-1])):
                    print(f"  {name} run {i + 1}: pipeline {case:<8}{report['seconds']:6.2f} s,"
                          f" peak RSS {report['peak_rss_mb']:.0f} MB"
                          f" ({report['rss_after_imports_mb']:.0f} MB after imports)", flush=True)
    baseline = statistics.median(copy)

    def row(case: str, reports: list[dict], goal: Target | None) -> Row:
        rss = [r["peak_rss_mb"] for r in reports if not math.isnan(r["peak_rss_mb"])]
        steps = {step: statistics.median(r["phases"].get(step, 0.0) for r in reports)
                 for step in (reports[0]["phases"] if reports else {})}
        return Row(name, rows, case, baseline, statistics.median(r["seconds"] for r in reports),
                   max(rss, default=math.nan), goal,
                   sum(math.isinf(r["seconds"]) for r in reports), steps)

    return [row("fresh", fresh, target), row("replace", replace, None)]


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(f"stopped by signal {signum}")  # so that `finally` stops the server


def main() -> None:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    OUT.mkdir(parents=True, exist_ok=True)
    big = OUT / f"GEN23x{COPIES}.csv"
    files = [
        ("GEN23", SAMPLE, data_rows(SAMPLE), Target(3.0)),
        (f"GEN23 x{COPIES}", big, make_multiple(SAMPLE, big, COPIES), Target(2.5, MAX_RSS_MB)),
    ]
    results: list[Row] = []
    with tempfile.TemporaryDirectory(dir=OUT, prefix="pg-") as tmp:
        server = start_postgres(Path(tmp).resolve(), fast=False)
        try:
            migrate(server.url)
            for name, path, rows, target in files:
                results += measure(server.url, name, path, rows, target)
        finally:
            server.stop()
    print()
    print(f"median of {REPEATS} runs; baseline = psql \\copy into an unindexed 17-text-column "
          "table; pipeline = ingest() into an empty database (fresh) or over the same year "
          "(replace); peak RSS = the pipeline process's max")
    print(f"{'file':<12}{'rows':>11}  {'case':<8}{'baseline s':>10}{'pipeline s':>12}"
          f"{'ratio':>8}  {'target':<18}{'RSS MB':>7}  result")
    for result in results:
        print(result.line())
    print("\nwhere a fresh load's time goes (median seconds per step; the rest is opening the"
          " file, the ingestion record and the commit):")
    for result in results:
        if result.case == "fresh" and result.phases:
            steps = ", ".join(f"{step} {seconds:.2f}" for step, seconds in result.phases.items())
            print(f"  {result.name:<12}{steps}")
    misses = [r for r in results if r.missed]
    print(f"\n{len(misses)} target(s) MISSED" if misses else "\nall targets met")


if __name__ == "__main__":
    main()
