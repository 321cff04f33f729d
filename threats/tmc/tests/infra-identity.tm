// Tests of identity.tm: home-grown password checks (IDN01), the identity
// provider's token lifetime, staff MFA, third-party dependence, audit and
// brute-force limits (IDN02-IDN06), and services handling secrets that
// trust internal callers (IDN07).

model "Rule test: identity (IDN01-IDN07)" {
  description = "Two shops, one checking passwords itself, one delegating to an identity provider; identity providers set up well and badly."
}

boundary internet "Internet" {
  trust = INTERNET
}
boundary dmz "DMZ" {
  trust = DMZ
}
boundary app "App" {
  trust = INTERNAL
}

Actor customer "Customer" in internet
Actor agent "Support agent" in internet {
  isStaff = true
}

Process own_login "Shop with its own login" in dmz
Process sso_shop "Shop signing in through the IdP" in dmz
Process token_api "API taking short-lived tokens" in dmz
IdentityProvider idp "Identity provider" in dmz {
  tokenLifetimeMinutes = 1440
  isThirdParty = true
}
IdentityProvider good_idp "Identity provider set up well" in dmz {
  tokenLifetimeMinutes = 15
  isThirdParty = true
  controls.usesMFA = true
  controls.isResilient = true
  controls.logsSecurityEvents = true
  controls.handlesResourceConsumption = true
}
IdentityProvider own_idp "Self-run identity provider" in app {
  tokenLifetimeMinutes = 60
}
Process token_vault "Card tokenization service" in app
Process mtls_vault "Card tokenization service with mutual TLS" in app {
  controls.authenticatesSource = true
}
Process reports "Report service" in app
Process checkout "Checkout service" in app

Data password "Password" {
  isCredentials = true
  credentialsLife = MANUAL
}
Data token "Access token" {
  isCredentials = true
  credentialsLife = SHORT
}
Data card "Card number" {
  classification = SECRET
}
Data report "Report" {
  classification = RESTRICTED
}

flow customer -> own_login "Signs in" {
  data = [password]
}
flow customer -> sso_shop "Signs in" {
  data = [password]
}
flow sso_shop -> good_idp "Checks the password" {
  data = [password]
}
flow customer -> token_api "Calls with a token" {
  data = [token]
}
flow customer -> idp "Signs in" {
  data = [password]
}
flow agent -> idp "Signs in to work" {
  data = [password]
}
flow agent -> good_idp "Signs in to work" {
  data = [password]
}
flow sso_shop -> own_idp "Checks a token" {
  data = [token]
}
flow checkout -> token_vault "Tokenizes a card" {
  data = [card]
}
flow checkout -> mtls_vault "Tokenizes a card" {
  data = [card]
}
flow checkout -> reports "Asks for a report" {
  data = [report]
}

Expect home_grown "IDN01 fires on a shop checking passwords itself" {
  threat_id = "IDN01"
  on = own_login
}
Expect delegated "IDN01 is quiet on a shop that hands sign-in to an IdP" {
  threat_id = "IDN01"
  on = sso_shop
  fires = false
}
Expect tokens_only "IDN01 is quiet on an API that only receives short-lived tokens" {
  threat_id = "IDN01"
  on = token_api
  fires = false
}
Expect long_tokens "IDN02 fires on tokens valid for a day" {
  threat_id = "IDN02"
  on = idp
}
Expect short_tokens "IDN02 is quiet on 15-minute tokens" {
  threat_id = "IDN02"
  on = good_idp
  fires = false
}
Expect hour_tokens "IDN02 is quiet at exactly an hour" {
  threat_id = "IDN02"
  on = own_idp
  fires = false
}
Expect staff_no_mfa "IDN03 fires when staff sign in without MFA" {
  threat_id = "IDN03"
  on = idp
}
Expect staff_mfa "IDN03 is quiet once MFA is required" {
  threat_id = "IDN03"
  on = good_idp
  fires = false
}
Expect no_staff "IDN03 is quiet on an IdP no staff sign in to" {
  threat_id = "IDN03"
  on = own_idp
  fires = false
}
Expect third_party "IDN04 fires on a third-party IdP without fallback" {
  threat_id = "IDN04"
  on = idp
}
Expect third_party_fallback "IDN04 is quiet with break-glass accounts and a fallback" {
  threat_id = "IDN04"
  on = good_idp
  fires = false
}
Expect self_run "IDN04 is quiet on a self-run IdP" {
  threat_id = "IDN04"
  on = own_idp
  fires = false
}
Expect idp_no_audit "IDN05 fires on an IdP without audit logs" {
  threat_id = "IDN05"
  on = idp
}
Expect idp_audit "IDN05 is quiet with audit logs" {
  threat_id = "IDN05"
  on = good_idp
  fires = false
}
Expect spray "IDN06 fires on an internet-facing IdP without MFA or throttling" {
  threat_id = "IDN06"
  on = idp
}
Expect spray_limited "IDN06 is quiet with throttling and MFA" {
  threat_id = "IDN06"
  on = good_idp
  fires = false
}
Expect trusts_network "IDN07 fires on a tokenization service that trusts internal callers" {
  threat_id = "IDN07"
  on = token_vault
}
Expect mtls "IDN07 is quiet with mutual TLS" {
  threat_id = "IDN07"
  on = mtls_vault
  fires = false
}
Expect no_secrets "IDN07 is quiet on a service handling no secrets" {
  threat_id = "IDN07"
  on = reports
  fires = false
}
