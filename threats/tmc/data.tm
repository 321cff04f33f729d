// tmc's library: data in transit and at rest: eavesdropping, leaks,
// unprotected data and information gathering.
//
// Each threat keeps the id of the pytm threat it refines when it is the same
// attack, with a condition that reads the channel (`encryptedInTransit`),
// the data carried (classification, personal data, credentials) and where
// it sits (trust zones). pytm's DS01 (Excavation), DE02 (Double Encoding)
// and DS04 (XSS Targeting Error Pages) are not part of tmc's library: they
// repeat the input-handling threats of input.tm.

/// Every data item of the flow is declared PUBLIC: reading it gives an eavesdropper nothing.
predicate carriesOnlyPublicData(f: Dataflow) =
  count(f.data) > 0
  and (all d in f.data: d.classification == PUBLIC and not d.isPII and not d.isCredentials)

threat DE03 "Traffic readable in transit" refines pytm.DE03 {
  targets = [Dataflow]
  stride = [InformationDisclosure]
  severity = High
  likelihood = Medium
  when = not encryptedInTransit(target) and not carriesOnlyPublicData(target)
  details = """
    The flow is not encrypted: it has no TLS 1.2 or later (older versions
    count as broken), no VPN, its sink does not demand TLS 1.2
    (`minTLSVersion`) and it is not marked `controls.isEncrypted`. Anyone
    who can watch the network between its ends reads what it carries. The
    threat stays quiet only when all the flow's data is declared PUBLIC; its
    severity follows the most sensitive data carried.
    """
  prerequisites = "The attacker can observe traffic on some network segment the flow crosses."
  mitigations = """
    Use TLS 1.2 or later (1.3 where the clients allow) and set the flow's
    `tlsVersion`, or run it through a VPN (`usesVPN`), or, when it is
    encrypted by other means, set `controls.isEncrypted`. Setting the sink's
    `minTLSVersion` to TLSv12 or later covers every flow into it.
    """
  example = "A service sends customer records to its database in clear text inside the VPC; an attacker who got onto one host captures them with tcpdump."
}

threat DE01 "Interception: caller does not verify the other end" refines pytm.DE01 {
  targets = [Dataflow]
  stride = [InformationDisclosure, Spoofing]
  severity = High
  likelihood = Low
  when = overUntrustedNetwork(target)
         and target.source is Asset
         and target.sink is Asset
         and target.source.inScope
         and not target.isResponse
         and not target.controls.authenticatesDestination
  details = """
    One of your components calls across the internet or a partner network
    and does not check that it is talking to the intended party, for example
    by validating the server's certificate and name. An attacker who can
    redirect the connection (DNS, a rogue proxy, a routing change) poses as
    the destination, reads what is sent and answers in its place, even over
    TLS.
    """
  prerequisites = "The attacker can divert the connection to a host they control, and the caller accepts any certificate or none."
  mitigations = """
    Validate the peer's certificate chain and host name (never turn
    verification off, even in tests that could reach production), pin keys
    for the few partners that allow it, and check revocation where it
    matters. Then set `controls.authenticatesDestination` on the flow or on
    the calling element.
    """
  example = "A billing job calls the payment provider with certificate checks disabled; a poisoned DNS entry sends it to the attacker's server, which collects the card data."
}

threat DS06 "Data above the clearance of an element or flow" refines pytm.DS06 {
  targets = [Dataflow]
  stride = [InformationDisclosure]
  linddun = [DataDisclosure]
  severity = High
  likelihood = Medium
  when = any d in target.data:
           exceedsClearance(d, target.source)
           or exceedsClearance(d, target.sink)
           or exceedsClearance(d, target)
  details = """
    The flow carries data classified above the `maxClassification` declared
    on its source, its sink or itself. That element or channel was declared
    fit for less sensitive data only (weaker controls, a wider audience, a
    vendor without the right agreement), so the data is exposed there beyond
    what was decided. Elements and flows that declare no
    `maxClassification` are not checked.
    """
  prerequisites = "Data reaches an element or channel whose declared clearance is lower than its classification."
  mitigations = """
    Stop sending the data there (filter, tokenize or mask it first), or
    raise the element's protection to the level of the data and then its
    `maxClassification`.
    """
  example = "Application logs are cleared for RESTRICTED data, but the API logs full request bodies including card numbers classified SECRET."
}

