"""The local trigger loop and `make dev` (functions.devstack), on a real PostgreSQL and a
real Azurite (no mocks)."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
import psycopg
import pytest
from azure.storage.blob import BlobServiceClient, ContainerClient

from functions.devstack import READY
from functions.ingest import trigger_loop
from functions.ingest.trigger_loop import poll_once
from functions.localservices import (
    PROJECT_ROOT,
    Service,
    free_port,
)
from functions.settings import Settings
from functions.store.migrate import migrate

pytestmark = pytest.mark.integration

SAMPLE = PROJECT_ROOT / "data" / "sample" / "GEN23.csv"
SAMPLE_ROWS = 26601
NOT_CSV = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(200)  # a zip's first bytes


# --- servers and containers -----------------------------------------------------------------

@pytest.fixture(scope="module")
def servers(postgres: Service, azurite: Service) -> tuple[Service, Service]:
    """The session's servers; this module works in the server's own `egrid` database."""
    migrate(postgres.url)
    return postgres, azurite


def _settings(servers: tuple[Service, Service], container: str, **overrides) -> Settings:
    pg, azurite = servers
    # Explicit values win over whatever the environment holds.
    values = {"DATABASE_URL": pg.url, "AzureWebJobsStorage": azurite.url,
              "UPLOADS_CONTAINER": container, "TRIGGER_POLL_SECONDS": 0.1, **overrides}
    return Settings(**values)


def _new_container(settings: Settings) -> ContainerClient:
    client = BlobServiceClient.from_connection_string(settings.storage_connection)
    return client.create_container(settings.uploads_container)


def _records(database_url: str, container_blobs: list[str]) -> list[dict]:
    with psycopg.connect(database_url) as conn:
        cur = conn.execute(
            "SELECT id, blob_name, blob_etag, source, status, rows_loaded, error"
            " FROM ingestions WHERE blob_name = ANY(%s) ORDER BY id", (container_blobs,))
        names = [c.name for c in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


@pytest.fixture(scope="module")
def sample_run(servers: tuple[Service, Service]):
    """A container "uploads" holding the sample, polled once: (settings, container, results)."""
    settings = _settings(servers, "uploads")
    container = _new_container(settings)
    with SAMPLE.open("rb") as data:
        container.upload_blob("GEN23.csv", data)
    return settings, container, poll_once(container, settings)


# --- poll_once ------------------------------------------------------------------------------

def test_new_blob_is_ingested(sample_run) -> None:
    settings, container, results = sample_run
    assert [(r.status, r.counts.rows_loaded, r.counts.years) for r in results] == [
        ("succeeded", SAMPLE_ROWS, [2023])]
    [record] = _records(settings.database_url, ["GEN23.csv"])
    etag = container.get_blob_client("GEN23.csv").get_blob_properties().etag.strip('"')  # stored bare
    assert (record["source"], record["status"], record["blob_etag"]) == (
        "local-trigger", "succeeded", etag)


def test_second_poll_does_nothing(sample_run) -> None:
    """Same ETag: nothing to do. poll_once keeps no memory, so this is also what a
    restarted loop sees: the database alone says what was seen."""
    settings, container, _ = sample_run
    assert poll_once(container, settings) == []
    assert len(_records(settings.database_url, ["GEN23.csv"])) >= 1
    assert poll_once(container, settings) == []


def test_reupload_of_same_bytes_is_unchanged(sample_run) -> None:
    settings, container, _ = sample_run
    with SAMPLE.open("rb") as data:
        container.upload_blob("GEN23.csv", data, overwrite=True)  # a new ETag
    [result] = poll_once(container, settings)
    assert (result.status, result.counts.rows_loaded) == ("unchanged", 0)
    assert poll_once(container, settings) == []


def test_bad_blob_fails_and_the_loop_goes_on(servers, sample_run) -> None:
    settings = _settings(servers, f"bad-{uuid.uuid4().hex[:8]}")
    container = _new_container(settings)
    container.upload_blob("bad.csv", NOT_CSV)
    time.sleep(1.1)  # listings give Last-Modified to the second; make the order certain
    # Named to sort before bad.csv: that it comes second shows the oldest-first order.
    with SAMPLE.open("rb") as data:
        container.upload_blob("a-good.csv", data)

    results = poll_once(container, settings)

    assert [r.status for r in results] == ["failed", "unchanged"]  # sample_run loaded it
    assert results[0].error.startswith("not a CSV file")
    [record] = _records(settings.database_url, ["bad.csv"])
    assert record["status"] == "failed" and record["error"].startswith("not a CSV file")
    assert poll_once(container, settings) == []  # bad data is not retried: re-upload it


# --- run ------------------------------------------------------------------------------------

@contextmanager
def _running_loop(settings: Settings) -> Iterator[threading.Thread]:
    stop = threading.Event()
    thread = threading.Thread(target=trigger_loop.run, args=(settings, stop), daemon=True)
    thread.start()
    try:
        yield thread
    finally:
        stop.set()
        thread.join(15)
    assert not thread.is_alive(), "the loop did not stop within 15 s of stop_event"


def _wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out after {timeout:.0f} s waiting for {what}"
        time.sleep(0.1)


def test_run_ingests_new_blobs_until_stopped(servers) -> None:
    settings = _settings(servers, f"run-{uuid.uuid4().hex[:8]}")
    container = _new_container(settings)
    with _running_loop(settings) as thread:
        container.upload_blob("run-bad.csv", NOT_CSV)
        _wait_until(lambda: _records(settings.database_url, ["run-bad.csv"]), 30,
                    "an ingestion record")
        time.sleep(0.5)  # several more polls
        assert thread.is_alive()
    [record] = _records(settings.database_url, ["run-bad.csv"])
    assert record["status"] == "failed" and record["source"] == "local-trigger"


def test_run_survives_an_unreachable_database(servers, caplog) -> None:
    """A transient error is one log line per poll; the loop keeps polling, and picks the
    blob up once the database is back (here: never, nothing listens on that port)."""
    settings = _settings(servers, f"nodb-{uuid.uuid4().hex[:8]}",
                         DATABASE_URL=f"postgresql://postgres@127.0.0.1:{free_port()}/egrid")
    container = _new_container(settings)
    container.upload_blob("waiting.csv", NOT_CSV)
    caplog.set_level(logging.INFO, logger=trigger_loop.__name__)

    def failed_polls() -> list[logging.LogRecord]:
        return [r for r in caplog.records if "poll failed" in r.getMessage()]

    with _running_loop(settings) as thread:
        _wait_until(lambda: len(failed_polls()) >= 3, 30, "three failed polls")
        assert thread.is_alive()
    for record in failed_polls():
        assert "OperationalError" in record.getMessage()
        assert "\n" not in record.getMessage() and record.exc_info is None
    assert _records(servers[0].url, ["waiting.csv"]) == []


# --- make dev -------------------------------------------------------------------------------

@contextmanager
def _devstack(data_dir: Path, log_dir: Path) -> Iterator[tuple[str, str]]:
    """Run `python -m functions.devstack` until READY; yield (its database URL, stdout file).

    On leaving: SIGTERM, then it must exit 0 within 30 s and leave none of its children
    (PostgreSQL, Azurite) running.
    """
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "AzureWebJobsStorage", "ADMIN_PASSWORD", "JWT_SECRET")}
    env.update(DATA_DIR=str(data_dir), TRIGGER_POLL_SECONDS="0.5", PORT=str(free_port()))
    log_dir.mkdir(parents=True, exist_ok=True)
    out_path, err_path = log_dir / "stdout.txt", log_dir / "stderr.txt"
    with out_path.open("wb") as out, err_path.open("wb") as err:  # files: a pipe could fill
        process = subprocess.Popen([sys.executable, "-m", "functions.devstack"], cwd=PROJECT_ROOT,
                                   env=env, stdout=out, stderr=err)
    children: list[psutil.Process] = []
    try:
        def ready() -> bool:
            assert process.poll() is None, (
                f"devstack exited with {process.returncode}:\n{err_path.read_text()}")
            return READY in out_path.read_text()

        _wait_until(ready, 120, "devstack to print that it is ready")
        children = psutil.Process(process.pid).children(recursive=True)
        names = " ".join(" ".join(c.cmdline()) for c in children)
        assert "postgres" in names and "azurite" in names and "uvicorn" in names
        url = re.search(r"PostgreSQL\s+(postgresql://\S+)", out_path.read_text()).group(1)
        yield url, out_path.read_text()

        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0, err_path.read_text()
        _, alive = psutil.wait_procs(children, timeout=5)
        assert alive == [], f"still running after devstack exited: {alive}"
        assert "devstack: stopped" in out_path.read_text()
    finally:
        # Only on a failure above: stop what this test started, by PID.
        if process.poll() is None:
            process.kill()
            process.wait(10)
        for child in children:
            if child.is_running():
                child.kill()


def _sample_records(url: str) -> list[tuple[str, int | None]]:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT status, rows_loaded FROM ingestions"
                            " WHERE blob_name = 'GEN23.csv' ORDER BY id").fetchall()


def test_devstack_ingests_the_sample_and_a_restart_reprocesses_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with _devstack(data_dir, tmp_path / "run1") as (url, output):
        assert "uploaded data/sample/GEN23.csv" in output
        assert "az storage blob upload" in output and "AccountKey=" in output
        _wait_until(lambda: _sample_records(url) == [("succeeded", SAMPLE_ROWS)], 60,
                    "the sample to be ingested")
        # The API answers with the generated admin's token (make dev's dev mode).
        api = re.search(r"HTTP API\s+(http://\S+)/api/docs", output).group(1)
        user, password = re.search(r"API sign-in: (\S+) / (\S+)", output).groups()
        form = urllib.parse.urlencode({"username": user, "password": password}).encode()
        with urllib.request.urlopen(f"{api}/api/v1/auth/token", data=form, timeout=10) as response:
            token = json.load(response)["access_token"]
        request = urllib.request.Request(f"{api}/api/v1/plants/top?state=TX&n=1",
                                         headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert json.load(response)["plants"][0]["plant_code"] == 6251
        first_password = password

    with _devstack(data_dir, tmp_path / "run2") as (url, output):
        assert "Sample         not uploaded" in output
        assert f"/ {first_password} " in output  # the generated admin password is kept
        time.sleep(2)  # four polls
        assert _sample_records(url) == [("succeeded", SAMPLE_ROWS)]
