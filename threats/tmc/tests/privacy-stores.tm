// Tests of the privacy threats on stores: retention (PRV03, PRV04),
// linking in one store (PRV02), data-subject rights (PRV09), search
// indexes (PRV11) and copies in many stores (PRV12).

model "Rule test: personal data at rest" {
  description = "A shop keeps customer data in a database, an event stream, a search index and a cache."
}

boundary vpc "VPC" {
  trust = INTERNAL
}

Data profile "Customer profile" {
  isPII = true
  purpose = "order fulfilment"
  legalBasis = CONTRACT
  retentionDays = 30
}
Data visit "Pseudonymous visit" {
  isPII = true
  isPseudonymized = true
  purpose = "product analytics"
  legalBasis = LEGITIMATE_INTERESTS
}

Process shop "Shop API" in vpc
Process support "Support tool" in vpc
Process users "User service" in vpc {
  data = [profile]
}
Process analytics "Analytics collector" in vpc

Datastore orders "Orders database" in vpc {
  type = SQL
  storesPII = true
  keepsDataForDays = 365
}
Datastore orders_ttl "Orders database with per-record expiry" in vpc {
  type = SQL
  storesPII = true
  keepsDataForDays = 365
  controls.enforcesRetention = true
  controls.supportsDataSubjectRights = true
}
Datastore crm "CRM store" in vpc {
  type = NOSQL
}
Datastore clicks "Click store" in vpc {
  type = NOSQL
  keepsDataForDays = 90
  controls.supportsDataSubjectRights = true
}
MessageQueue events "Order events" in vpc {
  keepsDataForDays = 7
}
MessageQueue replay "Replay topic" in vpc
Datastore search "Customer search" in vpc {
  type = SEARCH_INDEX
}
Datastore search_acl "Customer search with per-agent filters" in vpc {
  type = SEARCH_INDEX
  controls.hasAccessControl = true
}
Datastore cache "Profile cache" in vpc {
  type = CACHE
}
Datastore lake "Data lake" in vpc {
  type = OBJECT_STORE
}

flow shop -> orders "Writes orders" {
  data = [profile]
}
flow shop -> orders_ttl "Writes orders" {
  data = [profile]
}
flow shop -> crm "Writes customers" {
  data = [profile]
}
flow support -> crm "Writes ticket contacts" {
  data = [profile]
}
flow shop -> clicks "Writes visits" {
  data = [visit]
}
flow analytics -> clicks "Writes visits" {
  data = [visit]
}
flow shop -> events "Publishes orders" {
  data = [profile]
}
flow shop -> replay "Publishes orders for replay" {
  data = [profile]
}
flow support -> search "Indexes customers" {
  data = [profile]
}
flow support -> search_acl "Indexes customers" {
  data = [profile]
}
flow users -> cache "Caches profiles"
flow users -> search "Indexes profiles"
flow users -> lake "Exports profiles"
flow analytics -> cache "Caches visits" {
  data = [visit]
}
flow analytics -> lake "Exports visits" {
  data = [visit]
}

Expect prv02_fires "PRV02 fires when two services write identifiable customer data into one store" {
  threat_id = "PRV02"
  on = crm
}
Expect prv02_pseudonymous "PRV02 is quiet when what several services write is pseudonymised" {
  threat_id = "PRV02"
  on = clicks
  fires = false
}
Expect prv03_fires "PRV03 fires when a store keeps personal data longer than its retention" {
  threat_id = "PRV03"
  on = orders
}
Expect prv03_enforced "PRV03 is quiet when the store deletes each record at the end of its own period" {
  threat_id = "PRV03"
  on = orders_ttl
  fires = false
}
Expect prv03_short "PRV03 is quiet on a queue that keeps messages for less than the data's retention" {
  threat_id = "PRV03"
  on = events
  fires = false
}
Expect prv04_fires "PRV04 fires on a replay topic of personal data with no retention stated" {
  threat_id = "PRV04"
  on = replay
}
Expect prv04_stated "PRV04 is quiet once the queue's retention is stated" {
  threat_id = "PRV04"
  on = events
  fires = false
}
Expect prv09_fires "PRV09 fires on a store of identifiable personal data with no data-subject request support" {
  threat_id = "PRV09"
  on = orders
}
Expect prv09_supported "PRV09 is quiet once the store answers access and erasure requests" {
  threat_id = "PRV09"
  on = orders_ttl
  fires = false
}
Expect prv09_pseudonymous "PRV09 is quiet on a store of pseudonymised data only" {
  threat_id = "PRV09"
  on = clicks
  fires = false
}
Expect prv11_fires "PRV11 fires on a search index of customers without access control" {
  threat_id = "PRV11"
  on = search
}
Expect prv11_acl "PRV11 is quiet when the index filters queries per caller" {
  threat_id = "PRV11"
  on = search_acl
  fires = false
}
Expect prv12_fires "PRV12 fires on a service that copies profiles into three stores" {
  threat_id = "PRV12"
  on = users
}
Expect prv12_relayed "PRV12 fires on a service copying what it receives into three stores" {
  threat_id = "PRV12"
  on = support
}
Expect prv12_pseudonymous "PRV12 is quiet when the copies are pseudonymised" {
  threat_id = "PRV12"
  on = analytics
  fires = false
}
