"""The API over HTTP (TestClient) against a real PostgreSQL holding the real GEN23."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from functions.api import cache as cache_module
from functions.api.deps import close_pool
from functions.api.routes.plants import cache
from functions.ingest.pipeline import ingest
from functions.settings import Settings, get_settings
from tests.conftest import SAMPLE

SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
ADMIN = ("admin", "admin-password-for-tests")


@pytest.fixture(scope="module")
def api_database(postgres, tmp_path_factory) -> str:
    """One database per test module with GEN23 loaded (loading is the slow part)."""
    import uuid

    import psycopg

    from tests.conftest import TEMPLATE, _with_database

    name = f"api_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres.url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    url = _with_database(postgres.url, name)
    with SAMPLE.open("rb") as f:
        assert ingest(f, "GEN23.csv", origin="cli", settings=Settings(DATABASE_URL=url)).status == "succeeded"
    return url


@pytest.fixture(scope="module")
def client(api_database, azurite) -> Iterator[TestClient]:
    mp = pytest.MonkeyPatch()
    mp.setenv("DATABASE_URL", api_database)
    mp.setenv("AzureWebJobsStorage", azurite.url)
    mp.setenv("JWT_SECRET", SECRET)
    mp.setenv("ADMIN_USERNAME", ADMIN[0])
    mp.setenv("ADMIN_PASSWORD", ADMIN[1])
    mp.setenv("UPLOADS_CONTAINER", "api-uploads")
    mp.setattr(cache_module, "VERSION_TTL_SECONDS", 0.0)  # tests see each load at once
    get_settings.cache_clear()
    cache.clear()
    from azure.storage.blob import BlobServiceClient

    service = BlobServiceClient.from_connection_string(azurite.url)
    if not service.get_container_client("api-uploads").exists():
        service.create_container("api-uploads")
    from functions.api.app import create_app

    with TestClient(create_app()) as test_client:
        yield test_client
    close_pool()
    get_settings.cache_clear()
    mp.undo()


def token_for(client: TestClient, username: str, password: str) -> str:
    response = client.post("/api/v1/auth/token", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


@pytest.fixture(scope="module")
def admin_headers(client) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(client, *ADMIN)}"}


@pytest.fixture(scope="module")
def viewer_headers(client, api_database) -> dict[str, str]:
    from functions.api.auth import hash_password
    from functions.store import users
    from functions.store.db import connect

    with connect(api_database, autocommit=True) as conn:
        users.add(conn, "viewer", hash_password("viewer-password"), "viewer")
    return {"Authorization": f"Bearer {token_for(client, 'viewer', 'viewer-password')}"}
