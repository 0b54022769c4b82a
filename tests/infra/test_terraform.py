"""terraform/, checked statically: parsed with python-hcl2, scanned with checkov, and the
properties the deployment depends on asserted. (`terraform validate` needs the providers,
which cannot be downloaded here.)"""

from __future__ import annotations

import json
import re

import pytest

from tests.infra.conftest import (
    BAD,
    TERRAFORM,
    load_terraform,
    run,
    terraform_binary,
    terraform_blocks,
    tool,
    unquote,
)

RESOURCES = terraform_blocks("resource")


def resource(rtype: str, name: str) -> dict:
    return RESOURCES[(rtype, name)]


def test_every_file_parses_and_providers_are_pinned():
    docs = load_terraform()
    assert {"versions.tf", "variables.tf", "outputs.tf", "main.tf"} <= set(docs)
    providers = docs["versions.tf"]["terraform"][0]["required_providers"][0]
    assert unquote(providers["azurerm"]["version"]) == "~> 4.40"
    assert unquote(providers["random"]["version"]).startswith("~> 3.")


def test_every_variable_is_described_and_constrained():
    variables = {unquote(k): v for entry in load_terraform()["variables.tf"]["variable"] for k, v in entry.items()}
    undescribed = [name for name, body in variables.items() if len(unquote(body.get("description", ""))) < 20]
    assert undescribed == []
    free = [name for name, body in variables.items()
            if "validation" not in body and body.get("type") not in ("bool", "${map(string)}")]
    assert free == []


def test_outputs_give_the_urls():
    outputs = {unquote(k) for entry in load_terraform()["outputs.tf"]["output"] for k in entry}
    assert {"function_app_url", "api_url", "web_url", "function_app_name", "static_web_app_name",
            "resource_group_name", "key_vault_name"} <= outputs


def test_every_resource_that_takes_tags_gets_the_common_tags():
    untagged = [f"{t}.{n}" for (t, n), body in RESOURCES.items()
                if "tags" in body and body["tags"] != "${local.tags}"]
    assert untagged == []
    assert resource("azurerm_resource_group", "main")["tags"] == "${local.tags}"


def test_the_function_app_is_flex_consumption_python_311():
    app = resource("azurerm_function_app_flex_consumption", "main")
    assert unquote(app["runtime_name"]) == "python" and unquote(app["runtime_version"]) == "3.11"
    assert unquote(resource("azurerm_service_plan", "functions")["sku_name"]) == "FC1"
    assert app["https_only"] is True
    assert unquote(app["storage_authentication_type"]) == "UserAssignedIdentity"


def test_storage_has_shared_keys_off_and_the_identities_have_their_roles():
    storage = resource("azurerm_storage_account", "main")
    assert storage["shared_access_key_enabled"] is False
    assert storage["allow_nested_items_to_be_public"] is False
    assert unquote(storage["network_rules"][0]["default_action"]) == "Deny"
    roles = {(unquote(body["role_definition_name"]), body["principal_id"])
             for (t, _), body in RESOURCES.items() if t == "azurerm_role_assignment"}
    app_identity = "${azurerm_function_app_flex_consumption.main.identity[0].principal_id}"
    for role in ("Storage Blob Data Owner", "Storage Queue Data Contributor",
                 "Storage Table Data Contributor", "Key Vault Secrets User"):
        assert (role, app_identity) in roles, role


def test_postgres_is_private_requires_tls_and_has_no_open_rule():
    server = resource("azurerm_postgresql_flexible_server", "main")
    assert server["public_network_access_enabled"] is False
    assert server["delegated_subnet_id"] == "${azurerm_subnet.postgres.id}"
    tls = resource("azurerm_postgresql_flexible_server_configuration", "require_tls")
    assert (unquote(tls["name"]), unquote(tls["value"])) == ("require_secure_transport", "on")
    assert not [key for key in RESOURCES if key[0] == "azurerm_postgresql_flexible_server_firewall_rule"]
    assert "start_ip_address" not in "".join(p.read_text() for p in TERRAFORM.glob("*.tf"))


