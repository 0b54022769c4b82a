"""`make dev`: the whole stack on this machine, no Docker, no Functions host.

Starts the embedded PostgreSQL (unless DATABASE_URL is set) and Azurite (unless
AzureWebJobsStorage is set), with their data under DATA_DIR (default .local/), creates
the uploads container, migrates the schema, seeds the sample file on a first run, and
runs the local trigger loop. Ctrl-C or SIGTERM stops the loop, then Azurite, then
PostgreSQL, each by the PID we own, and exits 0.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import shlex
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from azure.core.exceptions import AzureError, ResourceExistsError
from azure.storage.blob import ContainerClient, ContentSettings

from functions.errors import describe, first_line
from functions.ingest import trigger_loop
from functions.localservices import PROJECT_ROOT, Service, start_azurite, start_postgres, stop_process
from functions.settings import Settings, get_settings
from functions.storage import blob_service
from functions.store.db import connect
from functions.store.migrate import migrate

SAMPLE = PROJECT_ROOT / "data" / "sample" / "GEN23.csv"
SAMPLE_BLOB = "GEN23.csv"
READY = "devstack: ready"  # tests wait for this line on stdout
LOOP_STOP_SECONDS = 30  # an ingestion in progress may finish; then we stop regardless


class StartupError(Exception):
    """A server or a first step failed; the message is one line for the user."""


def _start(name: str, start: Callable[[Path], Service], data_dir: Path) -> Service:
    try:
        return start(data_dir)
    except subprocess.CalledProcessError as error:  # initdb: its output is not in a log file
        detail = (error.stderr or b"").decode(errors="replace").strip().splitlines()
        raise StartupError(f"{name} failed to initialise: {detail[-1] if detail else error}") \
            from None
    except (RuntimeError, OSError) as error:  # localservices' messages name the log file
        raise StartupError(f"{name} failed to start: {first_line(error)}") from None


def ensure_container(container: ContainerClient) -> None:
    with contextlib.suppress(ResourceExistsError):  # idempotent: a restart finds it there
        container.create_container()


def seed_sample(container: ContainerClient, database_url: str) -> bool:
    """Upload the sample on a first run: nothing ever loaded and nothing waiting.

    Never on later runs, so deleting the data or uploading other files is respected.
    """
    with connect(database_url) as conn:
        loaded = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM ingestions WHERE status = 'succeeded')").fetchone()[0]
    if loaded or next(iter(container.list_blobs()), None) is not None:
        return False
    with SAMPLE.open("rb") as data:
        container.upload_blob(SAMPLE_BLOB, data, overwrite=False,
                              content_settings=ContentSettings(content_type="text/csv"))
    return True


def _admin_password(settings: Settings, data_dir: Path) -> str:
    """ADMIN_PASSWORD, or one generated at the first start and kept in DATA_DIR (0600), so
    the bootstrap admin's password survives restarts."""
    if settings.admin_password:
        return settings.admin_password
    stored = data_dir / "admin-password"
    if not stored.exists():
        stored.touch(mode=0o600)
        stored.write_text(secrets.token_urlsafe(18))
    return stored.read_text().strip()


def start_api(settings: Settings, data_dir: Path) -> Service:
    """uvicorn serving the same FastAPI app the Functions host serves, on 127.0.0.1:PORT."""
    log = data_dir / "api.log"
    args = [sys.executable, "-m", "uvicorn", "functions.api.app:api", "--host", "127.0.0.1",
            "--port", str(settings.port), "--no-access-log"]  # the app logs each request itself
    with open(log, "ab") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{settings.port}"
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise StartupError(f"the HTTP API exited with code {process.returncode} (port {settings.port}"
                               f" in use? see {log})")
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            stop_process(process)
            raise StartupError(f"the HTTP API did not answer within 60 s; see {log}")
        time.sleep(0.3)
    return Service("api", process, url, log, [settings.port])


