"""Every setting the app reads from the environment, in one typed object.

The README's configuration table lists the same names; keep both in step.
Read through `get_settings()` (cached). Only the blob trigger's decorator reads it at import,
because the host takes the container and trigger source from the function's indexing.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(populate_by_name=True, extra="ignore")

    database_url: str = Field(
        default="", alias="DATABASE_URL",
        description="PostgreSQL URL (postgresql://user:pass@host:port/db); required to ingest or serve",
    )
    storage_connection: str = Field(
        default="", alias="AzureWebJobsStorage",
        description="Blob storage connection string (Azurite locally); the blob trigger's connection",
    )
    uploads_container: str = Field(default="uploads", alias="UPLOADS_CONTAINER",
                                   description="Blob container watched for eGRID CSV files")
    blob_trigger_source: Literal["LogsAndContainerScan", "EventGrid"] = Field(
        default="LogsAndContainerScan", alias="BLOB_TRIGGER_SOURCE",
        description="Blob trigger source: polling (Azurite, compose) or EventGrid (Flex Consumption)",
    )
    max_reject_ratio: float = Field(
        default=0.01, ge=0, le=1, alias="MAX_REJECT_RATIO",
        description="Largest share of rejected rows with which a file still loads (0.01 = 1 %)",
    )
    data_dir: Path = Field(default=Path(".local"), alias="DATA_DIR",
                           description="Where `make dev` keeps PostgreSQL and Azurite data")
    trigger_poll_seconds: float = Field(
        default=2.0, gt=0, alias="TRIGGER_POLL_SECONDS",
        description="How often the local trigger loop lists the uploads container",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", alias="LOG_LEVEL", description="Log level: DEBUG, INFO, WARNING or ERROR")

    def require_database(self) -> str:
        if not self.database_url:
            raise RuntimeError("DATABASE_URL is not set")
        return self.database_url


@lru_cache
def get_settings() -> Settings:
    return Settings()
