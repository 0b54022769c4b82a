"""The API's blob client: a connection string locally, the managed identity in Azure."""

from __future__ import annotations

import pytest

from functions.settings import Settings
from functions.storage import blob_service

AZURITE = ("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;"
           "BlobEndpoint=http://azurite:10000/devstoreaccount1;")


def test_a_connection_string_wins():
    client = blob_service(Settings(AzureWebJobsStorage=AZURITE, AzureWebJobsStorage__accountName="other"))
    assert client.url.startswith("http://azurite:10000/devstoreaccount1")


def test_an_account_name_uses_the_managed_identity():
    client = blob_service(Settings(AzureWebJobsStorage="", AzureWebJobsStorage__accountName="stegrid"))
    assert client.url.startswith("https://stegrid.blob.core.windows.net")
    assert type(client.credential).__name__ == "ManagedIdentityCredential"
    again = blob_service(Settings(AzureWebJobsStorage="", AzureWebJobsStorage__accountName="stegrid"))
    assert again.credential is client.credential  # its token cache is kept


def test_neither_is_a_clear_error():
    with pytest.raises(RuntimeError, match="AzureWebJobsStorage"):
        blob_service(Settings(AzureWebJobsStorage="", AzureWebJobsStorage__accountName=""))
