"""Every setting the code reads is set wherever the app runs, and nothing else is.

The places: local.settings.sample.json (tests/test_settings.py), the functions service of
docker-compose.yml, and the Terraform function app's app settings, all judged by the one
checker in tests/test_settings.py.
"""

from __future__ import annotations

import re

import pytest

from functions.localservices import PROJECT_ROOT
from tests.infra.conftest import load_compose, terraform_blocks, terraform_locals, unquote
from tests.test_settings import problems

SECRETS = {"DATABASE_URL", "JWT_SECRET", "ADMIN_PASSWORD"}


def compose_functions_env() -> dict[str, str]:
    return load_compose()["services"]["functions"]["environment"]


def terraform_app_settings() -> dict[str, str]:
    app = terraform_blocks("resource")[("azurerm_function_app_flex_consumption", "main")]
    assert app["app_settings"] == "${local.function_app_settings}", "app_settings must be the local map"
    return {unquote(k): unquote(v) for k, v in terraform_locals()["function_app_settings"].items()}


def test_compose_sets_every_app_setting_and_nothing_unknown():
    assert problems("docker-compose.yml functions", set(compose_functions_env())) == []


def test_terraform_sets_every_app_setting_and_nothing_unknown():
    assert problems("terraform function app", set(terraform_app_settings())) == []


def test_the_blob_trigger_source_fits_each_host():
    assert compose_functions_env()["BLOB_TRIGGER_SOURCE"] == "LogsAndContainerScan"  # polling on Azurite
    assert terraform_app_settings()["BLOB_TRIGGER_SOURCE"] == "EventGrid"  # Flex supports only this


def test_terraform_reads_secrets_from_key_vault():
    settings = terraform_app_settings()
    for name in SECRETS:
        assert re.fullmatch(r"\$\{format\(local\.kv_ref, azurerm_key_vault_secret\.\w+\.versionless_id\)\}",
                            settings[name]), name
    assert unquote(terraform_locals()["kv_ref"]) == "@Microsoft.KeyVault(SecretUri=%s)"


def test_terraform_uses_identity_based_storage():
    settings = terraform_app_settings()
    assert "AzureWebJobsStorage" not in settings  # no connection string: shared keys are off
    assert settings["AzureWebJobsStorage__credential"] == "managedidentity"
    assert settings["AzureWebJobsStorage__accountName"] == "${azurerm_storage_account.main.name}"


@pytest.mark.parametrize("name", sorted(SECRETS))
def test_compose_takes_secrets_from_env_and_requires_them(name):
    compose = (PROJECT_ROOT / "docker-compose.yml").read_text()
    variable = "POSTGRES_PASSWORD" if name == "DATABASE_URL" else name
    assert re.search(r"\$\{" + variable + r":\?[^}]+\}", compose), f"{variable} must be required (${{{variable}:?...}})"


def test_the_env_example_lists_the_required_variables_empty():
    example = (PROJECT_ROOT / ".env.example").read_text()
    for variable in ("JWT_SECRET", "POSTGRES_PASSWORD", "ADMIN_PASSWORD"):
        assert re.search(rf"^{variable}=$", example, re.M), f".env.example must list {variable}= empty"
