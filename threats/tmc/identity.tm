// tmc's library: identity: where people's passwords are checked, the
// identity provider's own settings (token lifetime, MFA for staff, brute
// force, audit, dependence on a third party), and services handling
// secrets that trust the internal network instead of authenticating their
// callers. AA01, CR03 and TB02 in access.tm and boundary.tm cover
// unauthenticated requests from untrusted zones, MFA on application logins
// and administrators on the internet.

/// Some flow into the asset comes from an untrusted side carrying an actor's long-lived credentials (passwords, keys: `isCredentials` with a `credentialsLife` other than SHORT or AUTO).
predicate receivesPasswords(a: Asset) =
  any f in a.inputs:
    fromUntrustedSource(f)
    and (any d in f.data:
           d.isCredentials
           and d.credentialsLife not in [SHORT, AUTO]
           and (any e in d.processedBy: e is Actor))

/// The asset sends flows to, or receives flows from, an identity provider.
predicate usesIdentityProvider(a: Asset) =
  (any f in a.outputs: f.sink is IdentityProvider)
  or (any f in a.inputs: f.source is IdentityProvider)

/// The element is a person working for the organisation: an actor marked `isStaff` or `isAdmin`.
predicate staffMember(e: Element) = e is Actor and (e.isStaff or e.isAdmin)

threat IDN01 "Passwords checked by the application instead of an identity provider" {
  targets = [Server, Process, Lambda]
  stride = [Spoofing]
  severity = Medium
  likelihood = Medium
  when = not (target is Gateway) and receivesPasswords(target) and not usesIdentityProvider(target)
  details = """
    People's long-lived credentials (passwords or keys, not short-lived
    tokens) reach this element from an untrusted side, and it has no flow
    to or from an identity provider: the application stores and checks
    passwords itself. Password hashing, reset and recovery, lockout, MFA,
    breached-password checks and session revocation are then each written
    and maintained by the team, and each is a common place for account
    takeover flaws.
    """
  prerequisites = "Some part of the home-grown sign-in (hashing, reset tokens, lockout, MFA) is weaker than a vetted identity provider's."
  mitigations = """
    Delegate sign-in to an identity provider (OpenID Connect or SAML with
    Keycloak, Entra ID, Okta, Cognito...) and accept only its tokens; model
    it as an `IdentityProvider` with the flows to it. Where a local password
    store must stay, use a vetted framework with a memory-hard hash
    (Argon2id, scrypt). If the element only receives short-lived tokens,
    give them `credentialsLife = SHORT`.
    """
  example = "A shop's own login stores passwords as unsalted SHA-1 and e-mails reset links that never expire; a database leak and a guessable reset link each give away accounts."
  cwe = [1390, 916]
  references = [
    "https://cwe.mitre.org/data/definitions/1390.html",
    "https://cwe.mitre.org/data/definitions/916.html",
  ]
}

threat IDN02 "Access tokens valid for more than an hour" {
  targets = [IdentityProvider]
  stride = [Spoofing, ElevationOfPrivilege]
  severity = Medium
  likelihood = Medium
  when = target.tokenLifetimeMinutes > 60
  details = """
    The identity provider issues access tokens that stay valid for more
    than 60 minutes (`tokenLifetimeMinutes`). Bearer tokens are usually
    checked by signature alone, so a token stolen from a browser, a log or
    a proxy keeps working for its whole lifetime, after logout, password
    change or account suspension.
    """
  prerequisites = "The attacker obtains a valid access token."
  mitigations = """
    Issue access tokens for minutes (5 to 60) and refresh them with rotated,
    revocable refresh tokens bound to the client; check revocation for
    sensitive operations. Then lower `tokenLifetimeMinutes` to 60 or less.
    """
  example = "Access tokens are valid for 24 hours; a token leaked into a support ticket is used the next morning to download the customer's documents, although the user had logged out."
  cwe = [613]
  capec = [593]
  references = [
    "https://cwe.mitre.org/data/definitions/613.html",
    "https://capec.mitre.org/data/definitions/593.html",
  ]
}

threat IDN03 "Staff sign in to the identity provider without MFA" {
  targets = [IdentityProvider]
  stride = [Spoofing, ElevationOfPrivilege]
  severity = High
  likelihood = High
  when = not target.controls.usesMFA
         and (any f in target.inputs: staffMember(f.source) and not f.controls.usesMFA)
  details = """
    Staff or administrators (`isStaff`, `isAdmin`) sign in at this identity
    provider, and it does not require a second factor
    (`controls.usesMFA`, on it or on the flow). Staff are the target of
    phishing built for them; one phished password then opens every internal
    application the identity provider signs them in to.
    """
  prerequisites = "The attacker phishes or guesses a staff member's password."
  mitigations = """
    Require phishing-resistant MFA (WebAuthn, passkeys, hardware keys) for
    every staff and admin account, with conditional access on managed
    devices for administrators. Then set `controls.usesMFA`.
    """
  example = "A phishing page mimicking the company's Okta sign-in collects a support agent's password; with no second factor the attacker is inside the ticketing and CRM systems within minutes."
  cwe = [308]
  capec = [98]
  references = [
    "https://cwe.mitre.org/data/definitions/308.html",
    "https://capec.mitre.org/data/definitions/98.html",
  ]
}

