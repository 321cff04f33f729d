// Tests of tmc's platform threats: flooding (DO01) and resource exhaustion
// (DO02) by exposure, API abuse (LB01) and leftover test APIs (API01) on
// APIs reached from outside the internal network, reverse engineering
// (HA04) where outsiders hold the code or the hardware.

model "Rule test: platform" {
  description = "An edge API, an internal API and client apps."
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
Server edge "Edge" in dmz
Server limited "Rate-limited edge" in dmz {
  controls.handlesResourceConsumption = true
}
Server inner "Internal web server" in vpc
Process api "Public API" in dmz {
  codeType = "Managed"
  implementsAPI = true
  handlesResources = true
}
Process checked_api "Validating API" in dmz {
  codeType = "Managed"
  implementsAPI = true
  handlesResources = true
  controls.validatesInput = true
  controls.handlesResourceConsumption = true
}
Process internal_api "Internal API" in vpc {
  codeType = "Managed"
  implementsAPI = true
  handlesResources = true
}
Process mobile "Mobile app" in internet {
  codeType = "Managed"
}
Process worker "Worker" in vpc {
  codeType = "Managed"
}
ExternalEntity kiosk "Kiosk vendor" in internet {
  hasPhysicalAccess = true
}
ExternalEntity saas "Partner API" in internet

flow u1: user -> edge "Calls"
flow u2: user -> limited "Calls"
flow u3: user -> api "Calls"
flow u4: user -> checked_api "Calls"
flow m1: mobile -> edge "Syncs"
flow e1: edge -> inner "Forwards"
flow i1: inner -> internal_api "Calls"
flow w1: worker -> internal_api "Calls"
flow k1: kiosk -> edge "Reports"
flow s1: edge -> saas "Notifies"

Expect flood "DO01 fires on an internet-facing server" {
  threat_id = "DO01"
  on = edge
}
Expect flood_limited "DO01 quiet with rate limits" {
  threat_id = "DO01"
  on = limited
  fires = false
}
Expect flood_internal "DO01 quiet on a server the internet does not reach" {
  threat_id = "DO01"
  on = inner
  fires = false
}
Expect exhaust "DO02 fires on a resource handler reached from outside" {
  threat_id = "DO02"
  on = api
}
Expect exhaust_limited "DO02 quiet with per-caller limits" {
  threat_id = "DO02"
  on = checked_api
  fires = false
}
Expect exhaust_internal "DO02 quiet on an internal resource handler" {
  threat_id = "DO02"
  on = internal_api
  fires = false
}
Expect abuse "LB01 fires on an API reached from outside" {
  threat_id = "LB01"
  on = api
}
Expect abuse_validated "LB01 quiet when requests are validated" {
  threat_id = "LB01"
  on = checked_api
  fires = false
}
Expect abuse_internal "LB01 quiet on an internal API" {
  threat_id = "LB01"
  on = internal_api
  fires = false
}
Expect testapi "API01 fires on an API reached from outside" {
  threat_id = "API01"
  on = api
}
Expect testapi_internal "API01 quiet on an internal API" {
  threat_id = "API01"
  on = internal_api
  fires = false
}
Expect re_device "HA04 fires on an external entity with physical access" {
  threat_id = "HA04"
  on = kiosk
}
Expect re_client "HA04 fires on a process running on users' devices" {
  threat_id = "HA04"
  on = mobile
}
Expect re_remote "HA04 quiet on an external entity without physical access" {
  threat_id = "HA04"
  on = saas
  fires = false
}
Expect re_server "HA04 quiet on a process inside your boundaries" {
  threat_id = "HA04"
  on = worker
  fires = false
}
