// Tests of paths.tm: restricted data (PTH01) and admin interfaces (PTH02)
// reached from the internet through a hop past the first that does not
// authenticate its caller; quiet when every such hop authenticates, when
// an untrusted zone sends to the target directly (the one-hop threats'
// business), and when the data is not restricted.

model "Rule test: path threats (PTH01, PTH02)" {
  description = "A shop whose order service trusts any caller, beside a billing chain that authenticates each hop."
}

boundary dmz "DMZ" {
  trust = DMZ
}
boundary inside "Inside" {
  trust = INTERNAL
}

Actor shopper "Shopper"
Server web "Web front" in dmz
Server orders "Order service" in inside
Datastore cards "Card vault" in inside {
  controls.authenticatesSource = true
  controls.hasAccessControl = true
}
Datastore catalog "Catalog" in inside
Server billing "Billing service" in inside {
  controls.authenticatesSource = true
}
Datastore ledger "Ledger" in inside {
  controls.authenticatesSource = true
  controls.hasAccessControl = true
}
Datastore edge_cache "Card cache reached in one hop" in dmz
Server ops_console "Operations console" in inside {
  exposesAdminInterface = true
}
Server fenced_console "Console that authenticates its callers" in inside {
  exposesAdminInterface = true
  controls.authenticatesSource = true
}

Data card "Card number" {
  classification = SENSITIVE
}
Data item "Catalog item" {
  classification = PUBLIC
}

flow shopper -> web {
  controls.isEncrypted = true
}
flow web -> orders
flow orders -> cards {
  data = [card]
}
flow orders -> catalog {
  data = [item]
}
flow web -> billing
flow billing -> ledger {
  data = [card]
}
flow shopper -> edge_cache {
  data = [card]
}
flow orders -> ops_console
flow web -> fenced_console

Expect vault_behind_open_service "PTH01 fires on the card vault behind an order service that trusts any caller" {
  threat_id = "PTH01"
  on = cards
}
Expect ledger_authenticated "PTH01 is quiet when every hop past the first authenticates" {
  threat_id = "PTH01"
  on = ledger
  fires = false
}
Expect catalog_public "PTH01 is quiet on a store of public data" {
  threat_id = "PTH01"
  on = catalog
  fires = false
}
Expect one_hop "PTH01 is quiet on a store an untrusted zone sends to directly (TB01's business)" {
  threat_id = "PTH01"
  on = edge_cache
  fires = false
}
Expect console_behind_open_service "PTH02 fires on an admin console reached through the open order service" {
  threat_id = "PTH02"
  on = ops_console
}
Expect console_authenticates "PTH02 is quiet when the console authenticates its callers" {
  threat_id = "PTH02"
  on = fenced_console
  fires = false
}
