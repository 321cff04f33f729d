// Tests of the threats to stored data: DR01 (sensitive data stored without
// encryption at rest), DE04 (audit logs that can be altered), AC02 (shared
// datastore written without access control), TB01 (datastore open to an
// untrusted zone) and DS05 (sensitive data in a cache).

model "Rule test: stored data (DR01, DE04, AC02, TB01, DS05)" {
  description = "Datastores holding different data, reached from different zones."
}

boundary internet "Internet" {
  trust = INTERNET
}
boundary dmz "DMZ" {
  trust = DMZ
}
boundary vpc "VPC" {
  trust = INTERNAL
}

Actor user "User" in internet
Process app "App" in vpc
Server web "Web server with a cache" in vpc {
  usesCache = true
}
Server static "Static site with a cache" in vpc {
  usesCache = true
}
Server proxy "Proxy" in dmz
Datastore clear "Customer database, unencrypted" in vpc {
  storesPII = true
}
Datastore encrypted "Customer database, encrypted" in vpc {
  storesPII = true
  controls.isEncryptedAtRest = true
}
Datastore scratch "Scratch store of public data" in vpc
Datastore implied "Store receiving sensitive data" in vpc
Datastore logs "Log store" in vpc {
  storesLogData = true
}
Datastore worm "Append-only log store" in vpc {
  storesLogData = true
  controls.providesIntegrity = true
  controls.isEncryptedAtRest = true
}
Datastore shared "Shared store" in vpc {
  isShared = true
  hasWriteAccess = true
}
Datastore shared_acl "Shared store with access control" in vpc {
  isShared = true
  hasWriteAccess = true
  controls.hasAccessControl = true
}
Datastore bucket "Bucket reached from the internet" in vpc
Datastore locked "Bucket reached from the internet, authenticated" in vpc {
  controls.authenticatesSource = true
  controls.hasAccessControl = true
}
Datastore behind "Database reached from the DMZ" in vpc

Data customer "Customer record" {
  classification = SENSITIVE
}
Data page "Public page" {
  classification = PUBLIC
}

flow a_clear: app -> clear "Writes"
flow a_encrypted: app -> encrypted "Writes"
flow a_scratch: app -> scratch "Writes" {
  data = [page]
}
flow a_implied: app -> implied "Writes records" {
  data = [customer]
}
flow a_logs: app -> logs "Logs"
flow a_worm: app -> worm "Logs"
flow a_shared: app -> shared "Writes"
flow a_shared_acl: app -> shared_acl "Writes"
flow u_bucket: user -> bucket "Downloads"
flow u_locked: user -> locked "Downloads with a signed URL"
flow p_behind: proxy -> behind "Queries"
flow w_user: web -> user "Shows records" {
  data = [customer]
}
flow s_user: static -> user "Shows pages" {
  data = [page]
}

Expect dr01_clear "DR01 fires on personal data stored unencrypted" {
  threat_id = "DR01"
  on = clear
}
Expect dr01_implied "DR01 fires on a store written with sensitive data" {
  threat_id = "DR01"
  on = implied
}
Expect dr01_logs "DR01 fires on logs stored unencrypted" {
  threat_id = "DR01"
  on = logs
}
Expect dr01_encrypted "DR01 is quiet when encrypted at rest" {
  threat_id = "DR01"
  on = encrypted
  fires = false
}
Expect dr01_public "DR01 is quiet on a store of public data" {
  threat_id = "DR01"
  on = scratch
  fires = false
}

Expect de04_logs "DE04 fires on a log store without integrity protection" {
  threat_id = "DE04"
  on = logs
}
Expect de04_worm "DE04 is quiet on an append-only log store" {
  threat_id = "DE04"
  on = worm
  fires = false
}
Expect de04_no_logs "DE04 is quiet on a store without logs" {
  threat_id = "DE04"
  on = clear
  fires = false
}

Expect ac02_shared "AC02 fires on a shared, writable store without access control" {
  threat_id = "AC02"
  on = shared
}
Expect ac02_acl "AC02 is quiet with access control" {
  threat_id = "AC02"
  on = shared_acl
  fires = false
}
Expect ac02_not_shared "AC02 is quiet on a store that is not shared" {
  threat_id = "AC02"
  on = clear
  fires = false
}

Expect tb01_internet "TB01 fires on a store the internet reaches" {
  threat_id = "TB01"
  on = bucket
}
Expect tb01_dmz "TB01 fires on a store the DMZ reaches" {
  threat_id = "TB01"
  on = behind
}
Expect tb01_locked "TB01 is quiet with authentication and access control" {
  threat_id = "TB01"
  on = locked
  fires = false
}
Expect tb01_internal "TB01 is quiet on a store reached only from inside" {
  threat_id = "TB01"
  on = clear
  fires = false
}

Expect ds05_cache "DS05 fires on a cache of sensitive data" {
  threat_id = "DS05"
  on = web
}
Expect ds05_public "DS05 is quiet on a cache of public data" {
  threat_id = "DS05"
  on = static
  fires = false
}
Expect ds05_no_cache "DS05 is quiet on a server without a cache" {
  threat_id = "DS05"
  on = proxy
  fires = false
}
