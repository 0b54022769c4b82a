"""Request ids, one JSON log line per request, and Prometheus metrics."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

log = logging.getLogger("egrid.access")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")

registry = CollectorRegistry()
REQUESTS = Counter("egrid_http_requests", "HTTP requests", ["method", "route", "status"],
                   registry=registry)
LATENCY = Histogram("egrid_http_request_duration_seconds", "HTTP request latency", ["method", "route"],
                    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10),
                    registry=registry)


class StoreCollector(Collector):
    """Ingestion outcomes and rows from the database (every process's ingestions, not only
    this one's), and this process's connection pool use. Read at scrape time."""

    def collect(self):
        from functions.api.deps import pool

        outcomes = CounterMetricFamily("egrid_ingestions", "Ingestions by outcome", labels=["status"])
        rows = CounterMetricFamily("egrid_ingested_rows", "Rows of succeeded ingestions", labels=["kind"])
        seconds = CounterMetricFamily("egrid_ingest_duration_seconds", "Time spent ingesting (sum)")
        p = pool()
        try:
            with p.connection(timeout=3) as conn:
                by_status = conn.execute("SELECT status, count(*) FROM ingestions GROUP BY status").fetchall()
                loaded, rejected, total_ms = conn.execute(
                    "SELECT coalesce(sum(rows_loaded), 0), coalesce(sum(rows_rejected), 0),"
                    " coalesce(sum(duration_ms), 0) FROM ingestions WHERE status = 'succeeded'").fetchone()
        except Exception:  # noqa: BLE001 - a scrape must not fail with the database; readiness tells
            by_status, loaded, rejected, total_ms = [], 0, 0, 0
        for status, count in by_status:
            outcomes.add_metric([status], count)
        rows.add_metric(["loaded"], loaded)
        rows.add_metric(["rejected"], rejected)
        seconds.add_metric([], total_ms / 1000)
        stats = p.get_stats()
        use = GaugeMetricFamily("egrid_db_pool_connections", "Database pool connections", labels=["state"])
        use.add_metric(["open"], stats.get("pool_size", 0))
        use.add_metric(["idle"], stats.get("pool_available", 0))
        use.add_metric(["waiting_requests"], stats.get("requests_waiting", 0))
        yield from (outcomes, rows, seconds, use)


registry.register(StoreCollector())


class RequestObserver:
    """Pure ASGI middleware (no body buffering): request id, access log, metrics."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500

        async def send_with_id(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - start
            route = getattr(scope.get("route"), "path", "unmatched")
            REQUESTS.labels(scope["method"], route, str(status)).inc()
            LATENCY.labels(scope["method"], route).observe(elapsed)
            if log.isEnabledFor(logging.INFO):
                log.info(json.dumps({"request_id": request_id, "method": scope["method"],
                                     "path": scope["path"], "route": route, "status": status,
                                     "ms": round(elapsed * 1000, 2)}))
