"""`make bench-api`: throughput and latency of the top-plants endpoint beside a bare one.

On one uvicorn server (one worker, bound to 127.0.0.1) serving `bench.api_app:app`, i.e.
the product API plus `/bare`, a raw ASGI endpoint answering a constant JSON, it runs

    wrk -t2 -c32 -d10s --latency -H 'Authorization: Bearer <token>' <url>

against `/bare` and against `/api/v1/plants/top?state=TX&n=10` (a valid token, GEN23
loaded into a PostgreSQL started here), alternating, 2 rounds each, after a warm-up of
both. Both send the same header. The summary is the mean of the rounds for req/s and p50
and the worst round for p99. Targets: top >= 50 % of the bare endpoint's req/s, top's
p99 <= 25 ms. The exit code is 0 even when a target is missed: this is a report.

wrk itself is installed by the Makefile target (a Debian package), not here.
"""

from __future__ import annotations

import os
import platform
import re
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

import httpx
import psutil

from functions.ingest.pipeline import ingest
from functions.localservices import free_port, start_postgres, stop_process
from functions.settings import Settings
from functions.store.migrate import migrate

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample" / "GEN23.csv"
OUT = ROOT / "bench" / "out"
SERVER_LOG = OUT / "api-uvicorn.log"

BARE = "/bare"
TOP = "/api/v1/plants/top?state=TX&n=10"
CONNECTIONS = 32
THREADS = 2
DURATION_S = 10
WARMUP_S = 3
ROUNDS = 2
MIN_RATIO = 0.50
MAX_P99_MS = 25.0


@dataclass
class Run:
    endpoint: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad: int  # non-2xx/3xx responses plus socket errors
    server_cpu: float  # uvicorn's CPU seconds per wall second (1.0 = one core busy)
    other_cpu: float  # cores busy outside uvicorn and wrk (the machine's other processes)

    @property
    def cpu_us_per_request(self) -> float:
        return self.server_cpu / self.rps * 1e6


# --- wrk ------------------------------------------------------------------------------------

_UNITS_MS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text).groups()
    return float(number) * _UNITS_MS[unit]


def parse_wrk(output: str) -> dict:
    def find(pattern: str) -> re.Match:
        match = re.search(pattern, output, re.MULTILINE)
        if match is None:
            raise RuntimeError(f"unexpected wrk output (no {pattern!r}):\n{output}")
        return match

    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                              output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(find(r"^Requests/sec:\s+([\d.]+)").group(1)),
        "p50_ms": _ms(find(r"^\s+50%\s+(\S+)").group(1)),
        "p99_ms": _ms(find(r"^\s+99%\s+(\S+)").group(1)),
        "requests": int(find(r"^\s+(\d+) requests in ").group(1)),
        "bad": (sum(int(n) for n in socket_errors.groups()) if socket_errors else 0)
               + (int(non_2xx.group(1)) if non_2xx else 0),
    }


def run_wrk(base: str, path: str, token: str, seconds: int, server: psutil.Process) -> Run:
    command = [shutil.which("wrk") or "wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s",
               "--latency", "-H", f"Authorization: Bearer {token}", base + path]
    def busy() -> float:
        times = psutil.cpu_times()
        return times.user + times.nice + times.system + times.irq + times.softirq

    def children() -> float:  # wrk's CPU, once it has been waited for
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    server_before, busy_before, wrk_before = sum(server.cpu_times()[:2]), busy(), children()
    wall_before = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    wall = time.perf_counter() - wall_before
    server_cpu = sum(server.cpu_times()[:2]) - server_before
    other = busy() - busy_before - server_cpu - (children() - wrk_before)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr}{done.stdout}")
    return Run(endpoint=path, server_cpu=server_cpu / wall, other_cpu=max(other / wall, 0.0),
               **parse_wrk(done.stdout))


# --- the server -----------------------------------------------------------------------------

def start_server(database_url: str, port: int, username: str, password: str) -> subprocess.Popen:
    env = {**os.environ,
           "DATABASE_URL": database_url,
           "JWT_SECRET": secrets.token_urlsafe(48),
           "ADMIN_USERNAME": username,
           "ADMIN_PASSWORD": password,
           "AzureWebJobsStorage": "UseDevelopmentStorage=true",  # unused by the measured routes
           "DEV_MODE": "false",
           "LOG_LEVEL": "WARNING",
           "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "uvicorn", "bench.api_app:app", "--host", "127.0.0.1",
               "--port", str(port), "--workers", "1", "--log-level", "warning", "--no-access-log"]
    with open(SERVER_LOG, "wb") as log:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_ready(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"uvicorn exited with code {process.returncode}; see {SERVER_LOG}")
        try:
            if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not answer /api/health within {timeout:.0f} s; see {SERVER_LOG}")
        time.sleep(0.2)


def get_token(base: str, username: str, password: str) -> str:
    answer = httpx.post(base + "/api/v1/auth/token", data={"username": username, "password": password},
                        timeout=10)
    answer.raise_for_status()
    return answer.json()["access_token"]


def check_endpoints(base: str, token: str) -> str:
    """Both endpoints answer 200 with the token; a line describing the top answer."""
    headers = {"Authorization": f"Bearer {token}"}
    bare = httpx.get(base + BARE, headers=headers, timeout=10)
    if bare.status_code != 200 or bare.json() != {"status": "ok"}:
        raise RuntimeError(f"{BARE} answered {bare.status_code}: {bare.text[:200]}")
    top = httpx.get(base + TOP, headers=headers, timeout=10)
    if top.status_code != 200:
        raise RuntimeError(f"{TOP} answered {top.status_code}: {top.text[:200]}")
    body = top.json()
    if body["state"] != "TX" or len(body["plants"]) != 10:
        raise RuntimeError(f"{TOP} answered an unexpected body: {top.text[:300]}")
    return (f"{TOP}: {len(top.content)} bytes, year {body['year']}, {body['total_plants']} TX plants,"
            f" #1 {body['plants'][0]['name']}")


