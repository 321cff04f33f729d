// Tests of the threats to flows in transit: DE03 "Traffic readable in
// transit" (not encrypted, TLS older than 1.2 counts as not encrypted),
// AC05 "Content forged or altered in transit" (over the internet or a
// partner network, without encryption or integrity) and DE01
// "Interception" (a component calls across the internet without verifying
// the other end).

model "Rule test: flows in transit (DE03, AC05, DE01)" {
  description = "A user and a service talk to a web server over flows protected in different ways."
}

boundary internet "Internet" {
  trust = INTERNET
}
boundary vpc "VPC" {
  trust = INTERNAL
}

Actor user "User" in internet
Server web "Web server" in vpc {
  protocol = "HTTPS"
}
Server strict "Server accepting TLS 1.2 or later only" in vpc {
  minTLSVersion = TLSv12
}
Process job "Billing job" in vpc
ExternalEntity psp "Payment provider" in internet
Datastore db "Database" in vpc

Data order "Order" {
  classification = SENSITIVE
}
Data page "Public page" {
  classification = PUBLIC
}

flow plain: user -> web "Logs in over plain HTTP" {
  protocol = "HTTP"
  data = [order]
}
flow old_tls: user -> web "Logs in over TLS 1.0" {
  tlsVersion = TLSv10
  data = [order]
}
flow tls13: user -> web "Logs in over TLS 1.3" {
  tlsVersion = TLSv13
  data = [order]
}
flow mtls: user -> web "Logs in over mutual TLS 1.3" {
  tlsVersion = TLSv13
  controls.authenticatesSource = true
  data = [order]
}
flow tunnel: user -> web "Logs in through a VPN" {
  usesVPN = true
  data = [order]
}
flow to_strict: user -> strict "Posts to a server that refuses old TLS" {
  data = [order]
}
flow public: user -> web "Reads a public page over HTTP" {
  data = [page]
}
flow signed: user -> web "Posts a signed order over HTTP" {
  controls.providesIntegrity = true
  data = [order]
}
flow internal: job -> db "Writes orders in clear inside the VPC" {
  data = [order]
}
flow charge: job -> psp "Charges the card without checking the provider's certificate" {
  tlsVersion = TLSv13
  data = [order]
}
flow reply: job -> user "Sends the user a receipt" {
  tlsVersion = TLSv13
  data = [order]
}
flow charge_checked: job -> psp "Charges the card, verifying the provider" {
  tlsVersion = TLSv13
  controls.authenticatesDestination = true
  data = [order]
}

Expect de03_http "DE03 fires on plain HTTP" {
  threat_id = "DE03"
  on = plain
}
Expect de03_old "DE03 fires on TLS 1.0" {
  threat_id = "DE03"
  on = old_tls
}
Expect de03_internal "DE03 fires on a clear-text flow inside the VPC too" {
  threat_id = "DE03"
  on = internal
}
Expect de03_tls13 "DE03 is quiet on TLS 1.3" {
  threat_id = "DE03"
  on = tls13
  fires = false
}
Expect de03_mtls "DE03 is quiet on mutual TLS 1.3, without a VPN" {
  threat_id = "DE03"
  on = mtls
  fires = false
}
Expect de03_vpn "DE03 is quiet inside a VPN" {
  threat_id = "DE03"
  on = tunnel
  fires = false
}
Expect de03_min "DE03 is quiet when the sink refuses anything older than TLS 1.2" {
  threat_id = "DE03"
  on = to_strict
  fires = false
}
Expect de03_public "DE03 is quiet when all the data is public" {
  threat_id = "DE03"
  on = public
  fires = false
}

Expect ac05_http "AC05 fires on plain HTTP from the internet" {
  threat_id = "AC05"
  on = plain
}
Expect ac05_tls "AC05 is quiet on TLS 1.3" {
  threat_id = "AC05"
  on = tls13
  fires = false
}
Expect ac05_signed "AC05 is quiet when the flow protects its integrity" {
  threat_id = "AC05"
  on = signed
  fires = false
}
Expect ac05_internal "AC05 is quiet inside the VPC (DE03 still fires there)" {
  threat_id = "AC05"
  on = internal
  fires = false
}

Expect de01_unchecked "DE01 fires on a call to the internet that does not verify the destination" {
  threat_id = "DE01"
  on = charge
}
Expect de01_checked "DE01 is quiet when the caller verifies the destination" {
  threat_id = "DE01"
  on = charge_checked
  fires = false
}
Expect de01_browser "DE01 is quiet on a person's browser (it checks certificates itself)" {
  threat_id = "DE01"
  on = tls13
  fires = false
}
Expect de01_to_person "DE01 is quiet on a flow to a person" {
  threat_id = "DE01"
  on = reply
  fires = false
}
Expect de01_internal "DE01 is quiet inside the VPC" {
  threat_id = "DE01"
  on = internal
  fires = false
}
