"""The built web app under the API: files, index.html for client routes, /api untouched.

No database needed: without `with TestClient(...)` the lifespan (pool) never starts, and
none of these paths reaches a route that connects.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from functions.api.app import create_app

INDEX = "<!doctype html><title>eGRID plants</title><div id=root></div>"


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX)
    (tmp_path / "assets" / "app-1234.js").write_text("console.log('app')")
    return TestClient(create_app(web_dist=tmp_path))


@pytest.mark.parametrize("path", ["/", "/upload", "/signin", "/upload/", "/?state=TX&n=5"])
def test_pages_get_the_app(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-cache"  # a new build's index is seen at once


def test_assets_are_served_and_missing_ones_are_404(client: TestClient) -> None:
    asset = client.get("/assets/app-1234.js")
    assert asset.text == "console.log('app')"
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert client.get("/assets/gone-0000.js").status_code == 404
    assert client.get("/favicon.ico").status_code == 404


@pytest.mark.parametrize("path", ["/api", "/api/", "/api/v1/nothing-here", "/api/v2/plants"])
def test_api_paths_never_fall_back_to_the_app(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_api_routes_still_answer(client: TestClient) -> None:
    assert client.get("/api/health").json() == {"status": "ok"}


def test_without_a_build_there_is_no_app(tmp_path: Path) -> None:
    client = TestClient(create_app(web_dist=tmp_path / "missing"))
    assert client.get("/upload").status_code == 404
    assert client.get("/api/health").status_code == 200
