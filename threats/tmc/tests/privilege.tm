// Tests of the authentication and authorization threats: AA01 (requests
// from untrusted parties accepted without authentication), AC01 (no
// authorization per action), AA04 (server trusts the client's checks),
// AC12 (privilege escalation without least privilege) and AC03 (behaviour
// changed through environment variables). Calls between components inside
// INTERNAL zones are not counted by AA01, AC01 and AA04.

model "Rule test: authentication and privilege (AA01, AC01, AA04, AC12, AC03)" {
  description = "Services reached from the internet and from inside, with and without authentication, authorization and least privilege."
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
Server gateway "Gateway" in dmz {
  controls {
    authenticatesSource = true
    hasAccessControl = true
    authorizesSource = true
    implementsServerSideValidation = true
  }
}
Process open "Service reached from the internet with no controls" in vpc
Process guarded "Service reached from the internet with every control" in vpc {
  controls {
    authenticatesSource = true
    hasAccessControl = true
    authorizesSource = true
    implementsServerSideValidation = true
    implementsPOLP = true
  }
}
Process mtls "Service authenticated by mutual TLS on the flow" in vpc
Process backend "Internal service called by another" in vpc
Process loose "Service with access control but no per-action checks" in vpc {
  controls.authenticatesSource = true
  controls.hasAccessControl = true
}
SetOfProcesses workers "Worker pool reached from the DMZ" in vpc
Process configured "Process configured by environment variables" in vpc {
  usesEnvironmentVariables = true
}
Process checked "Process checking its environment" in vpc {
  usesEnvironmentVariables = true
  controls.validatesInput = true
}
Process sandboxed "Process in a sandbox" in vpc {
  assumptions = [
    {
      name = "Runs in a sandbox"
      exclude = ["AC12"]
    },
  ]
}

flow u_open: user -> open "Calls"
flow u_guarded: user -> guarded "Calls"
flow u_mtls: user -> mtls "Calls with a client certificate" {
  tlsVersion = TLSv13
  controls.authenticatesSource = true
}
flow u_loose: user -> loose "Calls"
flow open_backend: open -> backend "Calls inside the VPC"
flow gw_workers: gateway -> workers "Hands jobs over"
flow u_sandboxed: user -> sandboxed "Calls"

Expect aa01_open "AA01 fires on a service the internet reaches without authentication" {
  threat_id = "AA01"
  on = open
}
Expect aa01_dmz "AA01 fires on a kind below Process reached from the DMZ" {
  threat_id = "AA01"
  on = workers
}
Expect aa01_guarded "AA01 is quiet when the service authenticates its callers" {
  threat_id = "AA01"
  on = guarded
  fires = false
}
Expect aa01_mtls "AA01 is quiet when the flow authenticates its source" {
  threat_id = "AA01"
  on = mtls
  fires = false
}
Expect aa01_internal "AA01 is quiet on a service called only from inside" {
  threat_id = "AA01"
  on = backend
  fires = false
}

Expect ac01_open "AC01 fires without access control" {
  threat_id = "AC01"
  on = open
}
Expect ac01_loose "AC01 fires without per-action authorization" {
  threat_id = "AC01"
  on = loose
}
Expect ac01_guarded "AC01 is quiet with access control and authorization" {
  threat_id = "AC01"
  on = guarded
  fires = false
}
Expect ac01_internal "AC01 is quiet on a service called only from inside" {
  threat_id = "AC01"
  on = backend
  fires = false
}

Expect aa04_open "AA04 fires without server-side validation" {
  threat_id = "AA04"
  on = open
}
Expect aa04_guarded "AA04 is quiet with server-side validation" {
  threat_id = "AA04"
  on = guarded
  fires = false
}
Expect aa04_internal "AA04 is quiet on a service called only from inside" {
  threat_id = "AA04"
  on = backend
  fires = false
}

Expect ac12_open "AC12 fires on a process reached from the internet without least privilege" {
  threat_id = "AC12"
  on = open
}
Expect ac12_sub_kind "AC12 fires on a kind below Process" {
  threat_id = "AC12"
  on = workers
}
Expect ac12_polp "AC12 is quiet with least privilege" {
  threat_id = "AC12"
  on = guarded
  fires = false
}
Expect ac12_internal "AC12 is quiet on an internal process handling no sensitive data" {
  threat_id = "AC12"
  on = backend
  fires = false
}
Expect ac12_assumed "AC12 is quiet where an assumption rules it out" {
  threat_id = "AC12"
  on = sandboxed
  fires = false
}

Expect ac03_env "AC03 fires on unchecked environment variables" {
  threat_id = "AC03"
  on = configured
}
Expect ac03_checked "AC03 is quiet when the values are validated" {
  threat_id = "AC03"
  on = checked
  fires = false
}
Expect ac03_none "AC03 is quiet without environment variables" {
  threat_id = "AC03"
  on = open
  fires = false
}
