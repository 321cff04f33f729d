// Tests of tmc's injection threats: SQL injection (INP05) only towards a
// SQL store, LDAP injection (INP09) only towards an LDAP directory, OS
// command injection (INP31) only where input from outside reaches the
// process, memory corruption (INP02) only in native code, path traversal
// (HA01) only where files are used, IMAP/SMTP injection (INP15).

model "Rule test: injection" {
  description = "Services behind a gateway query SQL, LDAP, S3 and file stores."
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
Server gw "Gateway" in dmz {
  protocol = "HTTPS"
}
Process orders "Orders" in vpc {
  codeType = "Managed"
}
Process safe_orders "Orders with prepared statements" in vpc {
  codeType = "Managed"
  controls.usesParameterizedInput = true
}
Process uploads "Uploads" in vpc {
  codeType = "Managed"
}
Process login "Login" in vpc {
  codeType = "Managed"
  controls.sanitizesInput = true
}
Process dirsearch "Directory search" in vpc {
  codeType = "Managed"
}
Process batch "Nightly batch" in vpc {
  codeType = "Managed"
}
Process converter "Native converter" in vpc
Process checked "Native converter with bounds checks" in vpc {
  controls.checksInputBounds = true
  controls.usesSecureFunctions = true
}
Process validated "Validating service" in dmz {
  codeType = "Managed"
  controls.validatesInput = true
}
Server mail "Mail relay" in dmz {
  protocol = "SMTP"
}
Server safe_mail "Sanitising mail relay" in dmz {
  protocol = "SMTP"
  controls.sanitizesInput = true
}

Datastore sql "Orders DB" in vpc {
  type = SQL
}
Datastore legacy "Legacy DB" in vpc
Datastore bucket "Bucket" in vpc {
  type = AWS_S3
}
Datastore dir "Directory" in vpc {
  type = LDAP
}
Datastore disk "Shared disk" in vpc {
  type = FILE_SYSTEM
}

flow u1: user -> gw "Calls"
flow u2: user -> mail "Sends mail"
flow u3: user -> safe_mail "Sends mail"
flow g1: gw -> orders "Orders"
flow g2: gw -> safe_orders "Orders"
flow g3: gw -> uploads "Uploads"
flow g4: gw -> login "Logs in"
flow g5: gw -> dirsearch "Searches"
flow g6: gw -> converter "Converts"
flow g7: gw -> checked "Converts"
flow g8: gw -> validated "Validated call"
flow o1: orders -> sql "Queries"
flow o2: safe_orders -> sql "Queries"
flow o3: orders -> legacy "Queries the legacy DB"
flow up1: uploads -> bucket "Stores"
flow up2: uploads -> disk "Writes files"
flow l1: login -> dir "Binds"
flow d1: dirsearch -> dir "Searches"
flow b1: batch -> sql "Purges"

Expect sqli "INP05 fires towards a SQL store without parameterised queries" {
  threat_id = "INP05"
  on = orders
}
Expect sqli_param "INP05 quiet with parameterised queries" {
  threat_id = "INP05"
  on = safe_orders
  fires = false
}
Expect sqli_s3 "INP05 quiet towards an S3 bucket (isSQL is true by default, but type wins)" {
  threat_id = "INP05"
  on = uploads
  fires = false
}
Expect sqli_noinput "INP05 quiet on a job that receives no input" {
  threat_id = "INP05"
  on = batch
  fires = false
}
Expect ldap "INP09 fires towards an LDAP directory" {
  threat_id = "INP09"
  on = dirsearch
}
Expect ldap_escaped "INP09 quiet when filter values are escaped" {
  threat_id = "INP09"
  on = login
  fires = false
}
Expect ldap_sql "INP09 quiet towards a SQL store" {
  threat_id = "INP09"
  on = orders
  fires = false
}
Expect cmd "INP31 fires on a process reached from the DMZ without validation" {
  threat_id = "INP31"
  on = orders
}
Expect cmd_validated "INP31 quiet with input validation" {
  threat_id = "INP31"
  on = validated
  fires = false
}
Expect cmd_internal "INP31 quiet on a process only internal elements reach" {
  threat_id = "INP31"
  on = batch
  fires = false
}
Expect overflow "INP02 fires on native code that takes input" {
  threat_id = "INP02"
  on = converter
}
Expect overflow_checked "INP02 quiet with bounds checks and secure functions" {
  threat_id = "INP02"
  on = checked
  fires = false
}
Expect overflow_managed "INP02 quiet on managed code" {
  threat_id = "INP02"
  on = orders
  fires = false
}
Expect traversal "HA01 fires where input meets a file-system store" {
  threat_id = "HA01"
  on = uploads
}
Expect traversal_nofiles "HA01 quiet where no files are used" {
  threat_id = "HA01"
  on = orders
  fires = false
}
Expect smtp "INP15 fires on an SMTP server" {
  threat_id = "INP15"
  on = mail
}
Expect smtp_sanitised "INP15 quiet when input is sanitised" {
  threat_id = "INP15"
  on = safe_mail
  fires = false
}
