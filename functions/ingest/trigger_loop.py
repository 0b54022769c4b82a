"""The local blob trigger: poll the uploads container and ingest every new blob version.

In Azure the Functions host's blob trigger calls `ingest_blob`; locally (`make dev`) there
is no host, so this loop lists the container every TRIGGER_POLL_SECONDS and calls the same
function. A blob version is identified by (name, ETag) and remembered in the database (its
ingestion record), not in memory: a restart reprocesses nothing, a re-upload (new ETag) is
seen again, and whether its bytes changed is the pipeline's business ("unchanged").
"""

from __future__ import annotations

import logging
import threading

import psycopg
from azure.core.exceptions import AzureError
from azure.storage.blob import BlobProperties, ContainerClient

from functions.errors import describe
from functions.ingest.blobs import ingest_blob
from functions.ingest.pipeline import IngestResult
from functions.settings import Settings
from functions.storage import blob_service
from functions.store import ingestions
from functions.store.db import connect

log = logging.getLogger(__name__)

ORIGIN = "local-trigger"
# Storage or database unreachable: nothing is wrong with the blob, so try it again later.
# (AzureError covers ServiceRequestError and ServiceResponseError.)
TRANSIENT = (psycopg.OperationalError, AzureError)

def pending(container_client: ContainerClient, settings: Settings) -> list[BlobProperties]:
    """Blobs whose version (name, ETag) still needs ingesting, oldest first, as they arrived.

    The database decides (store.ingestions.already_seen): a version with no record, or whose
    attempts failed for a passing reason (fewer than MAX_RETRIES of them), is pending.
    """
    blobs = sorted(container_client.list_blobs(), key=lambda b: (b.last_modified, b.name))
    if not blobs:
        return []  # no database round trip for an empty container
    with connect(settings.require_database(), autocommit=True) as conn:
        return [b for b in blobs if not ingestions.already_seen(conn, b.name, b.etag)]


def _log_outcome(name: str, result: IngestResult) -> None:
    c = result.counts
    if result.status == "succeeded":
        log.info("%s: %s succeeded (ingestion %s): %s rows loaded, %s rejected, years %s",
                 ORIGIN, name, result.ingestion_id, f"{c.rows_loaded:,}", f"{c.rows_rejected:,}",
                 ", ".join(map(str, c.years)) or "-")
    elif result.status == "unchanged":
        log.info("%s: %s unchanged (ingestion %s): the same bytes are already loaded",
                 ORIGIN, name, result.ingestion_id)
    else:
        log.warning("%s: %s %s (ingestion %s): %s", ORIGIN, name, result.status,
                    result.ingestion_id, result.error)


def poll_once(container_client: ContainerClient, settings: Settings, *,
              stop_event: threading.Event | None = None) -> list[IngestResult]:
    """Ingest every pending blob, oldest first; return the outcomes.

    One blob's error never stops the others; a transient one (storage or database
    unreachable) leaves the blob pending for the next poll. Listing or database errors
    before any blob propagate to the caller. `stop_event` is checked between blobs so a
    shutdown need not wait for a backlog.
    """
    results: list[IngestResult] = []
    for blob in pending(container_client, settings):
        if stop_event is not None and stop_event.is_set():
            break
        try:
            result = ingest_blob(container_client.get_blob_client(blob.name), origin=ORIGIN,
                                 settings=settings)
        except TRANSIENT as error:
            log.warning("%s: %s not ingested, retrying next poll: %s", ORIGIN, blob.name,
                        describe(error))
            continue
        except Exception:  # noqa: BLE001 - a bug must not stop the loop; the record says failed
            log.exception("%s: %s failed with an unexpected error", ORIGIN, blob.name)
            continue
        _log_outcome(blob.name, result)
        results.append(result)
    return results


def run(settings: Settings, stop_event: threading.Event) -> None:
    """Poll until `stop_event` is set. Never raises for a blob or an unreachable service."""
    # The SDK's default retries back off for about a minute; the loop retries anyway on
    # its next poll, so fail within seconds and keep a stop prompt.
    container = blob_service(
        settings, retry_total=2, initial_backoff=1, increment_base=2,
    ).get_container_client(settings.uploads_container)
    log.info("%s: watching container %r every %s s", ORIGIN, settings.uploads_container,
             settings.trigger_poll_seconds)
    while not stop_event.is_set():
        try:
            poll_once(container, settings, stop_event=stop_event)
        except TRANSIENT as error:
            log.warning("%s: poll failed, retrying in %s s: %s", ORIGIN,
                        settings.trigger_poll_seconds, describe(error))
        except Exception:  # noqa: BLE001 - keep polling; the traceback shows the bug
            log.exception("%s: poll failed unexpectedly", ORIGIN)
        stop_event.wait(settings.trigger_poll_seconds)
    log.info("%s: stopped", ORIGIN)
