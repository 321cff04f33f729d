// Tests of AC23 "Credentials Disclosure" and AC24 "Use of hardcoded
// credentials": both look at the credentials a flow carries into an
// in-scope element, AC23 at long-lived ones, AC24 at hardcoded ones. (AC22
// "Credentials Aging", which covered both, is deprecated: never reported.)

model "Rule test: credentials on flows (AC23, AC24)" {
  description = "Services authenticate to a database with credentials of different lifetimes."
}

Process service "Service"
Datastore db "Database"
Datastore vendor "Vendor database" {
  inScope = false
}

Data baked "Password compiled into the service" {
  isCredentials = true
  credentialsLife = HARDCODED
}
Data rotated "Short-lived token" {
  isCredentials = true
  credentialsLife = SHORT
}
Data manual "Password rotated by hand" {
  isCredentials = true
  credentialsLife = MANUAL
}
Data report "Monthly report"

flow hardcoded: service -> db "Connects with a built-in password" {
  data = [baked]
}
flow short: service -> db "Connects with a short-lived token" {
  data = [rotated]
}
flow by_hand: service -> db "Connects with a password rotated by hand" {
  data = [manual]
}
flow outside: service -> vendor "Connects to a system out of scope" {
  data = [baked]
}
flow plain: service -> db "Writes a report" {
  data = [report]
}

Expect disclosed "AC23 fires on credentials rotated by hand" {
  threat_id = "AC23"
  on = by_hand
}
Expect short_lived "AC23 is quiet on short-lived credentials" {
  threat_id = "AC23"
  on = short
  fires = false
}
Expect baked_in "AC23 leaves hardcoded credentials to AC24" {
  threat_id = "AC23"
  on = hardcoded
  fires = false
}
Expect no_credentials "AC23 is quiet on a flow without credentials" {
  threat_id = "AC23"
  on = plain
  fires = false
}
Expect disclosed_out_of_scope "AC23 is quiet on a flow into an element out of scope" {
  threat_id = "AC23"
  on = outside
  fires = false
}

Expect hardcoded_password "AC24 fires on hardcoded credentials" {
  threat_id = "AC24"
  on = hardcoded
}
Expect not_hardcoded "AC24 is quiet on credentials rotated by hand" {
  threat_id = "AC24"
  on = by_hand
  fires = false
}
Expect out_of_scope "AC24 is quiet on a flow into an element out of scope" {
  threat_id = "AC24"
  on = outside
  fires = false
}
