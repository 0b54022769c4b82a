terraform {
  required_version = ">= 1.9.0, < 2.0.0"

  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
      # 4.x with azurerm_function_app_flex_consumption (and key_vault_reference_identity_id on it).
      # Commit .terraform.lock.hcl after the first `terraform init` to pin the exact build.
      version = "~> 4.40"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.7"
    }
  }
}

provider "azurerm" {
  # Shared keys are off on the storage account: the provider talks to its data plane with
  # Entra ID (containers are created through ARM anyway).
  storage_use_azuread = true

  features {
    key_vault {
      purge_soft_delete_on_destroy = false
    }
    resource_group {
      prevent_deletion_if_contains_resources = true
    }
  }
}
