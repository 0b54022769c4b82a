"""The ASGI app `make bench-api` serves: the product API plus a bare reference endpoint.

`/bare` answers a constant JSON straight from a raw ASGI callable (no FastAPI, no
middleware, no auth); every other request, and the lifespan, goes to
`functions.api.app.api` unchanged. Both therefore run in the same uvicorn process, on the
same event loop and HTTP parser, so the bare endpoint's throughput is the ceiling the
real endpoint is compared with. For the benchmark only.
"""

from __future__ import annotations

from functions.api.app import api

BARE_PATH = "/bare"
BARE_BODY = b'{"status":"ok"}'
BARE_HEADERS = [(b"content-type", b"application/json"),
                (b"content-length", str(len(BARE_BODY)).encode())]


async def app(scope, receive, send) -> None:
    if scope["type"] == "http" and scope["path"] == BARE_PATH:
        await send({"type": "http.response.start", "status": 200, "headers": BARE_HEADERS})
        await send({"type": "http.response.body", "body": BARE_BODY})
        return
    await api(scope, receive, send)
