// tmc's library: client apps (ClientApp), the code that runs on the user's
// own device: a single-page app in the browser, a mobile app, a desktop or
// command-line program. Whatever the client holds (tokens, secrets, data,
// the code itself) is in the hands of the user, of the other code on the
// device, and of anyone who takes the device. The server's side of that
// (checks left to the client) is SC05's and AA04's; these rules fire on
// the client app, reading its `platform`, `storesTokensLocally`,
// `loadsThirdPartyCode` and `keepsSecretsIn`.

threat CLI01 "Tokens in browser storage stolen by cross-site scripting" {
  targets = [ClientApp]
  stride = [InformationDisclosure, Spoofing]
  severity = High
  likelihood = Medium
  when = target.platform == BROWSER and target.storesTokensLocally
  details = """
    The app runs in the browser and keeps access or refresh tokens where
    scripts can read them (`storesTokensLocally`: localStorage,
    sessionStorage, a readable cookie). Any script that runs in the page,
    through one cross-site scripting flaw or one compromised third-party
    script, reads the tokens and uses them from elsewhere, for as long as
    they stay valid, without the user's browser.
    """
  prerequisites = "The attacker gets script to run in the app's origin."
  mitigations = """
    Keep tokens out of script reach: a backend-for-frontend holding the
    tokens with an HttpOnly, Secure, SameSite session cookie, or tokens
    bound to the client (DPoP) and kept in memory only, short-lived; add a
    strict Content Security Policy. Then set `storesTokensLocally = false`.
    """
  example = "A stored XSS in a product review reads `localStorage.refresh_token` from every visitor and posts it to the attacker, who keeps the accounts for weeks."
  capec = [63]
  cwe = [922, 79]
  references = [
    "https://cwe.mitre.org/data/definitions/922.html",
    "https://capec.mitre.org/data/definitions/63.html",
    "https://cheatsheetseries.owasp.org/cheatsheets/HTML5_Security_Cheat_Sheet.html#local-storage",
  ]
}

threat CLI02 "Tokens stored where other apps or malware read them" {
  targets = [ClientApp]
  stride = [InformationDisclosure, Spoofing]
  severity = Medium
  likelihood = Low
  when = target.platform != BROWSER and target.storesTokensLocally
  details = """
    The mobile or desktop app keeps access or refresh tokens in storage
    other code can read (`storesTokensLocally`: plain files, shared
    preferences, a configuration folder). Malware on the device, another
    user of a shared computer, a backup or a rooted phone hands them to an
    attacker, who uses the account without the device.
    """
  prerequisites = "The attacker gets read access to the app's files: malware, a backup, a shared or rooted device."
  mitigations = """
    Keep tokens in the platform's protected store (iOS Keychain, Android
    Keystore-backed encrypted storage, the OS credential manager),
    excluded from backups, and keep them short-lived. Then set
    `storesTokensLocally = false`.
    """
  example = "A desktop CLI writes its refresh token to `~/.config/tool/credentials.json`; an info-stealer collects the file along with browser cookies."
  cwe = [922, 312]
  references = [
    "https://cwe.mitre.org/data/definitions/922.html",
    "https://cwe.mitre.org/data/definitions/312.html",
  ]
}

threat CLI03 "Third-party scripts run with the page's rights (web skimming)" {
  targets = [ClientApp]
  stride = [Tampering, InformationDisclosure]
  severity = High
  likelihood = Medium
  when = target.platform == BROWSER
         and target.loadsThirdPartyCode
         and not target.controls.pinsDependencies
         and handlesSensitiveData(target)
  details = """
    The browser app loads code from third parties at run time
    (`loadsThirdPartyCode`: analytics, chat, advertising tags, scripts from
    a CDN) without pinning what it loads (`controls.pinsDependencies`:
    subresource integrity or self-hosted copies), and it handles sensitive
    data. A script runs with all the page's rights: whoever compromises
    the third party, or its CDN, changes the script and reads every form
    field, card number and token in the page.
    """
  prerequisites = "A third party whose script the page loads is compromised, or its domain expires and is bought."
  mitigations = """
    Load as few third-party scripts as possible and none on payment and
    login pages, self-host them or pin them with subresource integrity
    hashes, restrict sources with a Content Security Policy, and monitor
    the scripts the page runs. Then set `controls.pinsDependencies`.
    """
  example = "A compromised customer-support widget is changed to copy card fields to a look-alike domain; the shop's checkout sends it every card for three weeks."
  cwe = [829, 494]
  references = [
    "https://cwe.mitre.org/data/definitions/829.html",
    "https://cwe.mitre.org/data/definitions/494.html",
  ]
}

