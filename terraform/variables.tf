variable "project" {
  description = "Short project name used in resource names (lower-case letters and digits, 3-12 characters)."
  type        = string
  default     = "egrid"
  validation {
    condition     = can(regex("^[a-z][a-z0-9]{2,11}$", var.project))
    error_message = "project must be 3-12 lower-case letters or digits, starting with a letter."
  }
}

variable "environment" {
  description = "Deployment environment: dev, test or prod. Used in names and tags."
  type        = string
  default     = "prod"
  validation {
    condition     = contains(["dev", "test", "prod"], var.environment)
    error_message = "environment must be dev, test or prod."
  }
}

variable "location" {
  description = "Azure region for everything but the Static Web App (must offer Flex Consumption and PostgreSQL Flexible Server)."
  type        = string
  default     = "eastus2"
  validation {
    condition     = can(regex("^[a-z]+[a-z0-9]*$", var.location))
    error_message = "location must be a region name such as eastus2 or westeurope (lower case, no spaces)."
  }
}

variable "static_web_app_location" {
  description = "Region of the Static Web App's management resource (the content is served globally); only a few regions host it."
  type        = string
  default     = "eastus2"
  validation {
    condition     = contains(["westus2", "centralus", "eastus2", "westeurope", "eastasia"], var.static_web_app_location)
    error_message = "static_web_app_location must be one of westus2, centralus, eastus2, westeurope, eastasia."
  }
}

variable "tags" {
  description = "Extra tags merged into the common tags (project, environment, managed-by) of every resource."
  type        = map(string)
  default     = {}
}

variable "admin_ip_ranges" {
  description = "Public CIDR ranges allowed through the Key Vault and storage firewalls (operators, self-hosted runners). Empty by default."
  type        = list(string)
  default     = []
  validation {
    condition     = alltrue([for r in var.admin_ip_ranges : can(cidrhost(r, 0)) && r != "0.0.0.0/0"])
    error_message = "admin_ip_ranges must be CIDR ranges such as 203.0.113.0/24, and never 0.0.0.0/0."
  }
}

variable "vnet_address_space" {
  description = "Address space of the virtual network (a /16 to /22): one subnet for the function app, one for PostgreSQL."
  type        = string
  default     = "10.40.0.0/16"
  validation {
    condition     = can(cidrhost(var.vnet_address_space, 0)) && tonumber(split("/", var.vnet_address_space)[1]) <= 22
    error_message = "vnet_address_space must be a CIDR range of size /22 or larger."
  }
}

variable "log_retention_days" {
  description = "Days Log Analytics keeps logs (30-730)."
  type        = number
  default     = 90
  validation {
    condition     = var.log_retention_days >= 30 && var.log_retention_days <= 730
    error_message = "log_retention_days must be between 30 and 730."
  }
}

variable "function_max_instances" {
  description = "Most instances the Flex Consumption app scales out to (40-1000)."
  type        = number
  default     = 40
  validation {
    condition     = var.function_max_instances >= 40 && var.function_max_instances <= 1000
    error_message = "function_max_instances must be between 40 and 1000."
  }
}

variable "function_instance_memory_mb" {
  description = "Memory of each Flex Consumption instance: 2048 or 4096 MB (ingesting large files wants 2048 at least)."
  type        = number
  default     = 2048
  validation {
    condition     = contains([2048, 4096], var.function_instance_memory_mb)
    error_message = "function_instance_memory_mb must be 2048 or 4096."
  }
}

variable "postgres_version" {
  description = "PostgreSQL major version of the Flexible Server."
  type        = string
  default     = "16"
  validation {
    condition     = contains(["14", "15", "16", "17"], var.postgres_version)
    error_message = "postgres_version must be 14, 15, 16 or 17."
  }
}

variable "postgres_sku" {
  description = "PostgreSQL Flexible Server SKU, e.g. B_Standard_B2s (burstable) or GP_Standard_D2ds_v5. Set postgres_max_connections to match."
  type        = string
  default     = "B_Standard_B2s"
  validation {
    condition     = can(regex("^(B|GP|MO)_Standard_[A-Za-z0-9_]+$", var.postgres_sku))
    error_message = "postgres_sku must look like B_Standard_B1ms, GP_Standard_D2ds_v5 or MO_Standard_E4ds_v5."
  }
}

variable "postgres_max_connections" {
  description = "max_connections of postgres_sku (Azure's default per SKU: B1ms 50, B2s 429, B2ms and D2ds_v5 859). Checked against function_max_instances × (db_pool_max + 1)."
  type        = number
  default     = 429
  validation {
    condition     = var.postgres_max_connections >= 25 && var.postgres_max_connections <= 5000
    error_message = "postgres_max_connections must be between 25 and 5000."
  }
}

