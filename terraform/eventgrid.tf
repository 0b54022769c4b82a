# Event Grid feeds the blob trigger (source = EventGrid on Flex Consumption). The webhook
# needs the app's `blobs_extension` system key, which exists only once the published code
# has started with the trigger. So this is the second apply:
#   terraform apply -var eventgrid_subscription_enabled=true
# (README "Deploy to Azure"). The key is read from the app, or given in
# eventgrid_blobs_extension_key.

resource "azurerm_eventgrid_system_topic" "storage" {
  name                   = "evgt-${local.name}-storage"
  resource_group_name    = azurerm_resource_group.main.name
  location               = azurerm_resource_group.main.location
  source_arm_resource_id = azurerm_storage_account.main.id
  topic_type             = "Microsoft.Storage.StorageAccounts"
  tags                   = local.tags
}

data "azurerm_function_app_host_keys" "main" {
  count               = var.eventgrid_subscription_enabled && var.eventgrid_blobs_extension_key == "" ? 1 : 0
  name                = azurerm_function_app_flex_consumption.main.name
  resource_group_name = azurerm_resource_group.main.name
}

locals {
  blobs_extension_key = (
    !var.eventgrid_subscription_enabled ? "" :
    var.eventgrid_blobs_extension_key != "" ? var.eventgrid_blobs_extension_key :
    data.azurerm_function_app_host_keys.main[0].blobs_extension_key
  )
  # functionName is "Host.Functions.<the function's name>" (function_name("ingest_blob")).
  blob_trigger_webhook = format(
    "https://%s/runtime/webhooks/blobs?functionName=Host.Functions.ingest_blob&code=%s",
  azurerm_function_app_flex_consumption.main.default_hostname, local.blobs_extension_key)
}

resource "azurerm_eventgrid_system_topic_event_subscription" "uploads" {
  count               = var.eventgrid_subscription_enabled ? 1 : 0
  name                = "uploads-to-blob-trigger"
  system_topic        = azurerm_eventgrid_system_topic.storage.name
  resource_group_name = azurerm_resource_group.main.name

  included_event_types = ["Microsoft.Storage.BlobCreated"]
  subject_filter {
    subject_begins_with = "/blobServices/default/containers/${azurerm_storage_container.uploads.name}/"
  }

  event_delivery_schema = "EventGridSchema"
  webhook_endpoint {
    url                               = local.blob_trigger_webhook
    max_events_per_batch              = 1
    preferred_batch_size_in_kilobytes = 64
  }

  retry_policy {
    max_delivery_attempts = 30
    event_time_to_live    = 1440
  }

  lifecycle {
    precondition {
      condition     = local.blobs_extension_key != ""
      error_message = "The app has no blobs_extension key yet: publish the function code (README \"Deploy to Azure\", step 2) before enabling the Event Grid subscription."
    }
  }
}
