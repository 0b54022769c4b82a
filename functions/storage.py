"""The blob service client the API uses, from a connection string or a managed identity.

Locally (make dev, docker compose) `AzureWebJobsStorage` is a connection string. In Azure the
storage account has shared keys off: the app sets `AzureWebJobsStorage__accountName` (and the
host `AzureWebJobsStorage__credential`) and authenticates with its managed identity, the
same way the Functions host and the blob binding extension do.
"""

from __future__ import annotations

from functools import lru_cache

from azure.storage.blob import BlobServiceClient

from functions.settings import Settings


@lru_cache(maxsize=1)
def _managed_identity():
    """One credential per process: it caches its tokens (a new one would fetch each time)."""
    from azure.identity import ManagedIdentityCredential  # only needed in Azure

    return ManagedIdentityCredential()


def blob_service(settings: Settings, **client_options) -> BlobServiceClient:
    if settings.storage_connection:
        return BlobServiceClient.from_connection_string(settings.storage_connection, **client_options)
    if settings.storage_account_name:
        return BlobServiceClient(f"https://{settings.storage_account_name}.blob.core.windows.net",
                                 credential=_managed_identity(), **client_options)
    raise RuntimeError("set AzureWebJobsStorage (a connection string) or AzureWebJobsStorage__accountName")
