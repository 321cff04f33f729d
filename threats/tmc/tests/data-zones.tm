// Tests of DS09 "Data carried out of the zones it is allowed in": it fires
// on the hop where data leaves the zones its `allowedZones` lists, from an
// element in one of them to an element in none; not on the way in from
// outside, not on hops inside, not downstream of the exit, and not for
// data that lists no zones.

model "Rule test: data kept in its zones (DS09)" {
  description = "Card numbers allowed in the DMZ and the payment zone; one copy leaks to the reporting warehouse and on to a partner."
}

boundary dmz "DMZ" {
  trust = DMZ
}
boundary inside "Internal network" {
  trust = INTERNAL
}
boundary cde "Payment zone" {
  trust = RESTRICTED
}
boundary partner "Partner" {
  trust = PARTNER
}

Actor shopper "Shopper"
Server web "Shop front" in dmz
Server payments "Payment service" in cde
Datastore vault "Card vault" in cde
Datastore warehouse "Reporting warehouse" in inside
Server reports "Reporting service" in inside
ExternalEntity bi "Partner analytics" in partner

Data card "Card number" {
  classification = RESTRICTED
  allowedZones = [DMZ, RESTRICTED]
}
Data order "Order" {
  classification = SENSITIVE
}

flow pay: shopper -> web {
  data = [card]
}
flow charge: web -> payments {
  data = [card, order]
}
flow keep: payments -> vault {
  data = [card]
}
flow copy: payments -> warehouse {
  data = [card, order]
}
flow share: warehouse -> bi {
  data = [card]
}
flow tally: web -> reports {
  data = [order]
}
flow receipt: payments -> web {
  isResponse = true
  responseTo = charge
  data = [card]
}

Expect leaves_at_copy "DS09 fires where the card number leaves its zones, into the warehouse" {
  threat_id = "DS09"
  on = copy
}
Expect quiet_on_the_way_in "DS09 is quiet on the shopper's hop: collected outside its zones, it comes in" {
  threat_id = "DS09"
  on = pay
  fires = false
}
Expect quiet_inside "DS09 is quiet on hops between allowed zones" {
  threat_id = "DS09"
  on = charge
  fires = false
}
Expect quiet_on_the_reply "DS09 is quiet on a reply between allowed zones" {
  threat_id = "DS09"
  on = receipt
  fires = false
}
Expect quiet_downstream "DS09 is quiet downstream of the exit: the copy hop is the one to fix" {
  threat_id = "DS09"
  on = share
  fires = false
}
Expect quiet_without_a_policy "DS09 is quiet on data that lists no zones" {
  threat_id = "DS09"
  on = tally
  fires = false
}
