// tmc's library: operations: audit trails (repudiation), personal data in
// logs, backups and integrity of data at rest, and message queues
// (producers, poison messages, messages at rest). pytm's DE04 and DS08,
// refined in data.tm, cover tampering with log stores and credentials in
// logs; these add what those leave out.

/// Some flow into the asset carries people's credentials from an untrusted side: it is where a sign-in is checked.
predicate checksSignIns(a: Asset) =
  any f in a.inputs:
    fromUntrustedSource(f)
    and (any d in f.data: d.isCredentials and (any e in d.processedBy: e is Actor))

/// The element is an actor with administrative rights.
predicate adminActor(e: Element) = e is Actor and e.isAdmin

/// Some flow into the queue comes from a person or from a zone less trusted than INTERNAL.
predicate hasUntrustedProducer(q: MessageQueue) = any f in q.inputs: fromUntrustedSource(f)

// Audit trails

threat LOG01 "Sign-ins and admin actions leave no audit trail" {
  targets = [Server, Process, Lambda]
  stride = [Repudiation]
  severity = Medium
  likelihood = Medium
  when = not target.controls.logsSecurityEvents
         and (checksSignIns(target)
              or target.exposesAdminInterface
              or (any f in target.inputs: adminActor(f.source)))
  details = """
    The element checks people's sign-ins (credentials reach it from an
    untrusted side), serves an admin interface (`exposesAdminInterface`), or
    is used by an administrator, and it keeps no audit trail of
    security-relevant actions (`controls.logsSecurityEvents`). Account
    takeovers, password sprays and misuse of admin rights then happen
    unseen, and after an incident nobody can tell who did what, or prove it.
    """
  prerequisites = "Someone signs in with stolen credentials or misuses a legitimate admin account."
  mitigations = """
    Record sign-ins (success and failure), MFA and password changes,
    permission and configuration changes and admin actions, with the
    account, source address, time and target; send the records to a
    separate append-only store and alert on anomalies. Then set
    `controls.logsSecurityEvents`.
    """
  example = "A support agent's account is used to change the e-mail address of 300 customer accounts overnight; with no audit trail, the fraud is only noticed from customer complaints and cannot be traced."
  cwe = [778]
  references = ["https://cwe.mitre.org/data/definitions/778.html"]
}

threat LOG02 "Reads of secret data not recorded" {
  targets = [Datastore]
  stride = [Repudiation, InformationDisclosure]
  severity = Medium
  likelihood = Low
  when = not target.controls.logsSecurityEvents and holdsSecrets(target)
  details = """
    The datastore holds data classified SECRET or above or credentials (it
    declares `storesSensitiveData`, or its flows carry such data), and it
    records nothing about who reads or changes it
    (`controls.logsSecurityEvents`). A bulk export by a compromised service
    account or an insider looks like normal traffic and leaves no evidence:
    the breach cannot be detected, scoped or notified correctly.
    """
  prerequisites = "An identity with access to the store reads or changes data it should not."
  mitigations = """
    Turn on data-access logging (database audit logs, object-level access
    logs, cloud data events), send it to a separate store, and alert on
    unusual volumes or identities. Then set `controls.logsSecurityEvents`.
    """
  example = "A stolen reporting credential exports the whole card-token table over a weekend; without access logs, the company cannot say which customers were affected and must notify all of them."
  cwe = [778]
  references = ["https://cwe.mitre.org/data/definitions/778.html"]
}

threat LOG03 "Secrets vault access not audited" {
  targets = [SecretsVault]
  stride = [Repudiation]
  severity = High
  likelihood = Low
  when = not target.controls.logsSecurityEvents
  details = """
    The secrets vault keeps no audit trail of who read, created or changed
    which secret (`controls.logsSecurityEvents`). Reads of secrets are the
    clearest early sign of an intruder moving through the system; without
    them a stolen token is used unseen, and after a leak nobody knows which
    secrets to rotate.
    """
  prerequisites = "An identity with access to the vault is compromised or misused."
  mitigations = """
    Enable the vault's audit device or the cloud provider's data-event
    logging, ship it off the vault to append-only storage, and alert on
    reads by unexpected identities or of unusual paths. Then set
    `controls.logsSecurityEvents`.
    """
  example = "A leaked CI token reads 40 production secrets in one minute; with no audit log the team rotates nothing and the attacker keeps access for months."
  cwe = [778]
  references = ["https://cwe.mitre.org/data/definitions/778.html"]
}

