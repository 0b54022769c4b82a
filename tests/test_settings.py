"""Every setting the code reads is documented in the README and in the Functions sample."""

from __future__ import annotations

import json
import re

from functions.localservices import PROJECT_ROOT
from functions.settings import Settings

# Only for `make dev` (not app settings of the function app).
LOCAL_ONLY = {"DATA_DIR", "TRIGGER_POLL_SECONDS", "PORT", "DEV_MODE"}
# Either/or: a setting that may be left out where its alternative is set (identity-based
# storage in Azure, a connection string locally). tests/infra checks the same for compose
# and Terraform.
ALTERNATIVES = {"AzureWebJobsStorage__accountName": "AzureWebJobsStorage",
                "AzureWebJobsStorage": "AzureWebJobsStorage__accountName"}


def names() -> set[str]:
    return {field.alias for field in Settings.model_fields.values()}


def test_the_readme_table_lists_exactly_the_settings():
    readme = (PROJECT_ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([A-Za-z_]+)`", table, re.M))
    documented |= set(re.findall(r"^\| `[A-Za-z_]+` / `([A-Za-z_]+)`", table, re.M))
    assert documented == names()


def test_the_functions_sample_sets_every_app_setting():
    values = json.loads((PROJECT_ROOT / "local.settings.sample.json").read_text())["Values"]
    host_only = {"FUNCTIONS_WORKER_RUNTIME", "PYTHON_ENABLE_INIT_INDEXING", "AzureWebJobsFeatureFlags"}
    required = {name for name in names() - LOCAL_ONLY
                if not (name in ALTERNATIVES and ALTERNATIVES[name] in values)}
    assert required <= set(values) - host_only <= names() - LOCAL_ONLY
