// Tests of DS06 "Data above the clearance of an element or flow" (it fires
// only where a `maxClassification` is declared and exceeded) and TB03
// "Sensitive data handed to a party in an untrusted zone".

model "Rule test: data leaks (DS06, TB03)" {
  description = "Secret data sent to elements cleared for it, to one that is not, and to outside parties."
}

boundary internet "Internet" {
  trust = INTERNET
}
boundary partner "Partner network" {
  trust = PARTNER
}
boundary vpc "VPC" {
  trust = INTERNAL
}

Process vault "Vault" in vpc {
  maxClassification = SECRET
}
Datastore secure "Secure store" in vpc {
  maxClassification = SECRET
}
Datastore logs "Log store" in vpc {
  maxClassification = PUBLIC
}
Datastore plain "Store with no declared clearance" in vpc
ExternalEntity analytics "Analytics SaaS" in internet
ExternalEntity psp "Payment provider, cleared for secret data" in partner {
  maxClassification = SECRET
}
Actor customer "Customer" in internet

Data key "Signing key" {
  classification = SECRET
}
Data note "Release note" {
  classification = PUBLIC
}
Data profile "Customer profile" {
  isPII = true
}

flow leak: vault -> logs "Logs the signing key" {
  maxClassification = SECRET
  data = [key]
}
flow narrow: vault -> secure "Stores the key on a flow cleared for less" {
  maxClassification = RESTRICTED
  data = [key]
}
flow store: vault -> secure "Stores the signing key" {
  maxClassification = SECRET
  data = [key]
}
flow unset: vault -> plain "Stores the key where no clearance is declared" {
  data = [key]
}
flow publish: vault -> logs "Logs the release note" {
  data = [note]
}
flow track: vault -> analytics "Sends profiles to analytics" {
  tlsVersion = TLSv13
  data = [profile]
}
flow charge: vault -> psp "Sends the key to the cleared provider" {
  tlsVersion = TLSv13
  data = [key]
}
flow notes: vault -> analytics "Sends release notes to analytics" {
  tlsVersion = TLSv13
  data = [note]
}
flow own: vault -> customer "Shows customers their profile" {
  tlsVersion = TLSv13
  data = [profile]
}

Expect ds06_sink "DS06 fires when the sink is cleared for less" {
  threat_id = "DS06"
  on = leak
}
Expect ds06_flow "DS06 fires when the flow is cleared for less" {
  threat_id = "DS06"
  on = narrow
}
Expect ds06_cleared "DS06 is quiet when source, sink and flow are cleared" {
  threat_id = "DS06"
  on = store
  fires = false
}
Expect ds06_unset "DS06 is quiet where no maxClassification is declared" {
  threat_id = "DS06"
  on = unset
  fires = false
}
Expect ds06_public "DS06 is quiet on data within every clearance" {
  threat_id = "DS06"
  on = publish
  fires = false
}

Expect tb03_vendor "TB03 fires on personal data sent to an internet vendor" {
  threat_id = "TB03"
  on = track
}
Expect tb03_cleared "TB03 is quiet when the party is cleared for the data" {
  threat_id = "TB03"
  on = charge
  fires = false
}
Expect tb03_public "TB03 is quiet on public data" {
  threat_id = "TB03"
  on = notes
  fires = false
}
Expect tb03_internal "TB03 is quiet inside the VPC" {
  threat_id = "TB03"
  on = unset
  fires = false
}
Expect tb03_person "TB03 is quiet on data shown to a person" {
  threat_id = "TB03"
  on = own
  fires = false
}
