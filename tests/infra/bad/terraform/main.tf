# Known bad: checkov must fail it (public blob access, shared keys, TLS 1.0, open PostgreSQL).
resource "azurerm_storage_account" "bad" {
  name                            = "stbadexample"
  resource_group_name             = "rg"
  location                        = "eastus2"
  account_tier                    = "Standard"
  account_replication_type        = "LRS"
  min_tls_version                 = "TLS1_0"
  allow_nested_items_to_be_public = true
}

resource "azurerm_postgresql_flexible_server_firewall_rule" "open" {
  name             = "everyone"
  server_id        = "x"
  start_ip_address = "0.0.0.0"
  end_ip_address   = "255.255.255.255"
}
