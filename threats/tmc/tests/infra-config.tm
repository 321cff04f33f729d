// Tests of config.tm: hardening of exposed platform services (CFG01),
// default credentials (CFG02), admin and debug interfaces reachable from
// outside (CFG03, CFG04), public storage (CFG05), over-broad cloud
// permissions (CFG06, CFG07) and secrets vaults (CFG08, CFG09).

model "Rule test: configuration and hardening (CFG01-CFG09)" {
  description = "Self-run and cloud services in a DMZ and an internal zone, with and without their hardening."
}

boundary internet "Internet" {
  trust = INTERNET
}
boundary dmz "DMZ" {
  trust = DMZ
}
boundary app "App" {
  trust = INTERNAL
}

Actor user "Customer" in internet
Actor partner "Partner system" in internet

MessageQueue broker "Self-run broker" in dmz
MessageQueue hardened_broker "Hardened broker with its passwords changed" in dmz {
  controls.isHardened = true
  controls.changesDefaultCredentials = true
}
MessageQueue internal_broker "Internal broker" in app
Datastore managed_db "Managed cloud database" in app {
  type = SQL
  cloud = AWS
}
Datastore own_db "Self-run database" in app {
  type = SQL
}
Server console "Service with a management console" in dmz {
  exposesAdminInterface = true
}
Server fenced_console "Console admitting the admin network only, debug off" in dmz {
  exposesAdminInterface = true
  controls.restrictsNetworkAccess = true
  controls.disablesDebugFeatures = true
}
Server internal_console "Internal console" in app {
  exposesAdminInterface = true
}
Datastore public_bucket "Public bucket" in app {
  type = OBJECT_STORE
  allowsPublicAccess = true
  storesPII = true
}
Datastore private_bucket "Private bucket" in app {
  type = OBJECT_STORE
  storesPII = true
}
Datastore image_bucket "Public image bucket" in app {
  type = OBJECT_STORE
  allowsPublicAccess = true
}
Datastore cloud_store "Cloud table of card data" in app {
  type = NOSQL
  onAWS = true
  storesSensitiveData = true
}
Datastore narrow_store "Cloud table with narrow policies" in app {
  type = NOSQL
  onAWS = true
  storesSensitiveData = true
  controls.implementsPOLP = true
}
Server cloud_web "Cloud web server" in dmz {
  cloud = GCP
}
Server narrow_web "Cloud web server with a narrow role" in dmz {
  cloud = GCP
  controls.implementsPOLP = true
}
Server own_web "Web server on own hardware" in dmz
SecretsVault vault "Vault on a public address" in dmz
SecretsVault inner_vault "Internal vault with per-workload policies" in app {
  controls.hasAccessControl = true
}

Data order "Order" {
  classification = SENSITIVE
  isPII = true
}
Data card "Card number" {
  classification = SECRET
}

flow partner -> broker "Publishes orders" {
  data = [order]
}
flow partner -> hardened_broker "Publishes orders" {
  data = [order]
}
flow user -> console "Uses the service" {
  data = [order]
}
flow user -> fenced_console "Uses the service" {
  data = [order]
}
flow internal_console -> own_db "Stores cards" {
  data = [card]
}
flow internal_console -> managed_db "Stores cards" {
  data = [card]
}
flow user -> cloud_web "Orders" {
  data = [order]
}
flow user -> narrow_web "Orders" {
  data = [order]
}
flow user -> own_web "Orders" {
  data = [order]
}
flow partner -> vault "Reads a secret" {
  data = [card]
}
flow internal_console -> inner_vault "Reads a secret" {
  data = [card]
}
flow internal_broker -> own_db "Copies" {
  data = [order]
}

Expect exposed_broker "CFG01 fires on a broker reached from the internet without hardening" {
  threat_id = "CFG01"
  on = broker
}
Expect hardened "CFG01 is quiet once the broker is hardened" {
  threat_id = "CFG01"
  on = hardened_broker
  fires = false
}
Expect inner_broker "CFG01 is quiet on an internal broker" {
  threat_id = "CFG01"
  on = internal_broker
  fires = false
}
Expect defaults_exposed "CFG02 fires on an exposed self-run broker with default credentials" {
  threat_id = "CFG02"
  on = broker
}
Expect defaults_secret "CFG02 fires on an internal self-run database holding card data" {
  threat_id = "CFG02"
  on = own_db
}
Expect defaults_changed "CFG02 is quiet once the default credentials are changed" {
  threat_id = "CFG02"
  on = hardened_broker
  fires = false
}
Expect defaults_managed "CFG02 is quiet on a managed cloud database" {
  threat_id = "CFG02"
  on = managed_db
  fires = false
}
Expect defaults_quiet_internal "CFG02 is quiet on an internal broker with no secrets" {
  threat_id = "CFG02"
  on = internal_broker
  fires = false
}
Expect admin_exposed "CFG03 fires on a console reachable from the internet" {
  threat_id = "CFG03"
  on = console
}
Expect admin_fenced "CFG03 is quiet when only the admin network may connect" {
  threat_id = "CFG03"
  on = fenced_console
  fires = false
}
Expect admin_internal "CFG03 is quiet on an internal console" {
  threat_id = "CFG03"
  on = internal_console
  fires = false
}
Expect debug_exposed "CFG04 fires on a reachable console with debug features on" {
  threat_id = "CFG04"
  on = console
}
Expect debug_off "CFG04 is quiet with debug features off" {
  threat_id = "CFG04"
  on = fenced_console
  fires = false
}
Expect public_pii "CFG05 fires on a public bucket of personal data" {
  threat_id = "CFG05"
  on = public_bucket
}
Expect private_pii "CFG05 is quiet on a private bucket" {
  threat_id = "CFG05"
  on = private_bucket
  fires = false
}
Expect public_images "CFG05 is quiet on a public bucket of nothing sensitive" {
  threat_id = "CFG05"
  on = image_bucket
  fires = false
}
Expect broad_policy "CFG06 fires on a cloud table of secret data without least privilege" {
  threat_id = "CFG06"
  on = cloud_store
}
Expect narrow_policy "CFG06 is quiet with narrow policies" {
  threat_id = "CFG06"
  on = narrow_store
  fires = false
}
Expect not_cloud "CFG06 is quiet on a self-run database" {
  threat_id = "CFG06"
  on = own_db
  fires = false
}
Expect broad_role "CFG07 fires on an exposed cloud server with a broad role" {
  threat_id = "CFG07"
  on = cloud_web
}
Expect narrow_role "CFG07 is quiet with a narrow role" {
  threat_id = "CFG07"
  on = narrow_web
  fires = false
}
Expect own_hardware "CFG07 is quiet off the cloud" {
  threat_id = "CFG07"
  on = own_web
  fires = false
}
Expect vault_exposed "CFG08 fires on a vault reachable from the internet" {
  threat_id = "CFG08"
  on = vault
}
Expect vault_internal "CFG08 is quiet on an internal vault" {
  threat_id = "CFG08"
  on = inner_vault
  fires = false
}
Expect vault_open "CFG09 fires on a vault without per-workload access control" {
  threat_id = "CFG09"
  on = vault
}
Expect vault_policies "CFG09 is quiet with per-workload policies" {
  threat_id = "CFG09"
  on = inner_vault
  fires = false
}
