// Tests of DE03 "Sniffing Attacks": it fires on a flow that is sent in
// clear text (plain HTTP, or not encrypted) or outside a VPN, and only on
// flows.

model "Rule test: sniffing (DE03)" {
  description = "A user logs in to a web server over flows protected in different ways."
}

Actor user "User"
Server web "Web server" {
  protocol = "HTTPS"
}

flow plain: user -> web "Logs in over plain HTTP" {
  protocol = "HTTP"
  usesVPN = true
}
flow clear: user -> web "Logs in unencrypted" {
  usesVPN = true
  controls.isEncrypted = false
}
flow open: user -> web "Logs in over TLS, outside a VPN" {
  controls.isEncrypted = true
}
flow tunnel: user -> web "Logs in over TLS inside a VPN" {
  usesVPN = true
  controls.isEncrypted = true
}

Expect http "fires on plain HTTP, even inside a VPN" {
  threat_id = "DE03"
  on = plain
}
Expect unencrypted "fires on an unencrypted flow" {
  threat_id = "DE03"
  on = clear
}
Expect no_vpn "fires on an encrypted flow outside a VPN" {
  threat_id = "DE03"
  on = open
}
Expect protected "quiet on an encrypted flow inside a VPN" {
  threat_id = "DE03"
  on = tunnel
  fires = false
}
