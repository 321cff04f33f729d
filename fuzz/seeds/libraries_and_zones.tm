// Seed: the language of issue #20: refinements (own and pytm's), trust
// levels on nested boundaries, categories, rule-test expectations.
model "Zones" {
  description = "d"
  library = tmc
  outsideTrust = PARTNER
  boundaryTrust = DMZ
}
boundary net "Net" {
  trust = INTERNET
}
boundary corp "Corp" {
  boundary pci "PCI" {
    trust = RESTRICTED
  }
}
Actor user "User" in net {
  isAdmin = true
}
Server web "Web" in corp {
  controls {
    usesMFA = true
  }
}
Datastore db "DB" in pci {
  type = SQL
  storesPII = true
}
Data card "Card" {
  classification = SECRET
  isPII = true
}
flow login: user -> web {
  data = [card]
  tlsVersion = TLSv13
}
flow store: web -> db {
  data = [card]
}
threat A "Alpha" refines pytm.DE03 {
  stride = [InformationDisclosure]
  linddun = [DataDisclosure]
  when = not encryptedInTransit(target) and target.source.zone < target.sink.zone
}
threat B refines A {
  severity = Low
}
threat C refines B {}
Expect e1 "A fires" {
  threat_id = "A"
  on = store
}
Expect e2 "A is quiet" {
  threat_id = "A"
  on = login
  fires = false
}
