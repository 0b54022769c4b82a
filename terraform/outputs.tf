output "resource_group_name" {
  description = "Resource group holding everything."
  value       = azurerm_resource_group.main.name
}

output "function_app_name" {
  description = "Function app to publish the code to (az functionapp deployment source config-zip / func azure functionapp publish)."
  value       = azurerm_function_app_flex_consumption.main.name
}

output "function_app_url" {
  description = "Base URL of the function app."
  value       = "https://${azurerm_function_app_flex_consumption.main.default_hostname}"
}

output "api_url" {
  description = "The HTTP API (Swagger UI at /api/docs)."
  value       = "https://${azurerm_function_app_flex_consumption.main.default_hostname}/api"
}

output "web_url" {
  description = "The web app (Static Web App)."
  value       = "https://${azurerm_static_web_app.web.default_host_name}"
}

output "static_web_app_name" {
  description = "Static Web App to deploy web/dist to."
  value       = azurerm_static_web_app.web.name
}

output "static_web_app_deployment_token" {
  description = "Deployment token for the Static Web App (azure/static-web-apps-deploy, swa deploy)."
  value       = azurerm_static_web_app.web.api_key
  sensitive   = true
}

output "storage_account_name" {
  description = "Storage account with the uploads container (Entra ID auth only: az storage ... --auth-mode login)."
  value       = azurerm_storage_account.main.name
}

output "uploads_container" {
  description = "Container the blob trigger watches."
  value       = azurerm_storage_container.uploads.name
}

output "key_vault_name" {
  description = "Key Vault with jwt-secret, database-url and admin-password."
  value       = azurerm_key_vault.main.name
}

output "postgres_fqdn" {
  description = "PostgreSQL server (private: reachable from the VNet only)."
  value       = azurerm_postgresql_flexible_server.main.fqdn
}

output "eventgrid_subscription_enabled" {
  description = "Whether the Event Grid subscription feeding the blob trigger exists (second apply)."
  value       = var.eventgrid_subscription_enabled
}