threat LOG04 "Personal data written to logs" {
  targets = [Datastore]
  stride = [InformationDisclosure]
  linddun = [DataDisclosure, NonCompliance]
  severity = Medium
  likelihood = Medium
  when = target.storesLogData and (any f in target.inputs: any d in f.data: d.isPII)
  details = """
    A flow into this log store (`storesLogData`) carries personal data.
    Logs are copied to monitoring vendors, searched by many engineers and
    kept for a long time, rarely with the access control, retention and
    deletion that the personal data gets in its own store: the people
    concerned cannot have it deleted, and every reader of the logs becomes a
    processor of their data. (Credentials in logs are DS08.)
    """
  prerequisites = "People other than those entitled to the personal data can read the logs or their copies."
  mitigations = """
    Log identifiers or pseudonyms instead of names, addresses and contact
    details, mask personal fields in the logging configuration, and give
    logs a short retention. Then take the personal data off the flow in the
    model.
    """
  example = "The API logs every request body; customers' addresses and phone numbers end up in the log search tool that all 200 engineers and an external monitoring vendor can query."
  cwe = [532, 359]
  references = [
    "https://cwe.mitre.org/data/definitions/532.html",
    "https://cwe.mitre.org/data/definitions/359.html",
  ]
}

// Data at rest

threat LOG05 "Sensitive data without a backup" {
  targets = [Datastore]
  stride = [DenialOfService, Tampering]
  severity = High
  likelihood = Low
  when = not target.controls.hasBackup
         and target.type != CACHE
         and not target.storesLogData
         and holdsSensitiveData(target)
  details = """
    The datastore holds sensitive data (it says so, or its flows carry
    some) and is not backed up apart from itself (`controls.hasBackup`).
    Ransomware, a deleting script, a compromised administrator account or a
    corrupting bug destroys the data for good: the business and its
    customers lose it, and paying the attacker is the only hope left.
    Caches are not counted; log stores are left to DE04.
    """
  prerequisites = "The data is deleted, encrypted or corrupted by an attacker or by accident."
  mitigations = """
    Back the store up on a schedule to a separate account or location with
    its own credentials and immutable retention (object lock, vaulted
    backups), and restore from it in regular tests. Then set
    `controls.hasBackup`.
    """
  example = "An attacker with the cloud administrator's key deletes the production database and its snapshots in the same account; there is no copy elsewhere."
}

threat LOG06 "Secrets vault without a backup" {
  targets = [SecretsVault]
  stride = [DenialOfService]
  severity = High
  likelihood = Low
  when = not target.controls.hasBackup
  details = """
    The vault is not backed up (`controls.hasBackup`). If it is lost,
    deleted or corrupted, so are the encryption keys it keeps: data
    encrypted with them cannot be read again, and every service that
    fetches its secrets at start-up stops at its next restart.
    """
  prerequisites = "The vault's storage is lost, corrupted or deleted, by accident or by an attacker."
  mitigations = """
    Take encrypted snapshots of the vault's storage (or use the provider's
    replicated service with deletion protection), keep the unseal or
    recovery keys apart from them, and rehearse a restore. Then set
    `controls.hasBackup`.
    """
  example = "A botched upgrade corrupts the Vault cluster's storage; the encryption keys of the document store were only there, and five years of customer documents become unreadable."
}

threat LOG07 "Secret records in a shared store can be changed unnoticed" {
  targets = [Datastore]
  stride = [Tampering]
  severity = High
  likelihood = Low
  when = target.isShared
         and target.hasWriteAccess
         and not target.controls.providesIntegrity
         and holdsSecrets(target)
  details = """
    Several components or tenants write to this store (`isShared`,
    `hasWriteAccess`), it holds data classified SECRET or above or
    credentials, and nothing makes changes to the stored records detectable
    (`controls.providesIntegrity`). A writer that is compromised, or anyone
    with direct access below the application, alters balances, permissions
    or keys, and the readers act on them as if they were genuine.
    """
  prerequisites = "The attacker gains write access to the store through one of its writers or below the application."
  mitigations = """
    Sign or MAC critical records (or keep them in an append-only ledger
    table), verify the signature when reading, and reconcile against an
    independent copy. Then set `controls.providesIntegrity`.
    """
  example = "A compromised reporting job with write access to the shared ledger database edits the balance of an account before the nightly payout reads it."
  cwe = [345, 354]
  references = [
    "https://cwe.mitre.org/data/definitions/345.html",
    "https://cwe.mitre.org/data/definitions/354.html",
  ]
}

