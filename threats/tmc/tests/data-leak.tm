// Tests of DS06 "Data Leak": it fires on a flow carrying data classified
// above the `maxClassification` of its source, its sink or itself.

model "Rule test: data leak (DS06)" {
  description = "Secret data sent to elements cleared for it, and to one that is not."
}

Process vault "Vault" {
  maxClassification = SECRET
}
Datastore secure "Secure store" {
  maxClassification = SECRET
}
Datastore logs "Log store" {
  maxClassification = PUBLIC
}

Data key "Signing key" {
  classification = SECRET
}
Data note "Release note" {
  classification = PUBLIC
}

flow leak: vault -> logs "Logs the signing key" {
  maxClassification = SECRET
  data = [key]
}
flow narrow: vault -> secure "Stores the key on a flow cleared for less" {
  data = [key]
}
flow store: vault -> secure "Stores the signing key" {
  maxClassification = SECRET
  data = [key]
}
flow publish: vault -> logs "Logs the release note" {
  maxClassification = SECRET
  data = [note]
}

Expect to_sink "fires when the sink is cleared for less" {
  threat_id = "DS06"
  on = leak
}
Expect on_flow "fires when the flow is cleared for less" {
  threat_id = "DS06"
  on = narrow
}
Expect cleared "quiet when source, sink and flow are cleared" {
  threat_id = "DS06"
  on = store
  fires = false
}
Expect public "quiet on data within every clearance" {
  threat_id = "DS06"
  on = publish
  fires = false
}
