# One storage account: the uploads container (watched by the blob trigger), the Functions
# host's own state (locks, keys, poison queue) and the Flex deployment package. Shared keys
# off: the app and the host use their managed identities; people use Entra ID (az --auth-mode login).

resource "azurerm_storage_account" "main" {
  #checkov:skip=CKV_AZURE_206:ZRS (three copies across the region's zones) is enough: uploads are transient inputs and the host state is rebuilt; the loaded data lives in PostgreSQL, whose backups are geo-redundant.
  #checkov:skip=CKV_AZURE_59:The public endpoint stays on because service endpoints (from the function app's subnet) and admin_ip_ranges go through it; network_rules default to Deny, so nothing else gets in.
  #checkov:skip=CKV2_AZURE_33:Service endpoint from the function app's subnet plus a default-deny firewall instead of private endpoints (one per blob, queue and table, each with a private DNS zone).
  #checkov:skip=CKV_AZURE_43:The name is computed (local.storage_account_name: 'st' + project + environment + suffix, lower-case letters and digits, cut to 24); variable validation keeps project to [a-z0-9], which checkov cannot evaluate.
  #checkov:skip=CKV_AZURE_33:Queue logs go to Log Analytics through azurerm_monitor_diagnostic_setting.storage_queue; classic queue_properties logging would need data-plane access through the firewall from the Terraform runner.
  #checkov:skip=CKV2_AZURE_1:Microsoft-managed keys: the data is the EPA's public eGRID data plus transient uploads; customer-managed keys would add a key lifecycle without protecting anything secret.
  name                              = local.storage_account_name
  resource_group_name               = azurerm_resource_group.main.name
  location                          = azurerm_resource_group.main.location
  account_kind                      = "StorageV2"
  account_tier                      = "Standard"
  account_replication_type          = "ZRS"
  min_tls_version                   = "TLS1_2"
  https_traffic_only_enabled        = true
  shared_access_key_enabled         = false
  default_to_oauth_authentication   = true
  allow_nested_items_to_be_public   = false
  public_network_access_enabled     = true # reached through the firewall rules below
  local_user_enabled                = false
  infrastructure_encryption_enabled = true

  blob_properties {
    delete_retention_policy {
      days = 14
    }
    container_delete_retention_policy {
      days = 14
    }
    versioning_enabled = false
  }

  sas_policy {
    expiration_period = "00.01:00:00"
    expiration_action = "Log"
  }

  network_rules {
    default_action             = "Deny"
    bypass                     = ["AzureServices", "Logging", "Metrics"]
    ip_rules                   = [for r in var.admin_ip_ranges : trimsuffix(r, "/32")]
    virtual_network_subnet_ids = [azurerm_subnet.functions.id]
  }

  tags = local.tags
}

resource "azurerm_storage_container" "uploads" {
  #checkov:skip=CKV2_AZURE_21:Blob read/write/delete logs go to Log Analytics through azurerm_monitor_diagnostic_setting.storage_blob (checkov only recognises classic Storage Analytics logging).
  name                  = local.uploads_container
  storage_account_id    = azurerm_storage_account.main.id
  container_access_type = "private"
}

resource "azurerm_storage_container" "deployments" {
  #checkov:skip=CKV2_AZURE_21:Blob read/write/delete logs go to Log Analytics through azurerm_monitor_diagnostic_setting.storage_blob (checkov only recognises classic Storage Analytics logging).
  # The Flex Consumption deployment package (written by `az functionapp deployment`).
  name                  = "app-package"
  storage_account_id    = azurerm_storage_account.main.id
  container_access_type = "private"
}

resource "azurerm_monitor_diagnostic_setting" "storage_blob" {
  name                       = "blob-to-log-analytics"
  target_resource_id         = "${azurerm_storage_account.main.id}/blobServices/default"
  log_analytics_workspace_id = azurerm_log_analytics_workspace.main.id

  enabled_log {
    category = "StorageRead"
  }
  enabled_log {
    category = "StorageWrite"
  }
  enabled_log {
    category = "StorageDelete"
  }
}

resource "azurerm_monitor_diagnostic_setting" "storage_queue" {
  name                       = "queue-to-log-analytics"
  target_resource_id         = "${azurerm_storage_account.main.id}/queueServices/default"
  log_analytics_workspace_id = azurerm_log_analytics_workspace.main.id

  enabled_log {
    category = "StorageRead"
  }
  enabled_log {
    category = "StorageWrite"
  }
  enabled_log {
    category = "StorageDelete"
  }
}