threat LOG08 "Internet-facing gateway keeps no access log" {
  targets = [Gateway]
  stride = [Repudiation]
  severity = Medium
  likelihood = Medium
  when = internetFacing(target) and not target.controls.logsSecurityEvents
  details = """
    The gateway is where the internet enters the system, and it keeps no
    record of the requests it passes or blocks
    (`controls.logsSecurityEvents`). Scans, credential stuffing and
    exploitation attempts leave no trace at the one place that sees all of
    them, so attacks are not noticed while they run and cannot be
    reconstructed afterwards.
    """
  prerequisites = "An attacker sends malicious requests through the gateway."
  mitigations = """
    Turn on access logs (and WAF logs) with client address, identity, path,
    status and rule matched, ship them to central storage the gateway
    cannot change, and alert on spikes of errors or blocks. Then set
    `controls.logsSecurityEvents`.
    """
  example = "An API gateway with logging off passes a week-long enumeration of order ids; the data leak is found by a journalist, and the company cannot tell which records were taken."
  cwe = [778]
  references = ["https://cwe.mitre.org/data/definitions/778.html"]
}

// Message queues

threat MSG01 "Queue accepts messages from unauthenticated producers" {
  targets = [MessageQueue]
  stride = [Spoofing, Tampering]
  severity = High
  likelihood = Medium
  when = not target.controls.authenticatesSource
         and (any f in target.inputs:
                not f.controls.authenticatesSource
                and (fromUntrustedSource(f) or carriesSensitiveData(f)))
  details = """
    The queue does not authenticate producers (`controls.authenticatesSource`
    on the queue or on the flow), and a producer sits in an untrusted zone
    or its messages carry sensitive data. Anyone who can reach the broker
    publishes messages that consumers treat as coming from a trusted
    service: fake orders, forged events, commands.
    """
  prerequisites = "The attacker can connect to the broker, from the untrusted zone or from any host on the network."
  mitigations = """
    Require every producer to authenticate (SASL/SCRAM, mutual TLS, cloud
    IAM) and authorise it for the topics it may write. Then set
    `controls.authenticatesSource` on the queue, or on the flow when the
    channel itself authenticates.
    """
  example = "A Kafka cluster listens without SASL; a compromised intranet laptop publishes `payment.approved` events that the fulfilment service ships goods for."
  cwe = [306]
  capec = [148]
  references = [
    "https://cwe.mitre.org/data/definitions/306.html",
    "https://capec.mitre.org/data/definitions/148.html",
  ]
}

threat MSG02 "Queue reachable from an untrusted zone" {
  targets = [MessageQueue]
  stride = [Tampering, InformationDisclosure]
  severity = High
  likelihood = Medium
  when = target.exposure < INTERNAL and not networkRestricted(target)
  details = """
    A zone less trusted than INTERNAL reaches the broker directly, and
    nothing limits which sources may connect
    (`controls.restrictsNetworkAccess`). Brokers' protocols and management
    APIs were built for internal networks; exposed, every flaw or weak
    setting in them (anonymous users, management consoles, old protocol
    versions) is reachable by anyone.
    """
  prerequisites = "The attacker can reach the broker's ports from the less trusted zone."
  mitigations = """
    Keep the broker inside the internal network and let outside producers
    reach it through an authenticated API or gateway; if outside clients
    must connect, allow only their addresses or private links. Then set
    `controls.restrictsNetworkAccess`.
    """
  example = "An MQTT broker for field devices listens on a public address with its web management plug-in enabled; a scanner finds the plug-in and subscribes to every topic."
  cwe = [668]
  references = ["https://cwe.mitre.org/data/definitions/668.html"]
}

