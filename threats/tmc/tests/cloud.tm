// Tests of DS07 (a cloud store holding sensitive data without access
// control) and DS08 (credentials flowing into a log store).

model "Rule test: cloud stores and logs (DS07, DS08)" {
  description = "A service writes to an S3 bucket, an RDS database and two log stores."
}

boundary vpc "VPC" {
  trust = INTERNAL
}

Process api "API" in vpc
Datastore bucket "Open bucket" in vpc {
  type = AWS_S3
  isSQL = false
  storesPII = true
}
Datastore locked "Locked bucket" in vpc {
  type = AWS_S3
  isSQL = false
  storesPII = true
  controls.hasAccessControl = true
}
Datastore rds "RDS database" in vpc {
  type = SQL
  onRDS = true
}
Datastore plain "Self-run database" in vpc {
  type = SQL
}
Datastore assets "Public assets bucket" in vpc {
  type = AWS_S3
  isSQL = false
}
Datastore logs "Request log" in vpc {
  isSQL = false
  storesLogData = true
}
Datastore audit "Audit log" in vpc {
  isSQL = false
  storesLogData = true
}

Data profile "Customer profile" {
  isPII = true
}
Data token "Bearer token" {
  isCredentials = true
  credentialsLife = SHORT
}
Data event "Audit event" {
  classification = RESTRICTED
}

flow api -> bucket "Stores profiles" {
  data = [profile]
}
flow api -> locked "Stores profiles" {
  data = [profile]
}
flow api -> rds "Writes orders" {
  data = [profile]
}
flow api -> plain "Writes orders" {
  data = [profile]
}
flow api -> logs "Logs requests with headers" {
  data = [token]
}
flow api -> audit "Records events" {
  data = [event]
}

Expect open_bucket "DS07 fires on an S3 bucket of personal data without access control" {
  threat_id = "DS07"
  on = bucket
}
Expect locked_bucket "DS07 is quiet once the bucket has access control" {
  threat_id = "DS07"
  on = locked
  fires = false
}
Expect rds_db "DS07 fires on an RDS database receiving personal data without access control" {
  threat_id = "DS07"
  on = rds
}
Expect own_db "DS07 is quiet on a database that is not a managed cloud store" {
  threat_id = "DS07"
  on = plain
  fires = false
}
Expect public_assets "DS07 is quiet on a bucket holding nothing sensitive" {
  threat_id = "DS07"
  on = assets
  fires = false
}
Expect logged_token "DS08 fires when a token flows into a log store" {
  threat_id = "DS08"
  on = logs
}
Expect clean_audit "DS08 is quiet on a log store receiving no credentials" {
  threat_id = "DS08"
  on = audit
  fires = false
}
Expect not_a_log "DS08 is quiet on a store that keeps no logs" {
  threat_id = "DS08"
  on = bucket
  fires = false
}