threat IDN04 "Every sign-in depends on a third-party identity provider" {
  targets = [IdentityProvider]
  stride = [DenialOfService, Spoofing]
  severity = Medium
  likelihood = Low
  when = target.isThirdParty and not target.controls.isResilient
  details = """
    An outside provider runs the identity provider (`isThirdParty`), and the
    model states no fallback for it (`controls.isResilient`). Account
    security and availability rest with that provider: its outage stops
    every sign-in, and a breach of the provider or of the tenant's admin
    accounts (whose support desk can be social-engineered) yields tokens
    that every application accepts.
    """
  prerequisites = "The provider is unavailable or compromised, or its tenant configuration is changed by someone who should not."
  mitigations = """
    Keep break-glass accounts outside the provider, protect the tenant's
    admin accounts with hardware keys, restrict which tenants and
    applications tokens are accepted from (issuer and audience checks),
    monitor the provider's security notices, and plan for its outage. Then
    set `controls.isResilient`.
    """
  example = "The identity provider's support system is breached and session tokens of customer admins are taken from uploaded diagnostic files; the attacker signs in to the tenant's applications as an administrator."
  cwe = [1357]
  references = ["https://cwe.mitre.org/data/definitions/1357.html"]
}

threat IDN05 "Identity provider keeps no audit trail" {
  targets = [IdentityProvider]
  stride = [Repudiation]
  severity = Medium
  likelihood = Medium
  when = not target.controls.logsSecurityEvents
  details = """
    The identity provider records no audit trail of sign-ins, MFA changes,
    token grants and admin changes (`controls.logsSecurityEvents`). It is
    where account takeovers, password sprays and rogue admin changes show
    first; without its logs they go unseen and cannot be investigated.
    """
  prerequisites = "Accounts are attacked or misused through the identity provider."
  mitigations = """
    Enable its event and admin logs, export them to the central log store
    with a retention of at least a year, and alert on sprays, impossible
    travel, MFA resets and admin role grants. Then set
    `controls.logsSecurityEvents`.
    """
  example = "An attacker resets the MFA of three administrators through the IdP's admin console; without its logs, the change is only found months later."
  cwe = [778]
  references = ["https://cwe.mitre.org/data/definitions/778.html"]
}

threat IDN06 "Password guessing against the identity provider" {
  targets = [IdentityProvider]
  stride = [Spoofing]
  severity = High
  likelihood = High
  when = internetFacing(target)
         and not target.controls.usesMFA
         and not target.controls.handlesResourceConsumption
         and (any f in target.inputs: f.source is Actor and (any d in f.data: d.isCredentials))
  details = """
    People send their credentials to the identity provider straight from
    the internet, and it neither requires a second factor
    (`controls.usesMFA`) nor limits attempts per account and source
    (`controls.handlesResourceConsumption`). Password spraying and
    credential stuffing run unhindered against the one login that opens
    every application behind it.
    """
  prerequisites = "Some users have weak or reused passwords."
  mitigations = """
    Throttle and lock out by account and source with increasing delays,
    reject breached passwords, detect sprays, and offer or require MFA. Then
    set `controls.handlesResourceConsumption`, or `controls.usesMFA` once a
    second factor is required.
    """
  example = "A spray of the password `Winter2025!` against 40,000 accounts of the identity provider finds 60 that use it, each with access to every connected application."
  cwe = [307]
  capec = [16, 600]
  references = [
    "https://cwe.mitre.org/data/definitions/307.html",
    "https://capec.mitre.org/data/definitions/16.html",
    "https://capec.mitre.org/data/definitions/600.html",
  ]
}

threat IDN07 "Service handling secrets trusts its internal callers unauthenticated" {
  targets = [Server, Process, Lambda]
  stride = [Spoofing, ElevationOfPrivilege]
  severity = High
  likelihood = Low
  when = not authenticatesCallers(target)
         and handlesSecrets(target)
         and (any f in target.inputs:
                f.source is Asset
                and not fromUntrustedSource(f)
                and not f.controls.authenticatesSource)
  details = """
    The element handles credentials or data classified SECRET or above, and
    other components inside the trusted zones call it without
    authenticating (neither `controls.authenticatesSource` on the flow nor
    an authentication control on the element). The network position is
    the only check: any compromised internal host, a server-side request
    forgery elsewhere, or a misrouted request is served as if it were the
    legitimate caller. (Callers from untrusted zones are AA01's.)
    """
  prerequisites = "The attacker can send requests from some host or service inside the trusted zones."
  mitigations = """
    Authenticate service-to-service calls (mutual TLS with workload
    identities, signed service tokens from the identity provider) and
    authorise each caller for the operations it needs. Then set
    `controls.authenticatesSource` on the element or the flow.
    """
  example = "The internal token-vault service answers any POST from the cluster network; an SSRF in the marketing site asks it to detokenise card numbers."
  cwe = [306]
  references = ["https://cwe.mitre.org/data/definitions/306.html"]
}
