"""Years, states and plants: the read side, served from the cache when the data is unchanged."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from functions.api.cache import VersionedCache
from functions.api.deps import CurrentUser, pool
from functions.api.models import PlantDetail, States, TopPlants, Years
from functions.store import queries

router = APIRouter(prefix="/api/v1", tags=["plants"])
cache = VersionedCache()
CACHE_CONTROL = "private, no-cache"  # may be stored, but revalidated (ETag) every time


def etag_for(version: str, key: tuple) -> str:
    return '"' + hashlib.blake2b(f"{version}|{key}".encode(), digest_size=12).hexdigest() + '"'


def top_key(n: int, state: str | None, year: int | None) -> tuple:
    """The cache key of a top-N answer (shared with the fast path, functions.api.fastpath)."""
    return ("top", n, state, year)


def _read_version() -> str:
    with pool().connection() as conn:
        return queries.data_version(conn)


async def _answer(request: Request, key: tuple, model: type[BaseModel],
                  query: Callable[[Any], dict]) -> Response:
    """The JSON for `key`, from the cache or the database, with an ETag (304 if it matches)."""
    version = cache.current() or await run_in_threadpool(cache.version, _read_version)
    body = cache.get((version, key))
    if body is None:
        def run() -> bytes:
            with pool().connection() as conn:
                return model.model_validate(query(conn)).model_dump_json().encode()

        try:
            body = await run_in_threadpool(run)
        except queries.NotFound as error:
            raise HTTPException(404, detail=str(error)) from None
        except ValueError as error:
            raise HTTPException(422, detail=str(error)) from None
        cache.put((version, key), body)
    etag = etag_for(version, key)
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


@router.get("/years", response_model=Years, summary="Data years loaded, newest first")
async def years(request: Request, user: CurrentUser) -> Response:
    def query(conn) -> dict:
        found = queries.years(conn)
        return {"years": found, "latest": found[0] if found else None}

    return await _answer(request, ("years",), Years, query)


@router.get("/states", response_model=States, summary="States with data: plants and total generation")
async def states(request: Request, user: CurrentUser, year: int | None = None) -> Response:
    return await _answer(request, ("states", year), States, lambda conn: queries.states(conn, year))


@router.get("/plants/top", response_model=TopPlants,
            summary="Top N plants by annual net generation, optionally for one state and year")
async def top_plants(request: Request, user: CurrentUser,
                     n: Annotated[int, Query(ge=1, le=1000, description="how many plants")] = 10,
                     state: Annotated[str | None, Query(description="two-letter code, e.g. TX")] = None,
                     year: Annotated[int | None, Query(description="default: the latest")] = None,
                     ) -> Response:
    try:
        code = queries.normalise_state(state)
    except ValueError as error:
        raise HTTPException(422, detail=str(error)) from None
    return await _answer(request, top_key(n, code, year), TopPlants,
                         lambda conn: queries.top_plants(conn, n=n, state=code, year=year))


@router.get("/plants/{plant_code}", response_model=PlantDetail, summary="One plant with its generators")
async def plant(request: Request, user: CurrentUser, plant_code: int, year: int | None = None) -> Response:
    return await _answer(request, ("plant", plant_code, year), PlantDetail,
                         lambda conn: queries.plant(conn, plant_code, year))


top_route = next(r for r in router.routes if getattr(r, "path", "") == "/api/v1/plants/top")