# --- the report -----------------------------------------------------------------------------

def summarise(runs: list[Run], endpoint: str) -> Run:
    mine = [r for r in runs if r.endpoint == endpoint]
    return Run(endpoint=endpoint, rps=statistics.mean(r.rps for r in mine),
               p50_ms=statistics.mean(r.p50_ms for r in mine), p99_ms=max(r.p99_ms for r in mine),
               requests=sum(r.requests for r in mine), bad=sum(r.bad for r in mine),
               server_cpu=statistics.mean(r.server_cpu for r in mine),
               other_cpu=statistics.mean(r.other_cpu for r in mine))


def row(name: str, run: Run) -> str:
    return (f"{name:<38}{run.rps:>9,.0f}{run.p50_ms:>9.2f}{run.p99_ms:>9.2f}"
            f"{run.server_cpu:>8.2f}{run.cpu_us_per_request:>10.0f}{run.bad:>8}")


def header() -> str:
    return (f"{'endpoint':<38}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'cores':>8}{'µs/req':>10}"
            f"{'errors':>8}")


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: run `make bench-api` (it installs the Debian package)")
    OUT.mkdir(parents=True, exist_ok=True)
    username, password = "bench-admin", secrets.token_urlsafe(24)
    runs: list[Run] = []
    server: subprocess.Popen | None = None
    with tempfile.TemporaryDirectory(dir=OUT, prefix="pg-api-") as tmp:
        database = start_postgres(Path(tmp).resolve(), fast=False)
        try:
            migrate(database.url)
            with open(SAMPLE, "rb") as source:
                loaded = ingest(source, str(SAMPLE.relative_to(ROOT)), origin="cli",
                                settings=Settings(DATABASE_URL=database.url))
            if loaded.status != "succeeded":
                raise RuntimeError(f"loading {SAMPLE.name} failed: {loaded.status} {loaded.error}")
            print(f"loaded {SAMPLE.name}: {loaded.counts.rows_loaded:,} generator rows", flush=True)

            port = free_port()
            base = f"http://127.0.0.1:{port}"
            server = start_server(database.url, port, username, password)
            wait_ready(base, server)
            process = psutil.Process(server.pid)
            token = get_token(base, username, password)
            print(check_endpoints(base, token), flush=True)

            for path in (BARE, TOP):  # warm-up: the pool, the answer cache, imports on first use
                warm = run_wrk(base, path, token, WARMUP_S, process)
                print(f"  warm-up {path:<34}{warm.rps:>10,.0f} req/s", flush=True)
            for i in range(ROUNDS):
                for path in ((BARE, TOP) if i % 2 == 0 else (TOP, BARE)):
                    runs.append(run_wrk(base, path, token, DURATION_S, process))
                    r = runs[-1]
                    print(f"  round {i + 1} {path:<34}{r.rps:>10,.0f} req/s  p50 {r.p50_ms:6.2f} ms"
                          f"  p99 {r.p99_ms:6.2f} ms  uvicorn {r.server_cpu:.2f} cores"
                          f" ({r.cpu_us_per_request:.0f} µs/req)  others {r.other_cpu:.2f} cores"
                          f"  errors {r.bad}",
                          flush=True)
        finally:
            if server is not None:
                stop_process(server)
            database.stop()

    bare, top = summarise(runs, BARE), summarise(runs, TOP)
    ratio = top.rps / bare.rps
    log_lines = len(SERVER_LOG.read_text(errors="replace").splitlines())
    print()
    loop = "uvloop" if find_spec("uvloop") else "asyncio"
    http = "httptools" if find_spec("httptools") else "h11"
    print(f"uvicorn {version('uvicorn')} (1 worker, loop {loop}, http {http}), Python "
          f"{platform.python_version()}, {os.cpu_count()} CPUs, wrk -t{THREADS} -c{CONNECTIONS} "
          f"-d{DURATION_S}s on 127.0.0.1; PostgreSQL started here with GEN23 loaded")
    print(f"mean of {ROUNDS} rounds (req/s, p50), worst round (p99); cores = uvicorn's CPU seconds "
          f"per second, µs/req = uvicorn's CPU per request; server log: "
          f"{SERVER_LOG.relative_to(ROOT)} ({log_lines} lines)")
    print(header())
    print(row("GET /bare (raw ASGI, constant JSON)", bare))
    print(row(f"GET {TOP}", top))
    print()
    ratio_ok, p99_ok = ratio >= MIN_RATIO, top.p99_ms <= MAX_P99_MS
    print(f"throughput top/bare: {ratio:.0%} (target >= {MIN_RATIO:.0%}) "
          f"{'PASS' if ratio_ok else 'MISS  <<<'}")
    print(f"p99 of top: {top.p99_ms:.2f} ms (target <= {MAX_P99_MS:g} ms) "
          f"{'PASS' if p99_ok else 'MISS  <<<'}")
    others = statistics.mean(r.other_cpu for r in runs)
    if others > 0.25:
        print(f"NOTE: {others:.2f} of {os.cpu_count()} cores were busy outside uvicorn and wrk during the"
              " runs (other processes, kernel time; this PostgreSQL is nearly idle: answers are cached);"
              " uvicorn and wrk shared the rest, so all figures are pessimistic")
    if top.bad or bare.bad:
        print(f"WARNING: {top.bad + bare.bad} error responses or socket errors during the runs")
    misses = (not ratio_ok) + (not p99_ok)
    print(f"\n{misses} target(s) MISSED" if misses else "\nall targets met")


if __name__ == "__main__":
    main()
