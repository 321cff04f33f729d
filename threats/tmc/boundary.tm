// tmc's library: threats at trust boundaries. These have no pytm
// counterpart: they read the trust zones of the model (`zone`, `exposure`,
// see docs/rules.md "Trust zones") together with the data and controls, and
// each names the element where the boundary is crossed. Every condition
// only weakens when an element moves to a more trusted zone or a control is
// turned on.

/// The element is cleared for the data: its `maxClassification` is at least the data's classification, SENSITIVE for personal data and SECRET for credentials.
predicate clearedFor(d: Data, e: Element) =
  d.classification <= e.maxClassification
  and (not d.isPII or e.maxClassification >= SENSITIVE)
  and (not d.isCredentials or e.maxClassification >= SECRET)

threat TB01 "Datastore open to an untrusted zone" {
  targets = [Datastore]
  stride = [InformationDisclosure, Tampering]
  severity = VeryHigh
  likelihood = High
  when = target.exposure < INTERNAL
         and not (target.controls.authenticatesSource and target.controls.hasAccessControl)
  details = """
    Something in a zone less trusted than INTERNAL (the internet, a partner
    or the DMZ) reaches this datastore directly, and the datastore does not
    both authenticate its callers and restrict what each may do. Open
    buckets, databases listening on public addresses and caches without a
    password are found by scanners within hours and read, altered or held
    for ransom.
    """
  prerequisites = "The attacker can reach the datastore's network endpoint from the less trusted zone."
  mitigations = """
    Keep datastores in an internal zone reached only by your own services,
    block public access at the network and the storage account, and require
    authentication and per-identity access control on the datastore itself
    (then set `controls.authenticatesSource` and `controls.hasAccessControl`).
    Give browsers short-lived pre-signed URLs rather than open buckets.
    """
  example = "A search cluster started for a test listens on a public address without a password; a scanner finds it and copies its 40 million customer records."
  cwe = [306, 284]
  references = [
    "https://cwe.mitre.org/data/definitions/306.html",
    "https://cwe.mitre.org/data/definitions/284.html",
  ]
}

threat TB02 "Administrator reaches the system from the internet without MFA" {
  targets = [Actor]
  stride = [Spoofing, ElevationOfPrivilege]
  severity = High
  likelihood = Medium
  when = target.isAdmin
         and target.zone == INTERNET
         and (any f in target.outputs: not f.controls.usesMFA and not f.sink.controls.usesMFA)
  details = """
    An administrator works from the internet and at least one element they
    use asks for no second factor, neither on the flow nor on the element
    receiving it. An administrator's password is the most valuable one in the
    system; phished, guessed or reused, it gives the attacker full control,
    from anywhere.
    """
  prerequisites = "The attacker obtains the administrator's password, by phishing, guessing or from another breach."
  mitigations = """
    Require phishing-resistant MFA (WebAuthn, hardware keys) for every
    administrative login and set `controls.usesMFA` on the element or the
    flow; better still, reach administration only through a VPN or an
    identity-aware proxy, so the administrator no longer sits in the
    INTERNET zone of the model.
    """
  example = "The admin console at `admin.example.com` takes a password only; a phishing page copied from it collects an administrator's password, and the attacker exports every tenant's data."
  cwe = [308]
  references = ["https://cwe.mitre.org/data/definitions/308.html"]
}

threat TB03 "Sensitive data handed to a party in an untrusted zone" {
  targets = [Dataflow]
  stride = [InformationDisclosure]
  linddun = [DataDisclosure, NonCompliance]
  severity = Medium
  likelihood = Medium
  when = target.sink is Asset
         and target.sink.zone <= PARTNER
         and (any d in target.data: isSensitive(d) and not clearedFor(d, target.sink))
  details = """
    Sensitive, personal or secret data goes to a system that sits in the
    internet or a partner zone (a vendor, a SaaS, a partner's API) and that
    the model has not cleared for data of that classification
    (`maxClassification` at least the data's, SENSITIVE for personal
    data, SECRET for credentials). Once there it is governed by
    someone else's controls and retention, and a breach or misuse there is
    a disclosure of your users' data.
    """
  prerequisites = "The third party is breached, misuses the data, or keeps it longer than agreed."
  mitigations = """
    Send only what the party needs (minimise, tokenize, pseudonymise), put
    a processing agreement in place and check the party's security, then
    record the clearance as the sink's `maxClassification`.
    """
  example = "Full customer profiles are sent to an analytics SaaS that only needs a pseudonymous id and page views; the vendor's breach exposes them."
  cwe = [359]
  references = ["https://cwe.mitre.org/data/definitions/359.html"]
}
