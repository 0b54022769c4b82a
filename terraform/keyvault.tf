# Key Vault (RBAC, no access policies) with the app's secrets; the function app reads them
# through Key Vault references in its app settings, with its system-assigned identity.

resource "azurerm_key_vault" "main" {
  #checkov:skip=CKV_AZURE_109:The firewall is Deny as soon as admin_ip_ranges lists ranges; it stays Allow while the list is empty because Terraform on hosted CI runners (no fixed IPs) writes the secrets. RBAC-only access, purge protection on.
  #checkov:skip=CKV2_AZURE_32:No private endpoint: the function app reaches the vault through the service endpoint on its subnet, and Terraform on hosted CI runners must reach the data plane to write secrets.
  name                          = local.key_vault_name
  resource_group_name           = azurerm_resource_group.main.name
  location                      = azurerm_resource_group.main.location
  tenant_id                     = data.azurerm_client_config.current.tenant_id
  sku_name                      = "standard"
  enable_rbac_authorization     = true
  purge_protection_enabled      = true
  soft_delete_retention_days    = 30
  public_network_access_enabled = true

  network_acls {
    default_action             = length(var.admin_ip_ranges) > 0 ? "Deny" : "Allow"
    bypass                     = "AzureServices"
    ip_rules                   = var.admin_ip_ranges
    virtual_network_subnet_ids = [azurerm_subnet.functions.id]
  }

  tags = local.tags
}

resource "azurerm_role_assignment" "deployer_secrets_officer" {
  # Whoever runs Terraform writes the secrets below.
  scope                = azurerm_key_vault.main.id
  role_definition_name = "Key Vault Secrets Officer"
  principal_id         = data.azurerm_client_config.current.object_id
}

resource "random_password" "jwt_secret" {
  length  = 64
  special = false
}

resource "random_password" "postgres_admin" {
  # Goes into a URL: letters and digits only.
  length  = 40
  special = false
}

resource "random_password" "api_admin" {
  length  = 24
  special = false
}

resource "azurerm_key_vault_secret" "jwt_secret" {
  name            = "jwt-secret"
  value           = random_password.jwt_secret.result
  key_vault_id    = azurerm_key_vault.main.id
  content_type    = "text/plain; HS256 key for API tokens"
  expiration_date = var.secrets_expire_on
  tags            = local.tags
  depends_on      = [azurerm_role_assignment.deployer_secrets_officer]
}

resource "azurerm_key_vault_secret" "database_url" {
  name = "database-url"
  value = format("postgresql://%s:%s@%s:5432/%s?sslmode=require",
    azurerm_postgresql_flexible_server.main.administrator_login, random_password.postgres_admin.result,
  azurerm_postgresql_flexible_server.main.fqdn, local.database_name)
  key_vault_id    = azurerm_key_vault.main.id
  content_type    = "text/plain; PostgreSQL URL with credentials"
  expiration_date = var.secrets_expire_on
  tags            = local.tags
  depends_on      = [azurerm_role_assignment.deployer_secrets_officer]
}

resource "azurerm_key_vault_secret" "admin_password" {
  name            = "admin-password"
  value           = random_password.api_admin.result
  key_vault_id    = azurerm_key_vault.main.id
  content_type    = "text/plain; password of the API's bootstrap admin"
  expiration_date = var.secrets_expire_on
  tags            = local.tags
  depends_on      = [azurerm_role_assignment.deployer_secrets_officer]
}
