"""docker/init.py (the compose `init` service) against a real PostgreSQL and Azurite:
creates the uploads container, applies the migrations, and can run again."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import psycopg
import pytest
from azure.storage.blob import BlobServiceClient

from functions.localservices import PROJECT_ROOT

pytestmark = pytest.mark.integration


def test_init_creates_the_container_and_migrates_and_is_idempotent(postgres, azurite):
    name = f"init_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres.url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")  # empty: no template
    database_url = postgres.url.rsplit("/", 1)[0] + "/" + name
    container = f"uploads-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DATABASE_URL": database_url, "AzureWebJobsStorage": azurite.url,
           "UPLOADS_CONTAINER": container, "PYTHONPATH": str(PROJECT_ROOT)}

    for run in ("first", "again"):
        result = subprocess.run([sys.executable, "docker/init.py"], cwd=PROJECT_ROOT, env=env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"{run}: {result.stderr}"
        assert f"init: container '{container}' ready" in result.stdout

    assert "applied 0 migration(s)" in result.stdout  # the second run had nothing to do
    assert BlobServiceClient.from_connection_string(azurite.url).get_container_client(container).exists()
    with psycopg.connect(database_url) as conn:
        assert conn.execute("SELECT to_regclass('ingestions') IS NOT NULL").fetchone()[0]
