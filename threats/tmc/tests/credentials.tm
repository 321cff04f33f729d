// Tests of AC23 "Long-lived service credentials", AC24 "Hardcoded
// credentials" and CR03 "Password guessing against a login without MFA".
// AC23 looks at the credentials components use between themselves (people's
// passwords are CR03's); AC24 at credentials built into code. (AC22
// "Credentials Aging", deprecated by pytm, is not part of tmc's library.)

model "Rule test: credentials (AC23, AC24, CR03)" {
  description = "Services authenticate to a database with credentials of different lifetimes; people log in."
}

boundary internet "Internet" {
  trust = INTERNET
}
boundary vpc "VPC" {
  trust = INTERNAL
}

Actor user "User" in internet
Server login "Login without MFA" in vpc
Server login_mfa "Login with MFA" in vpc {
  controls.usesMFA = true
}
Process service "Service" in vpc
Datastore db "Database" in vpc
Datastore vendor "Vendor database" in vpc {
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
Data password "User's password" {
  isCredentials = true
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
flow sign_in: user -> login "Signs in with a password" {
  tlsVersion = TLSv13
  data = [password]
}
flow sign_in_mfa: user -> login_mfa "Signs in with a password and a second factor" {
  tlsVersion = TLSv13
  data = [password]
}
flow browse: user -> service "Browses without credentials" {
  tlsVersion = TLSv13
  data = [report]
}

Expect disclosed "AC23 fires on service credentials rotated by hand" {
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
Expect user_password "AC23 leaves people's passwords to CR03" {
  threat_id = "AC23"
  on = sign_in
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

Expect cr03_no_mfa "CR03 fires on a login without MFA" {
  threat_id = "CR03"
  on = login
}
Expect cr03_mfa "CR03 is quiet with MFA" {
  threat_id = "CR03"
  on = login_mfa
  fires = false
}
Expect cr03_no_login "CR03 is quiet where no person's credentials arrive" {
  threat_id = "CR03"
  on = service
  fires = false
}
