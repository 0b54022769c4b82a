"""Uploads end to end, ingestion records, health, metrics, docs, and the Azure wiring."""

from __future__ import annotations

import io
import time

import azure.functions as func
import pytest
from azure.storage.blob import BlobServiceClient

from functions.ingest.trigger_loop import poll_once
from functions.settings import get_settings
from tests.conftest import REAL_FILES

pytestmark = pytest.mark.integration


def test_upload_goes_through_storage_and_the_trigger_into_the_data(client, admin_headers, viewer_headers):
    data = REAL_FILES["display_formatted"].read_bytes()
    response = client.post("/api/v1/uploads", headers=admin_headers,
                           files={"file": ("../../etc/GEN23 formatted.csv", data, "text/csv")})
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["blob_name"].startswith("api/") and "etc" not in body["blob_name"]
    record = client.get(f"/api/v1/ingestions/{body['ingestion_id']}", headers=admin_headers).json()
    assert record["status"] == "queued" and record["source"] == "upload"
    # The history names the file as the admin knows it, and who sent it.
    assert (record["original_name"], record["uploaded_by"]) == ("GEN23_formatted.csv", "admin")
    settings = get_settings()
    container = BlobServiceClient.from_connection_string(settings.storage_connection).get_container_client(
        settings.uploads_container)
    blob = container.get_blob_client(body["blob_name"]).get_blob_properties()
    assert blob.metadata["original_name"] == "GEN23_formatted.csv"
    poll_once(container, settings)  # what the trigger (loop) does with every new blob
    record = client.get(f"/api/v1/ingestions/{body['ingestion_id']}", headers=admin_headers).json()
    assert (record["status"], record["rows_loaded"], record["years"]) == ("succeeded", 26_601, [2023])
    listed = client.get("/api/v1/ingestions", headers=admin_headers).json()["ingestions"]
    assert listed[0]["id"] == body["ingestion_id"]
    total = client.get("/api/v1/plants/top?n=1", headers=viewer_headers).json()
    assert total["plants"][0]["net_generation_mwh"] == 31_522_590  # the rounded file is now loaded


@pytest.mark.parametrize("content, status, detail", [
    (b"PK\x03\x04[Content_Types].xml" + bytes(100), 415, "not a CSV file: looks like an Excel workbook (.xlsx)"),
    (b"", 415, "empty file"),
    (b"YEAR,PSTATEABB,PNAME,ORISPL,GENID\n2023,TX,a,1,g\n", 422, "missing required column: GENNTAN"),
])
def test_bad_uploads_are_refused_at_once(client, admin_headers, content, status, detail):
    response = client.post("/api/v1/uploads", headers=admin_headers, files={"file": ("x.csv", content)})
    assert (response.status_code, response.json()["detail"]) == (status, detail)


def test_uploads_over_the_limit_are_413(client, admin_headers, monkeypatch):
    monkeypatch.setenv("MAX_UPLOAD_MB", "1")
    get_settings.cache_clear()
    try:
        big = io.BytesIO(b"x" * (2 * 2**20))
        response = client.post("/api/v1/uploads", headers=admin_headers, files={"file": ("big.csv", big)})
        assert response.status_code == 413
    finally:
        monkeypatch.delenv("MAX_UPLOAD_MB")
        get_settings.cache_clear()


def test_health_ready_and_metrics(client, viewer_headers):
    assert client.get("/api/health").json() == {"status": "ok"}
    ready = client.get("/api/health/ready")
    assert ready.status_code == 200
    checks = ready.json()["checks"]
    assert checks["database"]["status"] == "ok" and checks["storage"]["status"] == "ok"
    assert checks["database"]["latency_ms"] >= 0
    client.get("/api/v1/plants/top?state=TX", headers=viewer_headers)
    text = client.get("/api/metrics").text
    assert 'egrid_http_requests_total{method="GET",route="/api/v1/plants/top",status="200"}' in text
    assert "egrid_http_request_duration_seconds_bucket" in text
    assert 'egrid_ingestions_total{status="succeeded"}' in text
    assert 'egrid_db_pool_connections{state="open"}' in text


def test_request_ids_are_echoed_or_made(client):
    assert client.get("/api/health", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"] == "abc-123"
    assert len(client.get("/api/health").headers["x-request-id"]) == 32


def test_docs_and_openapi(client):
    assert client.get("/api/docs").status_code == 200
    spec = client.get("/api/openapi.json").json()
    assert "/api/v1/plants/top" in spec["paths"]
    assert spec["components"]["securitySchemes"]["OAuth2PasswordBearer"]["flows"]["password"][
        "tokenUrl"] == "/api/v1/auth/token"


def test_a_request_through_the_azure_functions_http_function(client, viewer_headers, azure_functions):
    """The AsgiFunctionApp function of function_app.py, given a func.HttpRequest as the host would."""
    http = azure_functions["http_app_func"]
    request = func.HttpRequest(method="GET", url="http://localhost/api/v1/plants/top?state=TX&n=3",
                               headers=viewer_headers, params={"state": "TX", "n": "3"},
                               route_params={"route": "v1/plants/top"}, body=b"")
    started = time.monotonic()
    response = _call(http.get_user_function(), request)
    assert time.monotonic() - started < 60
    assert response.status_code == 200, response.get_body()
    import json

    body = json.loads(response.get_body())
    assert body["state"] == "TX" and [p["plant_code"] for p in body["plants"]][0] == 6251


def _call(function, request):
    import asyncio
    import inspect

    context = type("Context", (), {"invocation_id": "test", "function_name": "http_app_func",
                                   "function_directory": ".", "trace_context": None,
                                   "retry_context": None, "thread_local_storage": None})()
    kwargs = {"req": request}
    if "context" in inspect.signature(function).parameters:
        kwargs["context"] = context
    result = function(**kwargs)
    return asyncio.run(result) if inspect.isawaitable(result) else result
