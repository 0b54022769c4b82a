# The function app on Flex Consumption (Linux, Python 3.11): the HTTP API (FastAPI through
# AsgiFunctionApp) and the blob trigger, whose source is Event Grid here (Flex supports no
# polling). Identities:
# - a user-assigned identity reads the deployment package (it exists, with its role, before
#   the app is created);
# - the system-assigned identity is the app's runtime identity: host storage
#   (AzureWebJobsStorage__accountName), the uploads container, and Key Vault references.

resource "azurerm_user_assigned_identity" "deploy" {
  name                = "id-${local.name}-deploy"
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  tags                = local.tags
}

resource "azurerm_role_assignment" "deploy_package_reader" {
  scope                = azurerm_storage_account.main.id
  role_definition_name = "Storage Blob Data Owner"
  principal_id         = azurerm_user_assigned_identity.deploy.principal_id
}

resource "azurerm_service_plan" "functions" {
  #checkov:skip=CKV_AZURE_212:Flex Consumption (FC1) scales from zero per function group; a minimum worker count is not a property of this plan (always-ready instances would be, at a standing cost).
  #checkov:skip=CKV_AZURE_225:Zone redundancy is left off: zone-redundant Flex Consumption is not offered in every region and could not be tried without Azure here; the storage is ZRS, so set zone_balancing_enabled = true where the region supports it.
  name                = "asp-${local.name}"
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  os_type             = "Linux"
  sku_name            = "FC1"
  tags                = local.tags
}

locals {
  kv_ref = "@Microsoft.KeyVault(SecretUri=%s)"

  # Every setting functions/settings.py reads, except the ones only `make dev` uses
  # (tests/infra/test_settings_everywhere.py checks this map against the code).
  # Not set here: FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_EXTENSION_VERSION (Flex rejects
  # them: runtime_name/runtime_version), APPLICATIONINSIGHTS_CONNECTION_STRING (site_config).
  function_app_settings = {
    # Host storage by identity (shared keys are off); the code reads the account name too.
    "AzureWebJobsStorage__accountName" = azurerm_storage_account.main.name
    "AzureWebJobsStorage__credential"  = "managedidentity"
    # As in local.settings.sample.json and compose (the SDK-type blob binding's indexing).
    "PYTHON_ENABLE_INIT_INDEXING" = "1"

    "DATABASE_URL"        = format(local.kv_ref, azurerm_key_vault_secret.database_url.versionless_id)
    "JWT_SECRET"          = format(local.kv_ref, azurerm_key_vault_secret.jwt_secret.versionless_id)
    "ADMIN_PASSWORD"      = format(local.kv_ref, azurerm_key_vault_secret.admin_password.versionless_id)
    "ADMIN_USERNAME"      = var.admin_username
    "UPLOADS_CONTAINER"   = azurerm_storage_container.uploads.name
    "BLOB_TRIGGER_SOURCE" = "EventGrid"
    "MAX_REJECT_RATIO"    = tostring(var.max_reject_ratio)
    "MAX_UPLOAD_MB"       = tostring(var.max_upload_mb)
    "DB_POOL_MAX"         = tostring(var.db_pool_max)
    "JWT_ISSUER"          = "egrid-plants"
    "JWT_AUDIENCE"        = "egrid-plants-api"
    "JWT_EXPIRES_MINUTES" = tostring(var.jwt_expires_minutes)
    "LOG_LEVEL"           = var.log_level
  }
}

resource "azurerm_function_app_flex_consumption" "main" {
  name                = local.function_app_name
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  service_plan_id     = azurerm_service_plan.functions.id

  runtime_name           = "python"
  runtime_version        = "3.11"
  maximum_instance_count = var.function_max_instances
  instance_memory_in_mb  = var.function_instance_memory_mb

  storage_container_type            = "blobContainer"
  storage_container_endpoint        = "${azurerm_storage_account.main.primary_blob_endpoint}${azurerm_storage_container.deployments.name}"
  storage_authentication_type       = "UserAssignedIdentity"
  storage_user_assigned_identity_id = azurerm_user_assigned_identity.deploy.id

  https_only                                     = true
  public_network_access_enabled                  = true # the API is public; our JWTs guard it
  virtual_network_subnet_id                      = azurerm_subnet.functions.id
  webdeploy_publish_basic_authentication_enabled = false

  identity {
    type         = "SystemAssigned, UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.deploy.id]
  }

  app_settings = local.function_app_settings

  # Linking the app to the Static Web App (staticweb.tf) gives the site exclusive access
  # unless the app already has an auth policy: this one lets every request through (our
  # JWTs guard the API; the Event Grid webhook carries the blobs_extension key), so the
  # webhook, direct API calls and the smoke test keep working.
  auth_settings_v2 {
    auth_enabled           = true
    require_authentication = false
    unauthenticated_action = "AllowAnonymous"
    login {}
  }

  site_config {
    application_insights_connection_string = azurerm_application_insights.main.connection_string
    minimum_tls_version                    = "1.2"
    http2_enabled                          = true

    cors {
      allowed_origins = ["https://${azurerm_static_web_app.web.default_host_name}"]
    }
  }

  tags = local.tags

  lifecycle {
    # The Static Web App link adds its identity provider to the auth settings; keep ours.
    ignore_changes = [auth_settings_v2]

    precondition {
      # Each instance holds up to db_pool_max API connections plus one for an ingestion.
      condition     = var.function_max_instances * (var.db_pool_max + 1) <= var.postgres_max_connections - 10
      error_message = "function_max_instances × (db_pool_max + 1) must stay 10 below postgres_max_connections: lower the instances or the pool, or choose a bigger postgres_sku."
    }
  }

  depends_on = [azurerm_role_assignment.deploy_package_reader]
}

# The runtime identity's data roles. The blob trigger and the host need blob (data, locks,
# receipts), queue (the trigger's queues, the poison queue) and table (host diagnostics).
resource "azurerm_role_assignment" "app_blob_owner" {
  scope                = azurerm_storage_account.main.id
  role_definition_name = "Storage Blob Data Owner"
  principal_id         = azurerm_function_app_flex_consumption.main.identity[0].principal_id
}

resource "azurerm_role_assignment" "app_queue_contributor" {
  scope                = azurerm_storage_account.main.id
  role_definition_name = "Storage Queue Data Contributor"
  principal_id         = azurerm_function_app_flex_consumption.main.identity[0].principal_id
}

resource "azurerm_role_assignment" "app_table_contributor" {
  scope                = azurerm_storage_account.main.id
  role_definition_name = "Storage Table Data Contributor"
  principal_id         = azurerm_function_app_flex_consumption.main.identity[0].principal_id
}

resource "azurerm_role_assignment" "app_key_vault_secrets_user" {
  scope                = azurerm_key_vault.main.id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_function_app_flex_consumption.main.identity[0].principal_id
}

resource "azurerm_monitor_diagnostic_setting" "function_app" {
  name                       = "functions-to-log-analytics"
  target_resource_id         = azurerm_function_app_flex_consumption.main.id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.main.id

  enabled_log {
    category = "FunctionAppLogs"
  }
}
