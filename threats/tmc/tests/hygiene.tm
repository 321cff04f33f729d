// Tests of the model-hygiene threats MOD01-MOD04: a link carrying nothing,
// data no flow uses, and outside parties drawn inside a trusted zone.

model "Rule test: model hygiene (MOD01-MOD04)" {
  description = "A shop's web server, database and payment provider, drawn with a few mistakes."
}

boundary internet "Internet" {
  trust = INTERNET
}
boundary partners "Partners" {
  trust = PARTNER
}
boundary corp "Corporate network" {
  trust = INTERNAL
}

Actor customer "Customer" in internet
Actor lost_customer "Customer drawn inside" in corp
Actor employee "Employee" in corp {
  isStaff = true
}
ExternalEntity psp "Payment provider" in partners
ExternalEntity psp_inside "Payment provider drawn inside" in corp

Server web "Web server" in corp
Datastore db "Orders database" in corp {
  type = SQL
  data = [order]
}
Datastore archive "Archive of retired ID scans" in corp {
  isSQL = false
  data = [id_scan]
}

Data order "Order"
Data id_scan "ID scan" {
  isPII = true
}

flow customer -> web "Places an order" {
  data = [order]
}
flow lost_customer -> web "Places an order" {
  data = [order]
}
flow employee -> web "Checks orders" {
  data = [order]
}
flow web -> db "Stores the order" {
  data = [order]
}
flow read_back: db -> web "Reads orders"
flow legacy: web -> archive "Legacy reporting link"
flow web -> psp "Charges the order" {
  data = [order]
}
flow web -> psp_inside "Charges the order" {
  data = [order]
}

flow ask: customer -> web "Asks for the catalogue"
flow catalogue: web -> customer "Returns the catalogue" {
  responseTo = ask
  data = [order]
}

Expect request_with_reply "MOD01 is quiet on a request whose declared response carries data" {
  threat_id = "MOD01"
  on = ask
  fires = false
}
flow poll: web -> db "Polls for new orders"

Expect read_request "MOD01 is quiet on a request answered by a flow the other way that carries data" {
  threat_id = "MOD01"
  on = poll
  fires = false
}
Expect empty_link "MOD01 fires on a flow that carries no data" {
  threat_id = "MOD01"
  on = legacy
}
Expect used_link "MOD01 is quiet on a flow whose source holds data" {
  threat_id = "MOD01"
  on = read_back
  fires = false
}
Expect unused_data "MOD02 fires on data that no flow carries" {
  threat_id = "MOD02"
  on = archive
}
Expect used_data "MOD02 is quiet on data that flows carry" {
  threat_id = "MOD02"
  on = db
  fires = false
}
Expect customer_inside "MOD03 fires on a customer drawn inside the corporate network" {
  threat_id = "MOD03"
  on = lost_customer
}
Expect customer_outside "MOD03 is quiet on a customer on the internet" {
  threat_id = "MOD03"
  on = customer
  fires = false
}
Expect staff_inside "MOD03 is quiet on staff inside" {
  threat_id = "MOD03"
  on = employee
  fires = false
}
Expect psp_in "MOD04 fires on a payment provider drawn inside the corporate network" {
  threat_id = "MOD04"
  on = psp_inside
}
Expect psp_out "MOD04 is quiet on a payment provider in the partner zone" {
  threat_id = "MOD04"
  on = psp
  fires = false
}