def _mask_password(url: str) -> str:
    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def _describe(settings: Settings, pg: Service | None, azurite: Service | None,
              api: Service | None, sample_uploaded: bool) -> str:
    """What runs where, and how to try it. Secrets are shown only when they are the
    servers' well-known local ones (ours); settings from the environment stay hidden."""
    container = settings.uploads_container
    if pg:
        db_line = f"{pg.url}   (embedded, pid {pg.process.pid}, log {pg.log})"
    else:
        db_line = f"{_mask_password(settings.database_url)}   (from DATABASE_URL)"
    storage = settings.storage_connection
    if azurite:
        endpoint = next(p.split("=", 1)[1] for p in storage.split(";")
                        if p.startswith("BlobEndpoint="))
        blob_line = f"{endpoint}   (Azurite, pid {azurite.process.pid}, log {azurite.log})"
        connection = ["Connection string (az CLI --connection-string; Storage Explorer:"
                      " Attach > Connection string):", f"  {storage}", ""]
        exports = [f"  export AzureWebJobsStorage={shlex.quote(storage)}"]
    else:
        blob_line = "from AzureWebJobsStorage (not shown: it holds the account key)"
        connection, exports = [], []
    if pg:
        exports.append(f"  export DATABASE_URL={shlex.quote(pg.url)}")
    api_line = (f"{api.url}/api/docs   (uvicorn, pid {api.process.pid}, log {api.log})"
                if api else "not started")
    sample_line = ("uploaded data/sample/GEN23.csv as GEN23.csv" if sample_uploaded
                   else "not uploaded (data was loaded before, or the container has blobs)")
    python = shlex.quote(os.path.relpath(sys.executable))
    upload_py = (
        'import os; from azure.storage.blob import BlobClient as B; '
        'B.from_connection_string(os.environ["AzureWebJobsStorage"], '
        f'"{container}", "GEN23.csv").upload_blob(open("data/sample/GEN23.csv", "rb"), '
        'overwrite=True)'
    )
    return "\n".join([
        "",
        "eGRID local stack",
        f"  PostgreSQL     {db_line}",
        f"  Blob storage   {blob_line}",
        f"  Container      {container}   (the local trigger loop polls it every"
        f" {settings.trigger_poll_seconds:g} s; outcomes are logged below)",
        f"  HTTP API       {api_line}",
        f"  Sample         {sample_line}",
        "",
        *connection,
        "Try it from another shell in this folder:",
        *exports,
        "  az storage blob upload --connection-string \"$AzureWebJobsStorage\""
        f" --container-name {container} --name GEN23.csv --file data/sample/GEN23.csv"
        " --overwrite",
        f"  {python} -c {shlex.quote(upload_py)}",
        "  psql \"$DATABASE_URL\" -c 'SELECT id, blob_name, status, rows_loaded, error"
        " FROM ingestions ORDER BY id DESC LIMIT 5'",
        "",
        "Ctrl-C stops everything.",
        "",
    ])


def _start_everything(settings: Settings, stop: threading.Event,
                      services: list[Service]) -> Settings | None:
    """Start what is not configured, set the environment, migrate, seed, print.

    Returns the final settings, or None when a signal came during startup. Each server is
    appended to `services` as soon as it runs, so the caller can stop it whatever happens.
    """
    data_dir = settings.data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    pg = azurite = None
    if not settings.database_url:
        pg = _start("PostgreSQL", start_postgres, data_dir)
        services.append(pg)
        os.environ["DATABASE_URL"] = pg.url
    if stop.is_set():
        return None
    if not settings.storage_connection:
        azurite = _start("Azurite", start_azurite, data_dir)
        services.append(azurite)
        os.environ["AzureWebJobsStorage"] = azurite.url  # noqa: SIM112 - the Functions name
    if stop.is_set():
        return None
    # Everything in this process (get_settings) and its children now sees the servers.
    get_settings.cache_clear()
    settings = get_settings()
    try:
        migrate(settings.database_url)
        container = blob_service(settings).get_container_client(settings.uploads_container)
        ensure_container(container)
        sample_uploaded = seed_sample(container, settings.database_url)
    except (psycopg.Error, AzureError, ValueError) as error:
        raise StartupError(f"setup failed: {describe(error)}") \
            from None
    # The API: dev mode (a random JWT key when none is set) and a bootstrap admin.
    os.environ.setdefault("DEV_MODE", "1")
    generated = not settings.admin_password
    os.environ["ADMIN_PASSWORD"] = password = _admin_password(settings, data_dir)
    get_settings.cache_clear()
    settings = get_settings()
    api = start_api(settings, data_dir)
    services.append(api)
    print(_describe(settings, pg, azurite, api, sample_uploaded))
    if generated:  # a password the user chose is theirs to know; ours must be shown
        print(f"API sign-in: {settings.admin_username} / {password}"
              f"   (generated; kept in {data_dir / 'admin-password'})\n")
    return settings


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # a pipe in tests
    settings = Settings()
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("azure").setLevel(logging.WARNING)  # the SDK logs every request

    # Signals only set this event: an exception raised inside start_postgres() could leave
    # a server running whose PID we never got. Startup checks it between steps.
    stop = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        if not stop.is_set():
            print(f"\ndevstack: {signal.Signals(signum).name}, stopping...", flush=True)
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    services: list[Service] = []  # in start order; stopped in reverse
    loop: threading.Thread | None = None
    code = 0
    try:
        ready = _start_everything(settings, stop, services)
        if ready is not None:
            loop = threading.Thread(target=trigger_loop.run, args=(ready, stop),
                                    name="trigger-loop", daemon=True)
            loop.start()
            print(READY)
            while not stop.wait(0.5):
                if not loop.is_alive():  # run() catches everything: this would be a bug
                    print("devstack: error: the trigger loop stopped", file=sys.stderr)
                    code = 1
                    break
    except StartupError as error:
        print(f"devstack: error: {error}", file=sys.stderr)
        code = 1
    finally:
        stop.set()
        if loop is not None:
            loop.join(LOOP_STOP_SECONDS)  # lets an ingestion in progress commit or roll back
        for service in reversed(services):  # the API, then Azurite, then PostgreSQL
            service.stop()
    print("devstack: stopped")
    return code


if __name__ == "__main__":
    sys.exit(main())
