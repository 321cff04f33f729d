// Tests of the threats to people HUM01-HUM05: staff, administrators and
// customers of an online shop, signing in with and without MFA, from
// managed and unmanaged devices.

model "Rule test: people as targets (HUM01-HUM05)" {
  description = "Customers shop; support staff and an administrator run the shop through a back office."
}

boundary internet "Internet" {
  trust = INTERNET
}
boundary office "Office network" {
  trust = INTERNAL
}
boundary app "App" {
  trust = INTERNAL
}

Actor customer "Customer" in internet
Actor member "Member with a passkey" in internet
Actor support "Support agent" in office {
  isStaff = true
}
Actor support_mfa "Support agent with MFA, checking callers" in office {
  isStaff = true
  usesManagedDevice = true
  controls.authenticatesSource = true
}
Actor clerk "Warehouse clerk" in office {
  isStaff = true
}
Actor admin "Administrator" in internet {
  isStaff = true
  isAdmin = true
}
Actor admin_managed "Administrator on a managed laptop" in internet {
  isStaff = true
  isAdmin = true
  usesManagedDevice = true
}
Actor contractor "Contractor reading public pages" in internet {
  isStaff = true
}

ClientApp backoffice "Back-office web app" in office
Server shop "Shop" in app
Server sso "Single sign-on with MFA" in app {
  controls.usesMFA = true
}
Server wiki "Public wiki" in app

Data password "Password" {
  isCredentials = true
}
Data customer_record "Customer record" {
  isPII = true
}
Data stock "Stock level" {
  classification = PUBLIC
}
Data page "Wiki page" {
  classification = PUBLIC
}

flow customer -> shop "Signs in with a password" {
  tlsVersion = TLSv13
  data = [password]
}
flow member -> sso "Signs in with a passkey" {
  tlsVersion = TLSv13
  data = [password]
}
flow support -> backoffice "Signs in and looks up customers" {
  usesSessionTokens = true
  data = [password, customer_record]
}
flow support_mfa -> sso "Signs in and looks up customers" {
  usesSessionTokens = true
  data = [password, customer_record]
}
flow clerk -> shop "Updates stock levels" {
  data = [stock]
}
flow admin -> shop "Administers the shop" {
  tlsVersion = TLSv13
  data = [password]
}
flow admin_managed -> sso "Administers the shop" {
  tlsVersion = TLSv13
  usesSessionTokens = true
  data = [password]
}
flow contractor -> wiki "Reads the wiki" {
  tlsVersion = TLSv13
  data = [page]
}

Actor support_plain "Support agent without MFA" in office {
  isStaff = true
}
flow support_plain -> shop "Signs in with a password" {
  data = [password]
}

Expect phished "HUM01 fires on staff signing in with a password alone" {
  threat_id = "HUM01"
  on = support_plain
}
Expect phish_mfa "HUM01 is quiet on staff signing in with MFA" {
  threat_id = "HUM01"
  on = support_mfa
  fires = false
}
Expect phish_tb02 "HUM01 leaves an administrator on the internet to TB02" {
  threat_id = "HUM01"
  on = admin
  fires = false
}

Expect stolen "HUM02 fires on an administrator's unmanaged device" {
  threat_id = "HUM02"
  on = admin
}
Expect stolen_managed "HUM02 is quiet on a managed device" {
  threat_id = "HUM02"
  on = admin_managed
  fires = false
}
Expect stolen_public "HUM02 is quiet on staff handling only public data" {
  threat_id = "HUM02"
  on = contractor
  fires = false
}

Expect extension "HUM03 fires on staff in a browser on an unmanaged device" {
  threat_id = "HUM03"
  on = support
}
Expect extension_managed "HUM03 is quiet on a managed browser" {
  threat_id = "HUM03"
  on = admin_managed
  fires = false
}
Expect extension_no_browser "HUM03 is quiet where no web session or browser app is used" {
  threat_id = "HUM03"
  on = clerk
  fires = false
}

Expect lookalike "HUM04 fires on customers signing in with a password over the internet" {
  threat_id = "HUM04"
  on = customer
}
Expect lookalike_passkey "HUM04 is quiet where the login asks for a phishing-resistant factor" {
  threat_id = "HUM04"
  on = member
  fires = false
}
Expect lookalike_staff "HUM04 leaves staff to HUM01" {
  threat_id = "HUM04"
  on = admin
  fires = false
}

Expect pretexting "HUM05 fires on support staff handling customers' data" {
  threat_id = "HUM05"
  on = support
}
Expect pretexting_checked "HUM05 is quiet where staff verify who is asking" {
  threat_id = "HUM05"
  on = support_mfa
  fires = false
}
Expect pretexting_no_pii "HUM05 is quiet on staff handling no personal data" {
  threat_id = "HUM05"
  on = clerk
  fires = false
}
