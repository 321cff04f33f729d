// Tests of CR01 "Session Sidejacking": it fires on a server or flow that
// uses session tokens over plain HTTP or outside a VPN.

model "Rule test: session sidejacking (CR01)" {
  description = "Servers and flows that do or do not carry session tokens."
}

Actor user "User"
Server app "Web app with sessions" {
  protocol = "HTTPS"
  usesSessionTokens = true
}
Server api "Stateless API" {
  protocol = "HTTPS"
}
Server intranet "Intranet app behind a VPN" {
  protocol = "HTTPS"
  usesSessionTokens = true
  usesVPN = true
}

flow browse: user -> app "Browses with a session cookie" {
  usesSessionTokens = true
}
flow call: user -> api "Calls the API with a signed request"
flow tunnelled: user -> intranet "Browses through the VPN" {
  protocol = "HTTPS"
  usesSessionTokens = true
  usesVPN = true
}

Expect server "fires on a server using session tokens outside a VPN" {
  threat_id = "CR01"
  on = app
}
Expect on_flow "fires on a flow carrying session tokens outside a VPN" {
  threat_id = "CR01"
  on = browse
}
Expect stateless "quiet on a server without session tokens" {
  threat_id = "CR01"
  on = api
  fires = false
}
Expect no_tokens "quiet on a flow without session tokens" {
  threat_id = "CR01"
  on = call
  fires = false
}
Expect vpn_server "quiet on a server reached over HTTPS through a VPN" {
  threat_id = "CR01"
  on = intranet
  fires = false
}
Expect vpn_flow "quiet on a flow over HTTPS through a VPN" {
  threat_id = "CR01"
  on = tunnelled
  fires = false
}
