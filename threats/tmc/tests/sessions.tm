// Tests of the session threats: CR01 (session tokens on an unprotected
// channel), AC16 (guessable or unverified session identifiers), AC17 (no
// expiry of idle sessions) and AC21 (cross-site request forgery). pytm's
// other session variants (AC11, AC18-AC20, CR04) are merged into these.

model "Rule test: sessions (CR01, AC16, AC17, AC21)" {
  description = "Servers and flows that do or do not keep sessions, with and without the session controls."
}

Actor user "User"
Server app "Web app with sessions" {
  protocol = "HTTPS"
  usesSessionTokens = true
}
Server api "Stateless API" {
  protocol = "HTTPS"
}
Server hardened "Web app with sound session management" {
  usesSessionTokens = true
  controls {
    usesStrongSessionIdentifiers = true
    verifySessionIdentifiers = true
    definesConnectionTimeout = true
    implementsCSRFToken = true
  }
}
Process worker "Process receiving session tokens"

flow browse: user -> app "Browses with a session cookie in clear" {
  usesSessionTokens = true
}
flow browse_tls: user -> app "Browses with a session cookie over TLS 1.3" {
  usesSessionTokens = true
  tlsVersion = TLSv13
}
flow tunnelled: user -> app "Browses with a session cookie through a VPN" {
  usesSessionTokens = true
  usesVPN = true
}
flow call: user -> api "Calls the API with a signed request"
flow safe: user -> hardened "Browses the hardened app" {
  usesSessionTokens = true
  tlsVersion = TLSv13
}
flow to_worker: user -> worker "Sends a session token" {
  usesSessionTokens = true
  tlsVersion = TLSv13
}

Expect cr01_clear "CR01 fires on a flow carrying session tokens in clear" {
  threat_id = "CR01"
  on = browse
}
Expect cr01_tls "CR01 is quiet over TLS 1.3" {
  threat_id = "CR01"
  on = browse_tls
  fires = false
}
Expect cr01_vpn "CR01 is quiet through a VPN" {
  threat_id = "CR01"
  on = tunnelled
  fires = false
}
Expect cr01_no_tokens "CR01 is quiet on a flow without session tokens" {
  threat_id = "CR01"
  on = call
  fires = false
}

Expect ac16_weak "AC16 fires on a server with sessions and no session controls" {
  threat_id = "AC16"
  on = app
}
Expect ac16_process "AC16 fires on a process that receives session tokens" {
  threat_id = "AC16"
  on = worker
}
Expect ac16_strong "AC16 is quiet with strong, verified identifiers" {
  threat_id = "AC16"
  on = hardened
  fires = false
}
Expect ac16_stateless "AC16 is quiet on a server without sessions" {
  threat_id = "AC16"
  on = api
  fires = false
}

Expect ac17_no_timeout "AC17 fires on sessions that never expire" {
  threat_id = "AC17"
  on = app
}
Expect ac17_timeout "AC17 is quiet when idle sessions expire" {
  threat_id = "AC17"
  on = hardened
  fires = false
}
Expect ac17_stateless "AC17 is quiet on a server without sessions" {
  threat_id = "AC17"
  on = api
  fires = false
}

Expect ac21_no_token "AC21 fires on sessions without anti-forgery tokens" {
  threat_id = "AC21"
  on = app
}
Expect ac21_token "AC21 is quiet with anti-forgery tokens" {
  threat_id = "AC21"
  on = hardened
  fires = false
}
Expect ac21_stateless "AC21 is quiet on a server without sessions" {
  threat_id = "AC21"
  on = api
  fires = false
}
