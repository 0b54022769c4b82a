"""Read endpoints: the same answers as the CLI's query module, and every error."""

from __future__ import annotations

import pytest

from functions.store import queries
from functions.store.db import connect

pytestmark = pytest.mark.integration


def test_years_and_states(client, viewer_headers):
    assert client.get("/api/v1/years", headers=viewer_headers).json() == {"years": [2023], "latest": 2023}
    body = client.get("/api/v1/states", headers=viewer_headers).json()
    assert body["year"] == 2023 and len(body["states"]) == 52
    texas = next(s for s in body["states"] if s["code"] == "TX")
    assert (texas["name"], texas["plants"]) == ("Texas", 824)
    assert [s["code"] for s in body["states"]] == sorted(s["code"] for s in body["states"])


@pytest.mark.parametrize("params, expected", [
    ("n=10&state=TX&year=2023", {"n": 10, "state": "TX", "year": 2023}),
    ("state=tx&n=5", {"n": 5, "state": "TX"}),
    ("", {"n": 10}),
    ("n=1000", {"n": 1000}),
])
def test_top_equals_the_cli_query(client, viewer_headers, api_database, params, expected):
    response = client.get(f"/api/v1/plants/top?{params}", headers=viewer_headers)
    assert response.status_code == 200
    with connect(api_database) as conn:
        assert response.json() == queries.top_plants(conn, **expected)


def test_top_in_texas(client, viewer_headers):
    body = client.get("/api/v1/plants/top?state=TX&n=5", headers=viewer_headers).json()
    assert body["plants"][0]["name"] == "South Texas Project" and len(body["plants"]) == 5


@pytest.mark.parametrize("params, status, detail", [
    ("n=0", 422, None), ("n=1001", 422, None), ("n=abc", 422, None),
    ("state=ZZ", 422, "unknown state code 'ZZ'"), ("year=1900", 404, "no data for year 1900"),
])
def test_top_errors(client, viewer_headers, params, status, detail):
    response = client.get(f"/api/v1/plants/top?{params}", headers=viewer_headers)
    assert response.status_code == status
    assert "detail" in response.json()
    if detail:
        assert response.json()["detail"] == detail


def test_etag_and_304(client, viewer_headers):
    first = client.get("/api/v1/plants/top?state=CA", headers=viewer_headers)
    etag = first.headers["etag"]
    again = client.get("/api/v1/plants/top?state=CA", headers={**viewer_headers, "If-None-Match": etag})
    assert again.status_code == 304 and again.headers["etag"] == etag
    other = client.get("/api/v1/plants/top?state=NY", headers=viewer_headers)
    assert other.headers["etag"] != etag


def test_plant_detail(client, viewer_headers):
    body = client.get("/api/v1/plants/6008", headers=viewer_headers).json()
    assert (body["name"], body["state"], body["generators"]) == ("Palo Verde", "AZ", 3)
    assert len(body["generator_list"]) == 3
    assert client.get("/api/v1/plants/999999", headers=viewer_headers).status_code == 404
