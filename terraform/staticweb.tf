# The React app (web/) on Azure Static Web Apps. Its /api calls go to the function app:
# through the linked backend (Standard SKU) when link_static_web_app_backend is true, or
# directly (the function app allows this origin in CORS). A link alone would lock the
# function app to the site; its auth_settings_v2 (functions.tf) keeps it open.

resource "azurerm_static_web_app" "web" {
  name                = "stapp-${local.name}-${local.suffix}"
  resource_group_name = azurerm_resource_group.main.name
  location            = var.static_web_app_location
  sku_tier            = "Standard"
  sku_size            = "Standard"
  tags                = local.tags
}

resource "azurerm_static_web_app_function_app_registration" "api" {
  count             = var.link_static_web_app_backend ? 1 : 0
  static_web_app_id = azurerm_static_web_app.web.id
  function_app_id   = azurerm_function_app_flex_consumption.main.id
}
