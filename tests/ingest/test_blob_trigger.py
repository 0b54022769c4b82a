"""The Azure blob trigger, called as the Functions host calls it, on real Azurite + PostgreSQL.

The host sends the worker "model binding data" (connection name, container, blob name);
the SDK-type extension's converter turns it into an azure-storage-blob BlobClient, and the
worker calls our function with it. We do the same steps, minus the host process.
"""

from __future__ import annotations

import json
import uuid

import psycopg
import pytest
from azure.storage.blob import BlobServiceClient
from azurefunctions.extensions.base import Datum
from azurefunctions.extensions.bindings.blob import BlobClient as BlobClientType
from azurefunctions.extensions.bindings.blob.blobClientConverter import BlobClientConverter

from functions.settings import get_settings
from functions.store import ingestions
from tests.conftest import SAMPLE

pytestmark = pytest.mark.integration


class ModelBindingData:
    """The shape of the host's ModelBindingData message."""

    def __init__(self, container: str, blob: str) -> None:
        self.version = "1.0"
        self.source = "AzureStorageBlobs"
        self.content_type = "application/json"
        self.content = json.dumps({"Connection": "AzureWebJobsStorage", "ContainerName": container,
                                   "BlobName": blob})


@pytest.fixture(scope="module")
def trigger_function(azure_functions):
    function = azure_functions["ingest_blob"]
    binding = function.get_bindings()[0]
    assert (binding.type, binding.connection, binding.path) == ("blobTrigger", "AzureWebJobsStorage",
                                                                 "uploads/{name}")
    return function.get_user_function()


@pytest.fixture
def environment(monkeypatch, azurite, database_url):
    monkeypatch.setenv("AzureWebJobsStorage", azurite.url)
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    container = f"uploads-{uuid.uuid4().hex[:8]}"
    BlobServiceClient.from_connection_string(azurite.url).create_container(container)
    yield container
    get_settings.cache_clear()


def fire(trigger_function, container: str, name: str, data: bytes) -> None:
    service = BlobServiceClient.from_connection_string(get_settings().storage_connection)
    service.get_blob_client(container, name).upload_blob(data, overwrite=True)
    datum = Datum(value=ModelBindingData(container, name), type="model_binding_data")
    client = BlobClientConverter.decode(datum, trigger_metadata={}, pytype=BlobClientType)
    trigger_function(client)


def test_an_uploaded_blob_lands_in_the_database(trigger_function, environment, db):
    fire(trigger_function, environment, "GEN23.csv", SAMPLE.read_bytes())
    record = ingestions.recent(db, 1)[0]
    assert (record["blob_name"], record["source"], record["status"]) == ("GEN23.csv", "blob-trigger",
                                                                          "succeeded")
    assert record["blob_etag"] and record["size_bytes"] == SAMPLE.stat().st_size
    assert db.execute("SELECT count(*) FROM generators").fetchone()[0] == 26_601
    top = db.execute("SELECT plant_code FROM plants WHERE state = 'TX' "
                     "ORDER BY net_generation_mwh DESC NULLS LAST LIMIT 1").fetchone()
    assert top == (6251,)


def test_a_second_delivery_is_unchanged(trigger_function, environment, db):
    data = SAMPLE.read_bytes()
    fire(trigger_function, environment, "GEN23.csv", data)
    fire(trigger_function, environment, "GEN23.csv", data)  # at-least-once delivery
    statuses = [r["status"] for r in ingestions.recent(db, 2)]
    assert statuses == ["unchanged", "succeeded"]
    assert db.execute("SELECT count(*) FROM generators").fetchone()[0] == 26_601


def test_a_bad_file_is_recorded_not_raised(trigger_function, environment, db):
    fire(trigger_function, environment, "notes.csv", b'{"not": "csv"}')  # returns: no poison retries
    record = ingestions.recent(db, 1)[0]
    assert (record["status"], record["error"]) == ("failed", "not a CSV file: looks like JSON")
    assert record["retryable"] is False


def test_an_unreachable_database_is_raised_so_the_host_retries(trigger_function, environment,
                                                                 monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:9/none")
    get_settings.cache_clear()
    with pytest.raises(psycopg.OperationalError):
        fire(trigger_function, environment, "GEN23.csv", SAMPLE.read_bytes())