threat DS09 "Data carried out of the zones it is allowed in" {
  targets = [Dataflow]
  stride = [InformationDisclosure]
  linddun = [DataDisclosure, NonCompliance]
  severity = High
  likelihood = High
  path = DataLineage
  when = any d in target.data:
           count(d.allowedZones) > 0
           and target.source.zone in d.allowedZones
           and target.sink.zone not in d.allowedZones
  details = """
    The data declares the trust zones it may go to (`allowedZones`), and
    this flow takes it from an element inside them to one outside them:
    this is where its lineage leaves the zones its protection was decided
    for (an audit scope such as PCI DSS's cardholder-data environment, a
    residency rule, a contract). Everything downstream of this hop holds
    the data without the controls of those zones, so only this hop, where
    it leaves, is reported; data collected outside its zones (from a person
    on the internet) is not reported on its way in. The finding names the
    data's lineage: the chain of flows that carried it, from where it
    enters the model to this hop.
    """
  prerequisites = "The element outside the allowed zones, or the network to it, is weaker than the zones the data was confined to."
  mitigations = """
    Keep the data in its zones: send a token, a masked value or an
    aggregate instead, or move the receiving element into an allowed zone
    with its controls. If the zone was left out of the policy by mistake,
    add it to the data's `allowedZones`.
    """
  example = "Card numbers are allowed only in the restricted payment zone, but the order service forwards full order records, card numbers included, to the internal reporting warehouse."
  cwe = [668, 200]
  references = [
    "https://cwe.mitre.org/data/definitions/668.html",
    "https://cwe.mitre.org/data/definitions/200.html",
  ]
}

threat DR01 "Sensitive data stored without encryption at rest" refines pytm.DR01 {
  targets = [Datastore]
  stride = [InformationDisclosure]
  linddun = [DataDisclosure]
  severity = Medium
  likelihood = Low
  when = not target.controls.isEncryptedAtRest
         and (holdsSensitiveData(target) or target.storesLogData)
  details = """
    The datastore keeps sensitive data, personal data or logs (its
    `storesSensitiveData`, `storesPII` or `storesLogData`, or sensitive data
    on the flows that write to it or read from it), and it is not encrypted
    at rest. Stolen disks, snapshots, backups or a misconfigured storage
    account hand the data over in readable form. (pytm's DR01 fired on
    flows, and also when the data was encrypted at rest; this one asks the
    datastore.)
    """
  prerequisites = "The attacker gets a copy of the storage: a backup, a snapshot, a disk, or read access below the application."
  mitigations = """
    Turn on encryption at rest (managed keys at least, customer keys for the
    most sensitive data), encrypt backups and snapshots too, and restrict
    who can use the keys. Then set `controls.isEncryptedAtRest`.
    """
  example = "A database snapshot shared by mistake with another cloud account is restored there and read in full."
}

threat DE04 "Audit logs can be altered or erased" refines pytm.DE04 {
  targets = [Datastore]
  stride = [Repudiation, Tampering]
  severity = Medium
  likelihood = Medium
  when = target.storesLogData and not target.controls.providesIntegrity
  details = """
    The datastore holds logs or audit trails and nothing makes them tamper
    evident. An intruder, or an insider, who reaches it edits or deletes the
    entries that record what they did, and the organisation can neither
    detect nor prove the actions afterwards.
    """
  prerequisites = "The attacker gains write or delete access to the log store, directly or through a component that writes to it."
  mitigations = """
    Ship logs promptly to a separate store that writers can only append to
    (write-once buckets, retention locks), chain or sign entries, keep
    access to delete or change them with a few audited administrators, and
    alert on gaps. Then set `controls.providesIntegrity`.
    """
  example = "After taking over the web server the attacker deletes the last hour of access logs from the shared log volume, hiding how they got in."
}

threat DS05 "Sensitive data lifted from a cache" refines pytm.DS05 {
  targets = [Server]
  stride = [InformationDisclosure]
  severity = Medium
  likelihood = Low
  when = target.usesCache
         and ((any f in target.inputs: carriesSensitiveData(f))
              or (any f in target.outputs: carriesSensitiveData(f)))
  details = """
    The server caches responses or data and handles sensitive data. A cache
    keyed without the user, or one that outlives logout, serves one user's
    data to another, and a cache readable by other processes or tenants
    hands it to them.
    """
  prerequisites = "Sensitive responses or records are cached where another user, process or tenant can reach them."
  mitigations = """
    Do not cache responses that carry personal or secret data, or key them
    by user and mark them `Cache-Control: private, no-store` for shared
    caches; clear per-user caches on logout; keep shared caches behind
    authentication and encrypted.
    """
  example = "A CDN caches the `/account` page of the first visitor after a deploy and shows their address to everyone else."
}

