"""Every setting the code reads is documented in the README and in the Functions sample."""

from __future__ import annotations

import json
import re

from functions.localservices import PROJECT_ROOT
from functions.settings import Settings

# Only for `make dev` (not app settings of the function app).
LOCAL_ONLY = {"DATA_DIR", "TRIGGER_POLL_SECONDS", "PORT", "DEV_MODE"}
# Either/or: a setting that may be left out where its alternative is set (identity-based
# storage in Azure, a connection string locally). tests/infra runs the same checker on
# compose and Terraform.
ALTERNATIVES = {"AzureWebJobsStorage__accountName": "AzureWebJobsStorage",
                "AzureWebJobsStorage": "AzureWebJobsStorage__accountName"}


# Read by the Functions host or the platform, not by our code: the places the app runs
# may set these too.
HOST_SETTINGS = {
    "FUNCTIONS_WORKER_RUNTIME",          # compose (Flex sets the runtime from runtime_name)
    "PYTHON_ENABLE_INIT_INDEXING",       # compose, as in local.settings.sample.json
    "AzureWebJobsFeatureFlags",          # compose, as in local.settings.sample.json
    "AzureFunctionsWebHost__hostid",     # compose: a fixed host id (Azure sets its own)
    "AzureWebJobsStorage__credential",   # Terraform: identity-based host storage
    "AzureWebJobsStorage__clientId",     # identity-based host storage, user-assigned identity
    "APPLICATIONINSIGHTS_CONNECTION_STRING",
}


def names() -> set[str]:
    return {field.alias for field in Settings.model_fields.values()}


def problems(where: str, settings: set[str]) -> list[str]:
    """What is wrong with the settings a place (`where`) sets: every app setting the code
    reads must be there (or its alternative), nothing the code does not know (host
    settings aside), and nothing only `make dev` reads. Empty when all is well."""
    missing = {name for name in names() - LOCAL_ONLY - settings
               if not (name in ALTERNATIVES and ALTERNATIVES[name] in settings)}
    unknown = settings - names() - HOST_SETTINGS
    local = settings & LOCAL_ONLY
    return ([f"{where}: missing {sorted(missing)}"] if missing else []) + \
        ([f"{where}: unknown to the code {sorted(unknown)}"] if unknown else []) + \
        ([f"{where}: sets make-dev-only {sorted(local)}"] if local else [])


def test_the_readme_table_lists_exactly_the_settings():
    readme = (PROJECT_ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([A-Za-z_]+)`", table, re.M))
    documented |= set(re.findall(r"^\| `[A-Za-z_]+` / `([A-Za-z_]+)`", table, re.M))
    assert documented == names()


def test_the_functions_sample_sets_every_app_setting():
    values = json.loads((PROJECT_ROOT / "local.settings.sample.json").read_text())["Values"]
    assert problems("local.settings.sample.json", set(values)) == []


def test_the_checker_finds_missing_unknown_and_local_settings():
    assert problems("x", names() - LOCAL_ONLY) == []
    found = problems("x", (names() - LOCAL_ONLY - {"JWT_SECRET"}) | {"JWT_SECRTE", "PORT"})
    assert found == ["x: missing ['JWT_SECRET']", "x: unknown to the code ['JWT_SECRTE']",
                     "x: sets make-dev-only ['PORT']"]
