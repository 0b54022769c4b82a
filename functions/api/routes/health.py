"""Liveness, readiness (database and storage, with latencies) and Prometheus metrics."""

from __future__ import annotations

import time

from fastapi import APIRouter, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from functions.api.deps import SettingsDep, pool
from functions.api.observability import registry
from functions.errors import describe
from functions.settings import Settings
from functions.storage import blob_service

router = APIRouter(prefix="/api", tags=["health"])


@router.get("/health", summary="Liveness")
async def health() -> dict:
    return {"status": "ok"}


def _timed(check) -> dict:
    start = time.perf_counter()
    try:
        check()
    except Exception as error:  # noqa: BLE001 - any failure makes the check fail
        return {"status": "fail", "error": describe(error)[:200],
                "latency_ms": round((time.perf_counter() - start) * 1000, 1)}
    return {"status": "ok", "latency_ms": round((time.perf_counter() - start) * 1000, 1)}


def _checks(settings: Settings) -> dict:
    def database() -> None:
        with pool().connection(timeout=5) as conn:
            conn.execute("SELECT 1")

    def storage() -> None:
        client = blob_service(settings, retry_total=0, connection_timeout=3, read_timeout=3)
        client.get_container_client(settings.uploads_container).get_container_properties()

    return {"database": _timed(database), "storage": _timed(storage)}


@router.get("/health/ready", summary="Readiness: the database and storage answer")
async def ready(settings: SettingsDep) -> JSONResponse:
    checks = await run_in_threadpool(_checks, settings)
    ok = all(c["status"] == "ok" for c in checks.values())
    return JSONResponse({"status": "ok" if ok else "fail", "checks": checks},
                        status_code=200 if ok else 503)


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
async def metrics() -> Response:
    body = await run_in_threadpool(generate_latest, registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
