"""The cached fast path answers exactly as the route does, and only when it may."""

from __future__ import annotations

import pytest

from functions.api import cache as cache_module
from functions.api.fastpath import CachedTopPlants

pytestmark = pytest.mark.integration
URL = "/api/v1/plants/top?state=NV&n=7"


def scope(query: bytes, headers: dict[bytes, bytes]) -> dict:
    return {"type": "http", "method": "GET", "path": "/api/v1/plants/top", "query_string": query,
            "headers": list(headers.items())}


def test_fast_answers_equal_the_routes(client, viewer_headers, monkeypatch):
    monkeypatch.setattr(cache_module, "VERSION_TTL_SECONDS", 60.0)
    first = client.get(URL, headers=viewer_headers)  # the route: queries and fills the cache
    fast = CachedTopPlants(app=None)
    auth = {b"authorization": viewer_headers["Authorization"].encode()}
    status, headers, body = fast._cached(scope(b"state=NV&n=7", auth))
    assert (status, body) == (200, first.content)
    assert dict(headers)[b"etag"].decode() == first.headers["etag"]
    second = client.get(URL, headers=viewer_headers)  # now served by the fast path
    assert (second.status_code, second.content, second.headers["etag"], second.headers["content-type"]) == (
        200, first.content, first.headers["etag"], first.headers["content-type"])
    etag = dict(headers)[b"etag"]
    assert fast._cached(scope(b"state=NV&n=7", {**auth, b"if-none-match": etag}))[0] == 304


@pytest.mark.parametrize("query, authorization", [
    (b"state=NV&n=7", None),  # no token: the route answers 401
    (b"state=NV&n=7", b"Bearer garbage"),
    (b"state=ZZ&n=7", "token"),  # invalid: the route answers 422
    (b"state=NV&n=0", "token"),
    (b"state=NV&n=7&n=8", "token"),  # repeated
    (b"state=NV&n=7&x=1", "token"),  # unknown parameter
    (b"state=NV&n=8", "token"),  # not cached yet
])
def test_everything_else_goes_to_the_route(client, viewer_headers, monkeypatch, query, authorization):
    monkeypatch.setattr(cache_module, "VERSION_TTL_SECONDS", 60.0)
    client.get(URL, headers=viewer_headers)
    headers = {}
    if authorization == "token":
        headers[b"authorization"] = viewer_headers["Authorization"].encode()
    elif authorization:
        headers[b"authorization"] = authorization
    assert CachedTopPlants(app=None)._cached(scope(query, headers)) is None
