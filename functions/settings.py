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
    storage_account_name: str = Field(
        default="", alias="AzureWebJobsStorage__accountName",
        description="Storage account reached with the managed identity when AzureWebJobsStorage is empty",
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
    dev_mode: bool = Field(
        default=False, alias="DEV_MODE",
        description="Local development: allows a missing JWT_SECRET (a random one per process)",
    )
    jwt_secret: str = Field(
        default="", alias="JWT_SECRET",
        description="HS256 key for API tokens, at least 32 characters; required outside DEV_MODE",
    )
    jwt_issuer: str = Field(default="egrid-plants", alias="JWT_ISSUER",
                            description="`iss` of the tokens the API issues and accepts")
    jwt_audience: str = Field(default="egrid-plants-api", alias="JWT_AUDIENCE",
                              description="`aud` of the tokens the API issues and accepts")
    jwt_expires_minutes: int = Field(default=60, ge=1, le=24 * 60, alias="JWT_EXPIRES_MINUTES",
                                     description="Lifetime of an API token")
    admin_username: str = Field(default="admin", alias="ADMIN_USERNAME",
                                description="Bootstrap admin created at start when absent")
    admin_password: str = Field(
        default="", alias="ADMIN_PASSWORD",
        description="Bootstrap admin's password; no bootstrap admin when empty (`make dev` generates one)",
    )
    max_upload_mb: int = Field(default=200, ge=1, alias="MAX_UPLOAD_MB",
                               description="Largest file POST /api/v1/uploads accepts")
    port: int = Field(default=7071, alias="PORT", description="Port of the API under `make dev`")
    db_pool_max: int = Field(default=10, ge=1, alias="DB_POOL_MAX",
                             description="Most database connections the API holds")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", alias="LOG_LEVEL", description="Log level: DEBUG, INFO, WARNING or ERROR")

    def require_database(self) -> str:
        if not self.database_url:
            raise RuntimeError("DATABASE_URL is not set")
        return self.database_url


@lru_cache
def get_settings() -> Settings:
    return Settings()