threat MSG03 "Messages from untrusted producers not integrity-protected" {
  targets = [MessageQueue]
  stride = [Tampering]
  severity = Medium
  likelihood = Medium
  when = not target.controls.providesIntegrity
         and (any f in target.inputs: fromUntrustedSource(f) and not f.controls.providesIntegrity)
  details = """
    Messages reach the queue from people or from zones less trusted than
    INTERNAL, and neither the flow nor the queue makes them tamper evident
    (`controls.providesIntegrity`: signed or MACed messages checked by the
    consumer). A message altered on the way, replayed, or rewritten by
    anyone with access to the topic is processed as if the producer had
    sent it.
    """
  prerequisites = "The attacker can alter, replay or inject messages between the producer and the consumer."
  mitigations = """
    Sign messages at the producer (or MAC them with a per-producer key),
    include a unique id and timestamp, and have consumers verify and drop
    duplicates. Then set `controls.providesIntegrity` on the flow or the
    queue.
    """
  example = "Meter readings from field devices are queued unsigned; an attacker on the mobile network rewrites readings to cut customers' bills."
  cwe = [345, 294]
  capec = [94]
  references = [
    "https://cwe.mitre.org/data/definitions/345.html",
    "https://cwe.mitre.org/data/definitions/294.html",
    "https://capec.mitre.org/data/definitions/94.html",
  ]
}

threat MSG04 "Poison messages block consumers: no dead-letter queue" {
  targets = [MessageQueue]
  stride = [DenialOfService]
  severity = Medium
  likelihood = Medium
  when = not target.hasDeadLetterQueue and hasUntrustedProducer(target)
  details = """
    The queue takes messages from untrusted producers and has no dead-letter
    queue (`hasDeadLetterQueue`). One malformed message that makes its
    consumer fail is delivered again and again: the consumer crashes or
    retries forever, the messages behind it pile up, and the processing of
    everyone's messages stops; or the message is dropped silently and lost.
    """
  prerequisites = "The attacker can put a message that the consumer fails on into the queue."
  mitigations = """
    Configure a maximum number of deliveries and a dead-letter queue for
    messages that exceed it, alert on its size, and make consumers validate
    messages and fail fast on invalid ones. Then set `hasDeadLetterQueue`.
    """
  example = "A webhook event with a 10 MB field makes the consumer run out of memory on each delivery; for six hours no other event in the partition is processed."
  cwe = [400, 835]
  references = [
    "https://cwe.mitre.org/data/definitions/400.html",
    "https://cwe.mitre.org/data/definitions/835.html",
  ]
}

threat MSG05 "Sensitive messages kept unencrypted in the broker" {
  targets = [MessageQueue]
  stride = [InformationDisclosure]
  linddun = [DataDisclosure]
  severity = Medium
  likelihood = Low
  when = not target.controls.isEncryptedAtRest and (any f in target.inputs: carriesSensitiveData(f))
  details = """
    Messages carrying sensitive, personal or secret data pass through this
    queue, and the broker does not encrypt what it keeps on disk
    (`controls.isEncryptedAtRest`). Brokers keep messages for replay, retry
    or retention, often for days, in log segments and snapshots that are
    copied, backed up and restored like any disk: whoever gets a copy reads
    them. (DR01 asks the same of datastores.)
    """
  prerequisites = "The attacker gets a copy of the broker's storage, a snapshot or a backup."
  mitigations = """
    Turn on encryption at rest for the broker's volumes or the managed
    service, or encrypt sensitive payloads at the producer, and keep
    retention short. Then set `controls.isEncryptedAtRest`.
    """
  example = "A disk snapshot of a Kafka broker, shared with a vendor for a performance investigation, contains two weeks of order events with customers' addresses."
  cwe = [311, 312]
  references = [
    "https://cwe.mitre.org/data/definitions/311.html",
    "https://cwe.mitre.org/data/definitions/312.html",
  ]
}

threat MSG06 "Any client of the queue reads every topic" {
  targets = [MessageQueue]
  stride = [InformationDisclosure, ElevationOfPrivilege]
  severity = Medium
  likelihood = Medium
  when = not target.controls.hasAccessControl
         and count(target.outputs) > 1
         and (any f in target.inputs: carriesSensitiveData(f))
  details = """
    Several consumers read from the queue, sensitive data passes through it,
    and it does not restrict each client to its own topics or queues
    (`controls.hasAccessControl`). Any consumer, including the least
    trusted, can subscribe to everything, and a compromised one reads, or
    drains, the messages meant for the others.
    """
  prerequisites = "The attacker controls one client of the broker."
  mitigations = """
    Give every producer and consumer its own identity with ACLs limited to
    the topics and operations it needs (read on its topics only). Then set
    `controls.hasAccessControl`.
    """
  example = "The analytics consumer's credentials, leaked from a notebook, subscribe to the `payments` topic that only the ledger service should read."
  cwe = [284, 732]
  references = [
    "https://cwe.mitre.org/data/definitions/284.html",
    "https://cwe.mitre.org/data/definitions/732.html",
  ]
}
