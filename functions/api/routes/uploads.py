"""POST /api/v1/uploads: an admin sends a GEN CSV; it goes to the uploads container, where
the blob trigger (or the local trigger loop) ingests it like any other blob."""

from __future__ import annotations

import io
import re
import uuid
from datetime import UTC, datetime

from azure.core.exceptions import AzureError
from fastapi import APIRouter, HTTPException, UploadFile

from functions.api.deps import AdminUser, Conn, SettingsDep
from functions.api.models import UploadAccepted
from functions.egrid.errors import BadFile, NotCsv
from functions.egrid.reader import HEAD_BYTES, open_egrid_csv
from functions.ingest.blobs import QUEUED_ID_METADATA
from functions.storage import blob_service
from functions.store import ingestions

router = APIRouter(prefix="/api/v1", tags=["uploads"])


def _check_head(head: bytes) -> None:
    """Refuse at once what the reader would refuse: 415 not CSV, 422 not an eGRID sheet."""
    try:
        open_egrid_csv(io.BytesIO(head))
    except NotCsv as problem:
        raise HTTPException(415, detail=str(problem)) from None
    except BadFile as problem:
        raise HTTPException(422, detail=str(problem)) from None


def _safe_name(filename: str | None) -> str:
    """The client's file name, for the record only (never part of a storage path)."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", (filename or "upload.csv").rsplit("/", 1)[-1])
    return base[:100] or "upload.csv"


@router.post("/uploads", status_code=202, response_model=UploadAccepted,
             summary="Upload an eGRID generator CSV to be ingested (admin)")
def upload(file: UploadFile, user: AdminUser, conn: Conn, settings: SettingsDep) -> UploadAccepted:
    limit = settings.max_upload_mb * 2**20
    if file.size is not None and file.size > limit:
        raise HTTPException(413, detail=f"file larger than {settings.max_upload_mb} MB")
    _check_head(file.file.read(HEAD_BYTES))
    file.file.seek(0)
    # Server-side name: date and a random id; the client's name only goes into metadata.
    blob_name = f"api/{datetime.now(UTC):%Y/%m/%d}/{uuid.uuid4().hex}.csv"
    original_name = _safe_name(file.filename)
    ingestion_id = ingestions.create(conn, blob_name=blob_name, source="upload", size_bytes=file.size,
                                     original_name=original_name, uploaded_by=user.username)
    blob = blob_service(settings).get_blob_client(
        settings.uploads_container, blob_name)
    try:
        # Streams from the spooled upload in blocks; the file is never whole in memory.
        blob.upload_blob(file.file, length=file.size, metadata={
            QUEUED_ID_METADATA: str(ingestion_id), "original_name": original_name,
            "uploaded_by": user.username}, max_concurrency=2)
    except AzureError as error:
        ingestions.mark_failed(conn, ingestion_id, f"upload to storage failed: {type(error).__name__}",
                               retryable=True)
        raise HTTPException(503, detail="storage unavailable: the upload was not stored") from None
    return UploadAccepted(ingestion_id=ingestion_id, blob_name=blob_name)
