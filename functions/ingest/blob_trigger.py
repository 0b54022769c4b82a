"""The Azure blob trigger: every blob written to the uploads container is ingested.

Registered from function_app.py. The binding hands us an azure-storage-blob `BlobClient`
(SDK-type binding), so the blob is streamed in chunks, never loaded whole.

Errors: a bad file is recorded as a failed ingestion and *not* raised (retrying cannot
fix it, and five failures would park it in the poison queue). A transient fault, such as
the database being unreachable, is raised so that the host retries the blob.
"""

from __future__ import annotations

import logging

import azure.functions as func
import azurefunctions.extensions.bindings.blob as blob

from functions.ingest.blobs import ingest_blob
from functions.settings import get_settings

log = logging.getLogger(__name__)

# Read when the host indexes the function (no connection, no required setting): the
# container name, and the trigger's source: polling ("LogsAndContainerScan", works with
# Azurite) or "EventGrid" (required on Flex Consumption).
_settings = get_settings()

bp = func.Blueprint()


@bp.function_name("ingest_blob")
@bp.blob_trigger(
    arg_name="client",
    path=f"{_settings.uploads_container}/{{name}}",
    connection="AzureWebJobsStorage",
    source=func.BlobSource(_settings.blob_trigger_source),
)
def ingest_uploaded_blob(client: blob.BlobClient) -> None:
    result = ingest_blob(client, origin="blob-trigger")
    if result.status == "failed":
        log.warning("ingestion %s of %s failed: %s", result.ingestion_id, client.blob_name,
                    result.error)
