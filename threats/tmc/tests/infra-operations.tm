// Tests of operations.tm: audit trails (LOG01-LOG03, LOG08), personal data
// in logs (LOG04), backups and integrity at rest (LOG05-LOG07) and message
// queues (MSG01-MSG06).

model "Rule test: operations and message queues (LOG01-LOG08, MSG01-MSG06)" {
  description = "A shop with sign-ins, an admin console, stores, a vault, gateways and brokers, each with and without the operational control."
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

Actor customer "Customer" in internet
Actor admin "Administrator" in internet {
  isAdmin = true
}
Actor device "Field device" in internet

Process login "Login service" in dmz
Process audited_login "Login service with an audit trail" in dmz {
  controls.logsSecurityEvents = true
}
Process catalogue "Catalogue service" in dmz
Process backoffice "Back office" in dmz
Datastore ledger "Ledger" in app {
  type = SQL
  storesSensitiveData = true
  isShared = true
  hasWriteAccess = true
}
Datastore safe_ledger "Ledger with access logs, signed rows and backups" in app {
  type = SQL
  storesSensitiveData = true
  isShared = true
  hasWriteAccess = true
  controls.logsSecurityEvents = true
  controls.providesIntegrity = true
  controls.hasBackup = true
}
Datastore profiles "Profiles" in app {
  type = NOSQL
  storesPII = true
}
Datastore session_cache "Session cache" in app {
  type = CACHE
  storesPII = true
}
Datastore logs "Application log" in app {
  isSQL = false
  storesLogData = true
}
Datastore clean_logs "Pseudonymous request log" in app {
  isSQL = false
  storesLogData = true
}
SecretsVault vault "Vault" in app
SecretsVault kept_vault "Audited and backed-up vault" in app {
  controls.logsSecurityEvents = true
  controls.hasBackup = true
}
Gateway edge "Edge gateway" in dmz
Gateway logged_edge "Edge gateway with access logs" in dmz {
  controls.logsSecurityEvents = true
}
Gateway inner_gw "Internal gateway" in app
MessageQueue readings "Meter readings broker" in dmz
MessageQueue safe_readings "Broker with signed messages, ACLs and a dead-letter queue" in dmz {
  hasDeadLetterQueue = true
  controls.authenticatesSource = true
  controls.restrictsNetworkAccess = true
  controls.providesIntegrity = true
  controls.isEncryptedAtRest = true
  controls.hasAccessControl = true
}
MessageQueue jobs "Internal job queue" in app
Process billing "Billing" in app
Process analytics "Analytics" in app

Data password "Password" {
  isCredentials = true
  credentialsLife = MANUAL
}
Data profile "Profile" {
  isPII = true
}
Data entry "Ledger entry" {
  classification = SECRET
}
Data request "Request id and status" {
  classification = RESTRICTED
}
Data reading "Meter reading" {
  classification = SENSITIVE
}
Data job "Render job" {
  classification = RESTRICTED
}

flow customer -> login "Signs in" {
  data = [password]
}
flow customer -> audited_login "Signs in" {
  data = [password]
}
flow customer -> catalogue "Browses" {
  data = [request]
}
flow admin -> backoffice "Manages" {
  data = [request]
}
flow backoffice -> ledger "Books" {
  data = [entry]
}
flow backoffice -> safe_ledger "Books" {
  data = [entry]
}
flow login -> profiles "Stores profiles" {
  data = [profile]
}
flow login -> logs "Logs requests with the profile" {
  data = [profile]
}
flow login -> clean_logs "Logs request ids" {
  data = [request]
}
flow customer -> edge "Calls" {
  data = [request]
}
flow customer -> logged_edge "Calls" {
  data = [request]
}
flow catalogue -> inner_gw "Calls" {
  data = [request]
}
flow device -> readings "Publishes readings" {
  data = [reading]
}
flow device -> safe_readings "Publishes readings" {
  data = [reading]
}
flow readings -> billing "Delivers" {
  data = [reading]
}
flow readings -> analytics "Delivers" {
  data = [reading]
}
flow safe_readings -> billing "Delivers" {
  data = [reading]
}
flow safe_readings -> analytics "Delivers" {
  data = [reading]
}
flow billing -> jobs "Queues a render job" {
  data = [job]
}
flow jobs -> analytics "Delivers" {
  data = [job]
}

Expect login_no_audit "LOG01 fires on a login without an audit trail" {
  threat_id = "LOG01"
  on = login
}
Expect admin_no_audit "LOG01 fires on a back office used by an administrator" {
  threat_id = "LOG01"
  on = backoffice
}
Expect login_audit "LOG01 is quiet with an audit trail" {
  threat_id = "LOG01"
  on = audited_login
  fires = false
}
Expect no_signin "LOG01 is quiet on a service without sign-ins or admins" {
  threat_id = "LOG01"
  on = catalogue
  fires = false
}
Expect ledger_reads "LOG02 fires on a ledger without access logs" {
  threat_id = "LOG02"
  on = ledger
}
Expect ledger_logged "LOG02 is quiet with access logs" {
  threat_id = "LOG02"
  on = safe_ledger
  fires = false
}
Expect profiles_reads "LOG02 is quiet on a store of no secret data" {
  threat_id = "LOG02"
  on = profiles
  fires = false
}
Expect vault_audit "LOG03 fires on a vault without audit" {
  threat_id = "LOG03"
  on = vault
}
Expect vault_audited "LOG03 is quiet on an audited vault" {
  threat_id = "LOG03"
  on = kept_vault
  fires = false
}
Expect pii_logs "LOG04 fires when profiles are logged" {
  threat_id = "LOG04"
  on = logs
}
Expect clean "LOG04 is quiet when only request ids are logged" {
  threat_id = "LOG04"
  on = clean_logs
  fires = false
}
Expect no_backup "LOG05 fires on a ledger without backup" {
  threat_id = "LOG05"
  on = ledger
}
Expect pii_no_backup "LOG05 fires on a profile store without backup" {
  threat_id = "LOG05"
  on = profiles
}
Expect backed_up "LOG05 is quiet once backed up" {
  threat_id = "LOG05"
  on = safe_ledger
  fires = false
}
Expect cache "LOG05 is quiet on a cache" {
  threat_id = "LOG05"
  on = session_cache
  fires = false
}
Expect vault_backup "LOG06 fires on a vault without backup" {
  threat_id = "LOG06"
  on = vault
}
Expect vault_backed_up "LOG06 is quiet on a backed-up vault" {
  threat_id = "LOG06"
  on = kept_vault
  fires = false
}
Expect unsigned_rows "LOG07 fires on a shared ledger without integrity protection" {
  threat_id = "LOG07"
  on = ledger
}
Expect signed_rows "LOG07 is quiet with signed rows" {
  threat_id = "LOG07"
  on = safe_ledger
  fires = false
}
Expect edge_no_log "LOG08 fires on an internet-facing gateway without access logs" {
  threat_id = "LOG08"
  on = edge
}
Expect edge_logged "LOG08 is quiet with access logs" {
  threat_id = "LOG08"
  on = logged_edge
  fires = false
}
Expect inner_gateway "LOG08 is quiet on an internal gateway" {
  threat_id = "LOG08"
  on = inner_gw
  fires = false
}
Expect unauth_producer "MSG01 fires on a broker taking device messages unauthenticated" {
  threat_id = "MSG01"
  on = readings
}
Expect auth_producer "MSG01 is quiet once producers authenticate" {
  threat_id = "MSG01"
  on = safe_readings
  fires = false
}
Expect internal_jobs "MSG01 is quiet on an internal queue of non-sensitive jobs" {
  threat_id = "MSG01"
  on = jobs
  fires = false
}
Expect exposed_broker "MSG02 fires on a broker the internet reaches" {
  threat_id = "MSG02"
  on = readings
}
Expect fenced_broker "MSG02 is quiet when only known sources may connect" {
  threat_id = "MSG02"
  on = safe_readings
  fires = false
}
Expect unsigned "MSG03 fires on unsigned messages from devices" {
  threat_id = "MSG03"
  on = readings
}
Expect signed "MSG03 is quiet with signed messages" {
  threat_id = "MSG03"
  on = safe_readings
  fires = false
}
Expect poison "MSG04 fires without a dead-letter queue for device messages" {
  threat_id = "MSG04"
  on = readings
}
Expect dead_letter "MSG04 is quiet with a dead-letter queue" {
  threat_id = "MSG04"
  on = safe_readings
  fires = false
}
Expect internal_poison "MSG04 is quiet on a queue fed by internal services" {
  threat_id = "MSG04"
  on = jobs
  fires = false
}
Expect plain_disk "MSG05 fires on sensitive messages kept unencrypted" {
  threat_id = "MSG05"
  on = readings
}
Expect encrypted_disk "MSG05 is quiet with encryption at rest" {
  threat_id = "MSG05"
  on = safe_readings
  fires = false
}
Expect plain_jobs "MSG05 is quiet on a queue of non-sensitive jobs" {
  threat_id = "MSG05"
  on = jobs
  fires = false
}
Expect open_topics "MSG06 fires on a broker without per-client ACLs" {
  threat_id = "MSG06"
  on = readings
}
Expect acls "MSG06 is quiet with per-client ACLs" {
  threat_id = "MSG06"
  on = safe_readings
  fires = false
}
