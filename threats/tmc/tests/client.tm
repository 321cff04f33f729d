// Tests of the client-app threats CLI01-CLI07: a shop's web app, mobile
// app and desktop tool, each as teams often ship it and fixed.

model "Rule test: client apps (CLI01-CLI07)" {
  description = "Customers use a web app, a mobile app and a desktop tool that call the shop's API."
}

boundary internet "Internet" {
  trust = INTERNET
}
boundary app "App" {
  trust = INTERNAL
}

Actor customer "Customer" in internet

ClientApp spa "Web app (as found)" in internet {
  storesTokensLocally = true
  loadsThirdPartyCode = true
  keepsSecretsIn = [SOURCE_CODE]
}
ClientApp spa_fixed "Web app (backend for frontend, pinned scripts)" in internet {
  loadsThirdPartyCode = true
  controls.pinsDependencies = true
}
ClientApp brochure "Brochure site with a chat widget" in internet {
  loadsThirdPartyCode = true
}
ClientApp mobile "Mobile app (as found)" in internet {
  platform = MOBILE
  storesTokensLocally = true
  loadsThirdPartyCode = true
  keepsSecretsIn = [CONFIG_FILE]
}
ClientApp mobile_fixed "Mobile app (keychain, signed code, encrypted storage)" in internet {
  platform = MOBILE
  loadsThirdPartyCode = true
  controls.usesCodeSigning = true
  controls.isEncryptedAtRest = true
}
ClientApp desktop "Desktop tool (as found)" in internet {
  platform = DESKTOP
}
ClientApp desktop_fixed "Desktop tool (signed)" in internet {
  platform = DESKTOP
  controls.usesCodeSigning = true
}
Server api "Shop API" in app

Data token "Access token" {
  isCredentials = true
  credentialsLife = SHORT
}
Data profile "Customer profile" {
  isPII = true
}
Data brochure_page "Brochure page" {
  classification = PUBLIC
}

flow customer -> spa "Uses" {
  data = [profile]
}
flow spa -> api "Calls with a token" {
  tlsVersion = TLSv13
  data = [token, profile]
}
flow spa_fixed -> api "Calls with a session cookie" {
  tlsVersion = TLSv13
  data = [token, profile]
}
flow customer -> brochure "Reads" {
  data = [brochure_page]
}
flow mobile -> api "Calls with a token" {
  tlsVersion = TLSv13
  data = [token, profile]
}
flow mobile_fixed -> api "Calls with a token" {
  tlsVersion = TLSv13
  data = [token, profile]
}
flow desktop -> api "Calls" {
  tlsVersion = TLSv13
  data = [brochure_page]
}

Expect local_storage "CLI01 fires on tokens in browser storage" {
  threat_id = "CLI01"
  on = spa
}
Expect cookie_session "CLI01 is quiet once tokens stay out of script reach" {
  threat_id = "CLI01"
  on = spa_fixed
  fires = false
}
Expect mobile_not_browser "CLI01 leaves mobile apps to CLI02" {
  threat_id = "CLI01"
  on = mobile
  fires = false
}

Expect mobile_tokens "CLI02 fires on tokens in a mobile app's plain storage" {
  threat_id = "CLI02"
  on = mobile
}
Expect mobile_keychain "CLI02 is quiet once tokens are in the keychain" {
  threat_id = "CLI02"
  on = mobile_fixed
  fires = false
}

Expect skimming "CLI03 fires on unpinned third-party scripts in a page handling personal data" {
  threat_id = "CLI03"
  on = spa
}
Expect skimming_pinned "CLI03 is quiet once scripts are pinned" {
  threat_id = "CLI03"
  on = spa_fixed
  fires = false
}
Expect skimming_brochure "CLI03 is quiet on a page handling only public data" {
  threat_id = "CLI03"
  on = brochure
  fires = false
}

Expect runtime_code "CLI04 fires on a mobile app loading unsigned code at run time" {
  threat_id = "CLI04"
  on = mobile
}
Expect runtime_signed "CLI04 is quiet once downloaded code is verified" {
  threat_id = "CLI04"
  on = mobile_fixed
  fires = false
}

Expect spa_secret "CLI05 fires on a secret in a web app's code" {
  threat_id = "CLI05"
  on = spa
}
Expect mobile_secret "CLI05 fires on a secret in a mobile app's configuration" {
  threat_id = "CLI05"
  on = mobile
}
Expect no_secret "CLI05 is quiet on an app that ships no secret" {
  threat_id = "CLI05"
  on = spa_fixed
  fires = false
}

Expect unsigned_desktop "CLI06 fires on an unsigned desktop tool" {
  threat_id = "CLI06"
  on = desktop
}
Expect signed_desktop "CLI06 is quiet on a signed desktop tool" {
  threat_id = "CLI06"
  on = desktop_fixed
  fires = false
}

Expect device_data "CLI07 fires on a mobile app keeping personal data unencrypted" {
  threat_id = "CLI07"
  on = mobile
}
Expect device_encrypted "CLI07 is quiet once the app encrypts what it keeps" {
  threat_id = "CLI07"
  on = mobile_fixed
  fires = false
}
Expect device_public "CLI07 is quiet on a tool handling only public data" {
  threat_id = "CLI07"
  on = desktop
  fires = false
}