threat CLI04 "Code downloaded at run time without an integrity check" {
  targets = [ClientApp]
  stride = [Tampering, ElevationOfPrivilege]
  severity = High
  likelihood = Low
  when = target.platform != BROWSER
         and target.loadsThirdPartyCode
         and not target.controls.usesCodeSigning
  details = """
    The mobile or desktop app loads code at run time (`loadsThirdPartyCode`:
    SDKs fetched on start, plug-ins, code-push updates) and does not check
    a signature before running it (`controls.usesCodeSigning`). Whoever
    can change what is served, or intercept the download, runs code
    inside the app with its permissions and its users' data.
    """
  prerequisites = "The attacker controls or intercepts the source the code is downloaded from."
  mitigations = """
    Ship code with the app through the store's signed releases; where code
    must be loaded later, verify a signature with a key pinned in the app
    before running it. Then set `controls.usesCodeSigning`.
    """
  example = "A desktop app downloads plug-ins over HTTP from a vendor site; on hotel Wi-Fi an attacker swaps one for a backdoor."
  capec = [187]
  cwe = [494]
  references = [
    "https://capec.mitre.org/data/definitions/187.html",
    "https://cwe.mitre.org/data/definitions/494.html",
  ]
}

threat CLI05 "Secrets shipped in the client are extracted" {
  targets = [ClientApp]
  stride = [InformationDisclosure, Spoofing]
  severity = High
  likelihood = High
  when = any l in target.keepsSecretsIn: l != VAULT
  details = """
    The client app carries secrets of its own (`keepsSecretsIn` names a
    place other than VAULT: its code, a bundled configuration file). A
    client is in every user's hands: a browser shows its scripts, and a
    mobile or desktop app is decompiled in minutes. Any API key, signing
    key or service password shipped in it is public, and is used outside
    the app at the key's full rights.
    """
  prerequisites = "The attacker downloads the app or opens the page, and unpacks it."
  mitigations = """
    Ship no secret in a client: call third parties through your own
    backend, which holds the key, authenticate users rather than the app,
    and treat any key a client must have (a public analytics key) as
    public, restricted to what is harmless. Rotate every key that was
    shipped. Then clear `keepsSecretsIn`.
    """
  example = "A mobile app contains the cloud storage access key used for photo uploads; a researcher pulls it from the APK and lists every user's photos."
  capec = [191, 37]
  cwe = [798, 312]
  references = [
    "https://capec.mitre.org/data/definitions/191.html",
    "https://cwe.mitre.org/data/definitions/798.html",
  ]
}

threat CLI06 "Unsigned desktop client and updates" {
  targets = [ClientApp]
  stride = [Tampering, Spoofing]
  severity = Medium
  likelihood = Low
  when = target.platform == DESKTOP and not target.controls.usesCodeSigning
  details = """
    The desktop or command-line client and its updates are not signed
    (`controls.usesCodeSigning`). Users cannot tell the real installer from
    a repackaged one offered on a look-alike download site, and an updater
    that does not verify signatures installs whatever its update server,
    or someone in the middle, sends.
    """
  prerequisites = "The attacker can offer a download that users take for yours, or tamper with the update channel."
  mitigations = """
    Sign installers, binaries and updates with a key kept in an HSM or a
    signing service, verify signatures in the updater before installing
    (TUF-style metadata for the update channel), and publish checksums.
    Then set `controls.usesCodeSigning`.
    """
  example = "The update server of an unsigned desktop app is compromised and pushes a trojanised version to all installations overnight."
  capec = [187]
  cwe = [494]
  references = [
    "https://capec.mitre.org/data/definitions/187.html",
    "https://cwe.mitre.org/data/definitions/494.html",
  ]
}

threat CLI07 "Sensitive data left readable on a lost or shared device" {
  targets = [ClientApp]
  stride = [InformationDisclosure]
  linddun = [DataDisclosure]
  severity = Medium
  likelihood = Low
  when = target.platform != BROWSER
         and not target.controls.isEncryptedAtRest
         and handlesSensitiveData(target)
  details = """
    The mobile or desktop app handles sensitive or personal data and does
    not encrypt what it keeps on the device (`controls.isEncryptedAtRest`):
    caches, offline copies, downloaded files, logs. A lost phone, a shared
    laptop, a backup or a repair shop reads them without the user's
    password.
    """
  prerequisites = "Someone else gets the device or a copy of its storage."
  mitigations = """
    Keep as little as possible on the device, store what remains in the
    platform's encrypted, app-private storage (file protection classes,
    encrypted preferences, OS keychain for keys), exclude it from backups
    and clear it on logout. Then set `controls.isEncryptedAtRest`.
    """
  example = "A field-sales app keeps customer lists as plain SQLite files; a laptop stolen from a car exposes 20,000 customers' contact details."
  capec = [37]
  cwe = [312]
  references = [
    "https://capec.mitre.org/data/definitions/37.html",
    "https://cwe.mitre.org/data/definitions/312.html",
  ]
}
