"""Response models: the API's JSON shapes (and its OpenAPI schema)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel


class Token(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int


class Years(BaseModel):
    years: list[int]
    latest: int | None


class StateSummary(BaseModel):
    code: str
    name: str
    plants: int
    net_generation_mwh: float | None


class States(BaseModel):
    year: int | None
    states: list[StateSummary]


class RankedPlant(BaseModel):
    rank: int
    plant_code: int
    name: str | None
    state: str
    net_generation_mwh: float | None
    capacity_mw: float | None
    generators: int
    primary_fuel: str | None


class TopPlants(BaseModel):
    year: int | None
    state: str | None
    n: int
    total_plants: int
    plants: list[RankedPlant]


class Generator(BaseModel):
    generator_id: str
    status: str | None
    prime_mover: str | None
    fuel: str | None
    capacity_mw: float | None
    capacity_factor: float | None
    net_generation_mwh: float | None
    ozone_net_generation_mwh: float | None
    year_online: int | None
    year_retired: int | None


class PlantDetail(BaseModel):
    year: int
    plant_code: int
    name: str | None
    state: str
    generators: int
    capacity_mw: float | None
    net_generation_mwh: float | None
    primary_fuel: str | None
    generator_list: list[Generator]


class Reject(BaseModel):
    line: int
    reason: str


class Ingestion(BaseModel):
    id: int
    blob_name: str
    source: str
    original_name: str | None  # the uploader's file name (API uploads only)
    uploaded_by: str | None  # the user who uploaded it (API uploads only)
    status: str
    size_bytes: int | None
    sha256: str | None
    rows_read: int | None
    rows_loaded: int | None
    rows_rejected: int | None
    rows_duplicate: int | None
    rows_replaced: int | None
    years: list[int] | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    duration_ms: int | None
    error: str | None
    rejects: list[Reject]


class Ingestions(BaseModel):
    ingestions: list[Ingestion]


class UploadAccepted(BaseModel):
    ingestion_id: int
    blob_name: str
