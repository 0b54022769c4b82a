"""`python -m functions`: exit codes, one-line errors, and `top --json` = the query module."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from functions.localservices import PROJECT_ROOT
from functions.store import queries
from tests.conftest import SAMPLE

pytestmark = pytest.mark.integration


def cli(database_url: str, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"}
    return subprocess.run([sys.executable, "-m", "functions", *args], cwd=PROJECT_ROOT, env=env,
                          input=stdin, capture_output=True, timeout=120)


def test_migrate_ingest_and_top(database_url, db):
    migrated = cli(database_url, "migrate")
    assert migrated.returncode == 0 and b"applied 0 migration(s)" in migrated.stdout  # template is migrated
    loaded = cli(database_url, "ingest", str(SAMPLE))
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.decode().startswith("succeeded: ingestion ")
    again = cli(database_url, "ingest", str(SAMPLE))
    assert again.returncode == 0 and again.stdout.decode().startswith("unchanged: ")
    for args, kwargs in [(["--state", "TX", "--n", "5"], {"state": "TX", "n": 5}), ([], {"n": 10}),
                         (["--year", "2023", "--n", "1000"], {"year": 2023, "n": 1000})]:
        shown = cli(database_url, "top", "--json", *args)
        assert shown.returncode == 0, shown.stderr
        assert json.loads(shown.stdout) == queries.top_plants(db, **kwargs)
    table = cli(database_url, "top", "--state", "tx", "--n", "3").stdout.decode()
    assert "South Texas Project" in table.splitlines()[2]


@pytest.mark.parametrize("args, stdin, code, message", [
    (["ingest", "-"], b'{"a": 1}', 1, "error: not a CSV file: looks like JSON (ingestion 1)"),
    (["ingest", "/no/such.csv"], None, 2, "error: no such file: /no/such.csv"),
    (["top", "--state", "ZZ"], None, 2, "error: unknown state code 'ZZ'"),
    (["top", "--n", "0"], None, 2, "error: n must be between 1 and 1000"),
])
def test_errors_are_one_line_without_traceback(database_url, args, stdin, code, message):
    result = cli(database_url, *args, stdin=stdin)
    assert result.returncode == code
    assert result.stderr.decode().strip().splitlines()[-1] == message
    assert b"Traceback" not in result.stderr


def test_a_database_error_midway_is_one_line_and_recorded(database_url, db):
    db.execute("ALTER TABLE state_totals ADD CONSTRAINT refuse_all CHECK (plants < 0)")
    result = cli(database_url, "ingest", str(SAMPLE))
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    assert result.stderr.decode().strip().splitlines()[-1].startswith(
        "error: database error: CheckViolation: ")
    status, retryable = db.execute("SELECT status, retryable FROM ingestions").fetchone()
    assert (status, retryable) == ("failed", True)
    assert db.execute("SELECT count(*) FROM generators").fetchone()[0] == 0


def test_an_unreachable_database_is_one_line():
    result = cli("postgresql://nobody@127.0.0.1:9/none", "top")
    assert result.returncode == 2
    assert result.stderr.decode().startswith("error: database unavailable: ")
    assert len(result.stderr.decode().strip().splitlines()) == 1


def test_users_add_list_disable(database_url):
    added = cli(database_url, "users", "add", "ana", "--role", "admin", "--password-stdin",
                stdin=b"a-long-password\n")
    assert added.returncode == 0 and added.stdout == b"added admin ana\n"
    again = cli(database_url, "users", "add", "ana", "--password-stdin", stdin=b"a-long-password\n")
    assert again.returncode == 2 and again.stderr.strip() == b"error: user 'ana' already exists"
    short = cli(database_url, "users", "add", "bo", "--password-stdin", stdin=b"short\n")
    assert short.stderr.strip() == b"error: the password must have at least 8 characters"
    assert cli(database_url, "users", "disable", "ana").returncode == 0
    listed = cli(database_url, "users", "list").stdout.decode()
    assert listed.split()[:3] == ["ana", "admin", "disabled"]
