// A made-up model with one element of every stdlib kind, for the OTM
// export's round trip (tests/export.rs): nested boundaries (one takes
// its parent's trust), elements in no boundary under a model-wide
// `outsideTrust`, datastores of several storage types, flows with and
// without labels, data of every classification, and triages of every
// status.
model "Every kind" {
  description = "Every element kind of the stdlib, placed and connected so that rules find threats on most of them."
  outsideTrust = PARTNER
}

boundary internet "Internet" {
  trust = INTERNET
}

boundary edge "Edge network" {
  trust = DMZ
  description = "Load balancers and the web tier."
}

boundary core "Core services" in edge {
  trust = INTERNAL
}

boundary inner "Inner ring" in core

boundary vaulted "Vaulted zone" in inner {
  trust = RESTRICTED
}

Actor customer "Customer" in internet
ClientApp phone "Phone app" in internet
ExternalEntity psp "Payment provider"
LLM hosted_llm "Hosted LLM"
Gateway lb "Load balancer" in edge
Server web "Web server" in edge
Process api "API" in core
SetOfProcesses workers "Workers" in core
Lambda resize "Image resizer" in core
Agent helper "Support agent" in core
MessageQueue events "Event bus" in core
IdentityProvider idp "Identity provider" in core
ContainerPlatform k8s "Cluster" in core
BuildPipeline ci "CI pipeline" in inner
ArtifactRegistry images "Image registry" in inner

Datastore orders "Orders" in inner {
  type = SQL
  description = "The orders database."
}

Datastore uploads "Uploads" in inner {
  type = FILE_SYSTEM
}

Datastore sessions "Sessions" in inner {
  type = CACHE
}

Datastore people "Directory" in inner {
  type = LDAP
}

Datastore blobs "Blobs" in inner {
  type = OBJECT_STORE
}

Datastore scratch "Scratch space" in inner

SecretsVault vault "Vault" in vaulted

Data card "Card number" {
  classification = TOP_SECRET
}

Data login "Login" {
  classification = SECRET
  isCredentials = true
}

Data order "Order" {
  classification = SENSITIVE
}

Data picture "Picture" {
  classification = RESTRICTED
}

Data page "Page" {
  classification = PUBLIC
}

flow browse: customer -> lb "Browse" {
  protocol = "HTTPS"
  data = [page, login]
}

flow lb -> web
flow app_calls: phone -> lb "App calls" {
  data = [order, card]
}
flow web -> api
flow api_orders: api -> orders "Store order" {
  data = [order, card]
}
flow pay: api -> psp "Charge" {
  data = [card]
}
flow api -> events
flow events -> workers
flow workers -> uploads
flow resize_reads: resize -> uploads "Read pictures" {
  data = [picture]
}
flow workers -> resize
flow helper -> hosted_llm
flow api -> helper
flow web -> idp
flow idp -> people
flow api -> sessions
flow ci -> images
flow k8s -> images
flow api -> vault
flow api -> blobs
flow workers -> scratch

Triage web_mitigated {
  threat_id = "*"
  on = [web]
  status = MITIGATED
  justification = "Hardened image."
}

Triage api_accepted {
  threat_id = "*"
  on = [api]
  status = ACCEPTED
  justification = "Accepted for the pilot."
  owner = "platform"
}

Triage lb_in_progress {
  threat_id = "*"
  on = [lb]
  status = IN_PROGRESS
}

Triage orders_transferred {
  threat_id = "*"
  on = [orders]
  status = TRANSFERRED
  justification = "The database team owns it."
}

Triage idp_false_positive {
  threat_id = "*"
  on = [idp]
  status = FALSE_POSITIVE
  justification = "The provider signs its tokens."
}

Triage vault_not_applicable {
  threat_id = "*"
  on = [vault]
  status = NOT_APPLICABLE
  justification = "The vault is reached only by the API."
}

Triage helper_investigate {
  threat_id = "*"
  on = [helper]
  status = NEEDS_INVESTIGATION
}

Triage pay_open {
  threat_id = "*"
  on = [pay]
  status = OPEN
}
