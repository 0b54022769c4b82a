"""The FastAPI app: one object, served by the Functions host and by uvicorn alike.

Routes carry the `/api` prefix themselves (the host passes the full path). Creating the app
connects nowhere; the pool opens with the first request that needs it.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

import psycopg
import psycopg_pool
from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from functions.api import auth
from functions.api.deps import close_pool, pool
from functions.api.fastpath import CachedTopPlants
from functions.api.observability import RequestObserver
from functions.api.routes import auth as auth_routes
from functions.api.routes import health, ingestions, plants, uploads
from functions.errors import first_line
from functions.localservices import PROJECT_ROOT
from functions.settings import get_settings

log = logging.getLogger(__name__)
WEB_DIST = PROJECT_ROOT / "web" / "dist"


def prepare() -> None:
    """Start-up work: refuse a weak JWT secret; open the pool (migrate, bootstrap admin)."""
    auth.signing_key(get_settings())  # raises ConfigError outside dev mode
    pool()


@asynccontextmanager
async def lifespan(app: FastAPI):
    await run_in_threadpool(prepare)
    yield
    close_pool()


async def _database_unavailable(request: Request, error: Exception) -> JSONResponse:
    log.warning("database unavailable: %s", first_line(error))
    return JSONResponse({"detail": "database unavailable"}, status_code=503)


async def _internal_error(request: Request, error: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=error)
    return JSONResponse({"detail": "internal error"}, status_code=500)


class SinglePageApp(StaticFiles):
    """The built web app: its files, and index.html for its client-side routes.

    A reload of `/upload` or a shared `/?state=TX` link must get index.html (the browser
    router then shows the page). Only paths that look like pages fall back: `/api/...`
    stays a JSON 404 and a missing asset (a name with a dot) stays a 404.
    """

    async def get_response(self, path: str, scope: Scope):
        try:
            response = await super().get_response(path, scope)
        except StarletteHTTPException as error:
            page = path.strip("/")
            is_page = not (page == "api" or page.startswith("api/") or "." in page.rsplit("/", 1)[-1])
            if error.status_code != 404 or not is_page:
                raise
            response = await super().get_response("index.html", scope)
        # Vite puts a content hash in every asset's name: those never change. index.html
        # names the current ones, so browsers must revalidate it after each build.
        immutable = path.startswith("assets/") and response.status_code == 200
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable" if immutable else "no-cache"
        return response


def create_app(web_dist: Path | None = WEB_DIST) -> FastAPI:
    app = FastAPI(
        title="eGRID plants API",
        summary="Top U.S. power plants by annual net generation (EPA eGRID)",
        version="1",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
        swagger_ui_oauth2_redirect_url="/api/docs/oauth2-redirect",
        lifespan=lifespan,
    )
    for module in (auth_routes, plants, uploads, ingestions, health):
        app.include_router(module.router)
    app.add_exception_handler(psycopg.OperationalError, _database_unavailable)
    app.add_exception_handler(psycopg_pool.PoolTimeout, _database_unavailable)
    app.add_exception_handler(Exception, _internal_error)
    app.add_middleware(CachedTopPlants)  # inner: runs after the observer below
    app.add_middleware(RequestObserver)  # outermost: ids, logs and metrics for every request
    if web_dist is not None and web_dist.is_dir():  # the built web app, when there is one
        app.mount("/", SinglePageApp(directory=web_dist, html=True), name="web")
    return app


api = create_app()