def test_key_vault_uses_rbac_and_holds_the_secrets():
    vault = resource("azurerm_key_vault", "main")
    assert vault["enable_rbac_authorization"] is True
    assert vault["purge_protection_enabled"] is True
    secrets = {unquote(body["name"]) for (t, _), body in RESOURCES.items() if t == "azurerm_key_vault_secret"}
    assert secrets == {"jwt-secret", "database-url", "admin-password"}
    url = resource("azurerm_key_vault_secret", "database_url")["value"]
    assert "sslmode=require" in url


def test_the_event_grid_subscription_is_the_gated_second_step():
    subscription = resource("azurerm_eventgrid_system_topic_event_subscription", "uploads")
    assert subscription["count"] == "${var.eventgrid_subscription_enabled ? 1 : 0}"
    assert [unquote(t) for t in subscription["included_event_types"]] == ["Microsoft.Storage.BlobCreated"]
    locals_text = (TERRAFORM / "eventgrid.tf").read_text()
    assert "/runtime/webhooks/blobs?functionName=Host.Functions.ingest_blob&code=%s" in locals_text
    assert "blobs_extension_key" in locals_text


def test_the_webhook_names_the_function_the_code_registers():
    source = (TERRAFORM.parent / "functions" / "ingest" / "blob_trigger.py").read_text()
    assert '@bp.function_name("ingest_blob")' in source


def test_every_checkov_skip_gives_a_specific_reason():
    skips = [(path.name, line.strip()) for path in TERRAFORM.glob("*.tf")
             for line in path.read_text().splitlines() if "checkov:skip" in line]
    assert skips
    for name, line in skips:
        match = re.fullmatch(r"#checkov:skip=(CKV2?_AZURE_\d+):(.+)", line)
        assert match, f"{name}: {line}"
        assert len(match.group(2)) >= 60, f"{name}: reason too short: {line}"


def checkov(directory) -> dict:
    result = run(tool("checkov"), "--directory", str(directory), "--framework", "terraform",
                 "--skip-download", "--output", "json", "--quiet", env={"TF_CLI_CONFIG_FILE": "/dev/null"})
    report = json.loads(result.stdout)
    return report[0] if isinstance(report, list) else report


def test_checkov_finds_no_failed_check():
    report = checkov(TERRAFORM)
    failed = [(c["check_id"], c["resource"]) for c in report.get("results", {}).get("failed_checks", [])]
    assert failed == []
    assert report["summary"]["passed"] > 20


def test_checkov_fails_a_known_bad_configuration():
    report = checkov(BAD / "terraform")
    failed = {c["check_id"] for c in report["results"]["failed_checks"]}
    assert {"CKV_AZURE_44", "CKV_AZURE_190"} & failed  # TLS 1.0 / public blob access


def test_terraform_fmt_is_clean():
    binary = terraform_binary()
    if binary is None:
        pytest.skip("no terraform binary on this machine (fmt needs no providers, but the binary)")
    result = run(binary, "fmt", "-check", "-recursive", "-diff", str(TERRAFORM),
                 env={"TF_CLI_CONFIG_FILE": "/dev/null"})
    assert result.returncode == 0, result.stdout


def test_linking_the_static_web_app_leaves_the_app_open_to_event_grid_and_api_clients():
    # A linked function app without an auth policy of its own accepts only the site.
    app = resource("azurerm_function_app_flex_consumption", "main")
    auth = app["auth_settings_v2"][0]
    assert auth["auth_enabled"] is True and auth["require_authentication"] is False
    assert unquote(auth["unauthenticated_action"]) == "AllowAnonymous"
    link = resource("azurerm_static_web_app_function_app_registration", "api")
    assert link["count"] == "${var.link_static_web_app_backend ? 1 : 0}"