variable "postgres_storage_mb" {
  description = "PostgreSQL storage in MB (32768 = 32 GiB; 100× GEN23 is ~1 GiB of tables and indexes)."
  type        = number
  default     = 32768
  validation {
    condition     = contains([32768, 65536, 131072, 262144, 524288, 1048576], var.postgres_storage_mb)
    error_message = "postgres_storage_mb must be one of 32768, 65536, 131072, 262144, 524288, 1048576."
  }
}

variable "postgres_backup_retention_days" {
  description = "Days of point-in-time restore for PostgreSQL (7-35)."
  type        = number
  default     = 14
  validation {
    condition     = var.postgres_backup_retention_days >= 7 && var.postgres_backup_retention_days <= 35
    error_message = "postgres_backup_retention_days must be between 7 and 35."
  }
}

variable "postgres_geo_redundant_backup" {
  description = "Keep PostgreSQL backups geo-redundant (paired region). Costs more; fixed at creation."
  type        = bool
  default     = true
}

variable "secrets_expire_on" {
  description = "Expiry (RFC 3339 UTC) set on the Key Vault secrets; rotate them (new value, new date) before it."
  type        = string
  default     = "2027-12-31T00:00:00Z"
  validation {
    condition     = can(regex("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$", var.secrets_expire_on))
    error_message = "secrets_expire_on must be an RFC 3339 UTC timestamp such as 2027-12-31T00:00:00Z."
  }
}

variable "admin_username" {
  description = "Bootstrap admin of the API (ADMIN_USERNAME); its generated password is in Key Vault (admin-password)."
  type        = string
  default     = "admin"
  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{3,64}$", var.admin_username))
    error_message = "admin_username must be 3-64 letters, digits, '_', '.' or '-'."
  }
}

variable "max_reject_ratio" {
  description = "MAX_REJECT_RATIO: largest share of rejected rows with which a file still loads (0-1)."
  type        = number
  default     = 0.01
  validation {
    condition     = var.max_reject_ratio >= 0 && var.max_reject_ratio <= 1
    error_message = "max_reject_ratio must be between 0 and 1."
  }
}

variable "max_upload_mb" {
  description = "MAX_UPLOAD_MB: largest file POST /api/v1/uploads accepts (1-1024 MB)."
  type        = number
  default     = 200
  validation {
    condition     = var.max_upload_mb >= 1 && var.max_upload_mb <= 1024
    error_message = "max_upload_mb must be between 1 and 1024."
  }
}

variable "db_pool_max" {
  description = "DB_POOL_MAX: API database connections per instance (Python apps on Flex serve one request at a time per instance, so 2 is plenty)."
  type        = number
  default     = 2
  validation {
    condition     = var.db_pool_max >= 1 && var.db_pool_max <= 50
    error_message = "db_pool_max must be between 1 and 50."
  }
}

variable "jwt_expires_minutes" {
  description = "JWT_EXPIRES_MINUTES: lifetime of an API token (1-1440)."
  type        = number
  default     = 60
  validation {
    condition     = var.jwt_expires_minutes >= 1 && var.jwt_expires_minutes <= 1440
    error_message = "jwt_expires_minutes must be between 1 and 1440."
  }
}

variable "log_level" {
  description = "LOG_LEVEL of the app: DEBUG, INFO, WARNING or ERROR."
  type        = string
  default     = "INFO"
  validation {
    condition     = contains(["DEBUG", "INFO", "WARNING", "ERROR"], var.log_level)
    error_message = "log_level must be DEBUG, INFO, WARNING or ERROR."
  }
}

variable "link_static_web_app_backend" {
  description = "Link the function app to the Static Web App as its backend, so the web app's /api calls are proxied (Standard SKU)."
  type        = bool
  default     = true
}

variable "eventgrid_subscription_enabled" {
  description = "Second apply: create the Event Grid subscription that feeds the blob trigger. Needs the published app's blobs_extension key."
  type        = bool
  default     = false
}

variable "eventgrid_blobs_extension_key" {
  description = "The app's blobs_extension system key for the Event Grid webhook. Empty: read it from the deployed app (azurerm_function_app_host_keys)."
  type        = string
  default     = ""
  sensitive   = true
  validation {
    condition     = var.eventgrid_blobs_extension_key == "" || can(regex("^[A-Za-z0-9_=-]{20,}$", var.eventgrid_blobs_extension_key))
    error_message = "eventgrid_blobs_extension_key must be empty or a function key (20+ URL-safe characters)."
  }
}