threat DS03 "Footprinting of an internet-facing server" refines pytm.DS03 {
  targets = [Server]
  stride = [InformationDisclosure]
  severity = Low
  likelihood = High
  when = internetFacing(target) and not target.usesVPN and not target.controls.isHardened
  details = """
    The server is reached straight from the internet, not only through a
    VPN (`usesVPN`), and is not hardened.
    Banners, default pages, verbose errors and open ports tell a scanner the
    products and versions in use, which it then matches against known
    vulnerabilities. This is reconnaissance rather than harm, but it decides
    which servers are attacked first.
    """
  prerequisites = "The attacker can reach the server from the internet."
  mitigations = """
    Remove version banners and default content, return generic errors,
    close every port not in use, and keep the server patched against a
    secure baseline. Then set `controls.isHardened`.
    """
  example = "A scanner reads `Server: Apache/2.4.49` from the headers and tries the path traversal known for that version."
}

threat DS02 "Debug or hidden options left on in production" refines pytm.DS02 {
  targets = [Lambda, Process]
  stride = [InformationDisclosure, ElevationOfPrivilege]
  severity = Medium
  likelihood = Low
  when = target.environment == "Production" and not target.controls.isHardened
  details = """
    The element runs in production and is not hardened. Debug modes, test
    switches, hidden parameters and diagnostic endpoints left on from
    development give whoever finds them stack traces, configuration, or
    functions that skip the normal checks.
    """
  prerequisites = "Some debug or undocumented option is still active in the deployed build and reachable by the attacker."
  mitigations = """
    Build production artefacts without debug code, turn diagnostic endpoints
    off or put them behind authentication, and test the deployed
    configuration for known switches. Then set `controls.isHardened`.
    """
  example = "The production API still honours `?debug=1`, which returns the SQL of each query and the database host name."
}

/// The datastore holds sensitive data: it says so (`storesSensitiveData`,
/// `storesPII`), or a flow that writes to it or reads from it carries some.
predicate holdsSensitiveData(s: Datastore) =
  s.storesSensitiveData
  or s.storesPII
  or (any f in s.inputs: carriesSensitiveData(f))
  or (any f in s.outputs: carriesSensitiveData(f))

threat DS07 "Cloud store readable beyond its owners" {
  targets = [Datastore]
  severity = High
  likelihood = High
  when = (target.type == AWS_S3 or target.onRDS)
         and not target.controls.hasAccessControl
         and holdsSensitiveData(target)
  stride = [InformationDisclosure]
  linddun = [DataDisclosure]
  cwe = [284, 732]
  details = """
    The store holds sensitive data and is a managed cloud service: an S3
    bucket, or a database on Amazon RDS. Such services are reached through
    the provider's own endpoints and permissions, not only through your
    network, so where the model places them says little about who can read
    them. A bucket policy or ACL that grants public or cross-account read,
    an RDS instance marked publicly accessible, or a snapshot shared with
    all accounts exposes the data to anyone who looks, and scanners look for
    these continuously.
    """
  prerequisites = """
    The provider-side access settings of the store allow principals other
    than the system's own roles to read it or its snapshots.
    """
  mitigations = """
    For buckets, turn on the account-wide block on public access, grant
    access by bucket policy to the system's roles only, and disable ACLs.
    For RDS, keep instances out of public subnets with public accessibility
    off, and never share snapshots publicly. Check these settings
    continuously (AWS Config rules or a cloud security scanner). Then set
    `controls.hasAccessControl`.
    """
  example = """
    An uploads bucket was made public to serve product images, and later
    also received scanned identity documents under another prefix; a search
    engine for open buckets indexes them within days.
    """
  references = [
    "https://cwe.mitre.org/data/definitions/284.html",
    "https://cwe.mitre.org/data/definitions/732.html",
  ]
}

threat DS08 "Credentials written to logs" {
  targets = [Datastore]
  severity = High
  likelihood = Medium
  when = target.storesLogData and (any f in target.inputs: any d in f.data: d.isCredentials)
  stride = [InformationDisclosure]
  cwe = [532]
  details = """
    A flow into this log store carries credentials: passwords, API keys,
    tokens or private keys. Logs are read by far more people and tools than
    the systems they describe (support staff, log pipelines, monitoring
    vendors) and are kept for a long time, so a secret written there is
    effectively shared with all of them, long after it was rotated in the
    places it was meant to be.
    """
  prerequisites = "Someone other than the credential's owner can read the logs or a copy of them."
  mitigations = """
    Redact secrets before they are logged: mask authorization headers,
    passwords and keys in the logging configuration, and log a key's id
    rather than the key. Scan stored logs for secret patterns. Rotate any
    credential that has been logged. Then take the credentials off the flow
    in the model.
    """
  example = """
    An API gateway logs full request headers for debugging, bearer tokens
    included, and the logs are forwarded to a monitoring service that every
    engineer can search.
    """
  references = ["https://cwe.mitre.org/data/definitions/532.html"]
}
