"""Ingest a blob, streamed: what both the Azure blob trigger and the local trigger loop call."""

from __future__ import annotations

from azure.storage.blob import BlobClient, StorageStreamDownloader

from functions.ingest.pipeline import IngestResult, ingest
from functions.settings import Settings

# Blob metadata an API upload sets: the id of the record queued for the blob.
QUEUED_ID_METADATA = "ingestion_id"


class BlobStream:
    """A read-only file over a blob download: fetched in chunks (4 MiB each by default,
    the first up to 32 MiB), never the whole blob at once."""

    def __init__(self, downloader: StorageStreamDownloader) -> None:
        self._downloader = downloader

    def read(self, n: int = -1) -> bytes:
        return self._downloader.read(n if n is not None and n >= 0 else -1)


def ingest_blob(client: BlobClient, *, origin: str, settings: Settings | None = None) -> IngestResult:
    downloader = client.download_blob()
    queued = (downloader.properties.metadata or {}).get(QUEUED_ID_METADATA, "")
    return ingest(
        BlobStream(downloader),
        client.blob_name,
        origin=origin,
        etag=downloader.properties.etag,
        size=downloader.size,
        settings=settings,
        queued_id=int(queued) if queued.isdigit() else None,
    )
