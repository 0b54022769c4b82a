from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from functions.api.deps import AdminUser, Conn
from functions.api.models import Ingestion, Ingestions
from functions.store import ingestions

router = APIRouter(prefix="/api/v1/ingestions", tags=["ingestions"])


@router.get("", response_model=Ingestions, summary="Ingestion records, newest first (admin)")
def list_ingestions(user: AdminUser, conn: Conn,
                    limit: Annotated[int, Query(ge=1, le=500)] = 50) -> Ingestions:
    return Ingestions(ingestions=[Ingestion.model_validate(r) for r in ingestions.recent(conn, limit)])


@router.get("/{ingestion_id}", response_model=Ingestion, summary="One ingestion record (admin)")
def get_ingestion(ingestion_id: int, user: AdminUser, conn: Conn) -> Ingestion:
    record = ingestions.get(conn, ingestion_id)
    if record is None:
        raise HTTPException(404, detail=f"no ingestion {ingestion_id}")
    return Ingestion.model_validate(record)
