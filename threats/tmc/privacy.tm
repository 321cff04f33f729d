// tmc's library: privacy of the people whose data the system handles,
// categorised with LINDDUN (and STRIDE where a security property is broken
// too). These have no pytm counterpart: they read the privacy attributes of
// data items (`isPII`, `isSpecialCategory`, `isPseudonymized`, `purpose`,
// `retentionDays`, `legalBasis`), how long stores keep what they get
// (`keepsDataForDays`) and who receives the data (third parties, partner and
// internet zones). Storing personal data unencrypted is DR01 (data.tm),
// which also reads personal data that reaches a store by its flows, and
// personal data in prompts to a hosted model is LLM03 (llm.tm).

/// The data is about a person: personal data (`isPII`) or a special category of it (`isSpecialCategory`).
predicate describesAPerson(d: Data) = d.isPII or d.isSpecialCategory

/// The data is personal and still names the person: it is not pseudonymised (`isPseudonymized`).
predicate namesAPerson(d: Data) = describesAPerson(d) and not d.isPseudonymized

/// The flow carries personal data (`describesAPerson`).
predicate carriesDataAboutPeople(f: Dataflow) = any d in f.data: describesAPerson(d)

/// The flow carries personal data that is not pseudonymised (`namesAPerson`).
predicate carriesDataNamingPeople(f: Dataflow) = any d in f.data: namesAPerson(d)

/// The person's identity is needed where the data goes: a purpose is stated, and the legal basis is a contract with the person, a legal obligation or their vital interests, which a pseudonym could not serve.
predicate identityNeeded(d: Data) =
  d.purpose != "" and d.legalBasis in [CONTRACT, LEGAL_OBLIGATION, VITAL_INTERESTS]

/// The element is a third party for the data it receives: an external entity, a model run by an outside provider (`isThirdParty`), or an asset in a PARTNER or INTERNET zone other than a client app (which runs on the person's own device).
predicate receivesAsThirdParty(e: Element) =
  e is Asset
  and ((e.zone <= PARTNER and not (e is ClientApp))
       or e is ExternalEntity
       or (e is LLM and e.isThirdParty))

/// The flow brings personal data into the system from a person (an `Actor`) or from an outside party (an `ExternalEntity`): a point where personal data is collected.
predicate collectsDataAboutPeople(f: Dataflow) =
  (f.source is Actor or f.source is ExternalEntity)
  and f.sink is Asset
  and carriesDataAboutPeople(f)

/// The asset holds personal data: a datastore that says so (`storesPII`), its own `data`, or a flow that writes to it or reads from it carries some.
predicate keepsDataAboutPeople(a: Asset) =
  (a is Datastore and a.storesPII)
  or (any d in a.data: describesAPerson(d))
  or (any f in a.inputs: carriesDataAboutPeople(f))
  or (any f in a.outputs: carriesDataAboutPeople(f))

/// The data is personal, declares how many days it may be kept (`retentionDays`), and `days` is longer.
predicate outlivesRetention(d: Data, days: int) =
  describesAPerson(d) and d.retentionDays >= 0 and days > d.retentionDays

/// Some personal data the asset holds (its own `data`, or on a flow into it) may be kept for fewer days than `days`.
predicate keepsPersonalDataTooLong(a: Asset, days: int) =
  (any d in a.data: outlivesRetention(d, days))
  or (any f in a.inputs: any d in f.data: outlivesRetention(d, days))

/// The asset holds special-category data (`isSpecialCategory`): its own `data`, or on a flow into it or out of it.
predicate holdsSpecialCategoryData(a: Asset) =
  (any d in a.data: d.isSpecialCategory)
  or (any f in a.inputs: any d in f.data: d.isSpecialCategory)
  or (any f in a.outputs: any d in f.data: d.isSpecialCategory)

threat PRV01 "Identifiable personal data shared with a third party" {
  targets = [Dataflow]
  stride = [InformationDisclosure]
  linddun = [Linking, Identifying, DataDisclosure]
  severity = Medium
  likelihood = Medium
  when = receivesAsThirdParty(target.sink)
         and (any d in target.data: namesAPerson(d) and not identityNeeded(d))
  details = """
    The flow sends personal data that still names the person (`isPII` or
    `isSpecialCategory`, not `isPseudonymized`), for no stated need of the
    identity (no `purpose` with a contract, a legal obligation or vital
    interests as its `legalBasis`), to a third party: an
    external entity, a model run by an outside provider, or a system in a
    partner or internet zone. The recipient can tie what it gets to a
    known person and join it with what it already holds about them from
    other customers, and whatever it leaks or sells identifies people
    directly. Most recipients (analytics, support tools, models, fraud
    scoring) need a stable key, not a name or an e-mail address.
    """
  prerequisites = "A third party receives personal data with direct identifiers it does not need."
  mitigations = """
    Send a pseudonym (a keyed hash or a random id whose mapping stays
    with you) instead of names, e-mail addresses, phone numbers and account
    numbers, and drop the fields the recipient does not need; then set
    `isPseudonymized` on the data items of the flow. Where the recipient
    truly needs the identity (a payment provider charging the person, a
    carrier delivering to them), record why in the data's `purpose` and
    the contract or obligation in its `legalBasis`.
    """
  example = "The web shop sends each order with the customer's e-mail address to a marketing SaaS, which merges it with the profiles it bought elsewhere."
  cwe = [359]
  references = ["https://cwe.mitre.org/data/definitions/359.html"]
}

threat PRV02 "Personal data from several sources linked in one store" {
  targets = [Datastore]
  stride = [InformationDisclosure]
  linddun = [Linking, Identifying]
  severity = Medium
  likelihood = Low
  when = any f in target.inputs:
           carriesDataNamingPeople(f)
           and (any g in target.inputs: g.source != f.source and carriesDataNamingPeople(g))
  details = """
    Two or more different elements write identifiable personal data
    (`isPII` or `isSpecialCategory`, not `isPseudonymized`) into this
    store. Joined on the same person, records collected for different
    purposes become a profile that none of them justified alone (what they
    bought, where they were, whom they called), and whoever reads the store
    or one of its exports learns all of it at once.
    """
  prerequisites = "Personal data of the same people arrives from several sources and is kept under a shared identifier."
  mitigations = """
    Keep data collected for different purposes apart, or link it only
    through pseudonyms that differ per source, with the mapping held by one
    service that checks the purpose of each join; then set
    `isPseudonymized` on the data items written by all but one source.
    """
  example = "The support tool and the delivery app both write to the customer warehouse keyed by e-mail address; an analyst's query combines tickets with home addresses and delivery times."
  cwe = [359]
  references = ["https://cwe.mitre.org/data/definitions/359.html"]
}

threat PRV03 "Personal data kept longer than its retention period" {
  targets = [Datastore, MessageQueue]
  stride = [InformationDisclosure]
  linddun = [DataDisclosure, NonCompliance]
  severity = Medium
  likelihood = Medium
  when = keepsPersonalDataTooLong(target, target.keepsDataForDays)
         and not target.controls.enforcesRetention
  details = """
    Personal data that reaches this store declares how long it may be
    kept (its `retentionDays`), and the store keeps what it gets for
    longer (`keepsDataForDays`) with no deletion tied to the data's own
    period (`controls.enforcesRetention`). Every day past the retention
    period is processing without a reason: a breach of the store exposes
    people it should have forgotten, and it breaks the storage limitation
    the organisation promised them.
    """
  prerequisites = "The store's retention is longer than that of the personal data written to it."
  mitigations = """
    Shorten the store's retention to the shortest period of the personal
    data it holds (and set `keepsDataForDays`), or delete each record when
    its own period ends with a scheduled job or a time-to-live, and then set
    `controls.enforcesRetention`. Include replicas, backups and replay
    topics in the same rule.
    """
  example = "Login events are to be kept 30 days, but the event stream keeps 365 days of messages for replay, names and IP addresses included."
}

threat PRV04 "Personal data stored with no retention limit" {
  targets = [Datastore, MessageQueue]
  stride = [InformationDisclosure]
  linddun = [DataDisclosure, NonCompliance]
  severity = Low
  likelihood = Medium
  when = keepsDataAboutPeople(target)
         and target.keepsDataForDays == -1
         and not target.controls.enforcesRetention
  details = """
    The store holds personal data, and neither says how long it keeps what
    it gets (`keepsDataForDays` is unset) nor deletes data once its
    retention period is over (`controls.enforcesRetention`). Such stores
    keep everything for ever by default: the data of former customers and
    of people who asked to be forgotten piles up, and each breach exposes
    years of it.
    """
  prerequisites = "Personal data is written to a store with no deletion schedule."
  mitigations = """
    Decide how long each kind of personal data is needed (set its
    `retentionDays`), configure the store to delete it then (a
    time-to-live, a partition drop, a lifecycle rule or a scheduled job),
    and set `keepsDataForDays` on the store, or `controls.enforcesRetention`
    where deletion follows each record's own period.
    """
  example = "The orders database still holds the addresses and phone numbers of customers who closed their accounts eight years ago."
}

threat PRV05 "Personal data sent to a third party with no stated purpose or legal basis" {
  targets = [Dataflow]
  stride = [InformationDisclosure]
  linddun = [Unawareness, NonCompliance]
  severity = Medium
  likelihood = Medium
  when = receivesAsThirdParty(target.sink)
         and (any d in target.data:
                describesAPerson(d) and (d.purpose == "" or d.legalBasis == UNSTATED))
  details = """
    The flow hands personal data to a third party (an external entity, a
    model run by an outside provider, or a system in a partner or internet
    zone; often in another country), and the data states no `purpose` or
    no `legalBasis`. A disclosure is processing of its own: without a
    stated purpose nobody can tell the people concerned why the recipient
    gets their data or hold the recipient to that use, and without a
    ground for it (and, across borders, a transfer mechanism) the transfer
    is unlawful whatever the recipient's security. Sharing then grows by
    habit, one integration at a time.
    """
  prerequisites = "Personal data leaves for another organisation with no documented reason or legal ground."
  mitigations = """
    State what the recipient does with the data and why it needs each
    field, establish the ground for giving it (and, for a recipient abroad,
    the transfer mechanism such as standard contractual clauses), cover it
    by a processing agreement that limits use to that purpose, and list the
    recipient in the privacy notice; then set `purpose` and `legalBasis` on
    each data item of the flow. Drop the items no purpose needs.
    """
  example = "The mobile app's crash reporter sends the signed-in user's e-mail and location with each report to a vendor abroad, for no purpose anyone wrote down."
}

threat PRV06 "Personal data collected with no stated purpose or legal basis" {
  targets = [Dataflow]
  linddun = [Unawareness, NonCompliance]
  severity = Low
  likelihood = Medium
  when = collectsDataAboutPeople(target)
         and (any d in target.data:
                describesAPerson(d) and (d.purpose == "" or d.legalBasis == UNSTATED))
  details = """
    Personal data enters the system here, from a person (an actor) or from
    an outside party that collected it, and the data states no `purpose`
    or no `legalBasis`. People cannot be told what their data is for, or
    object to it, when the system itself does not say; with no recorded
    ground the organisation cannot show the processing is lawful, nor tell
    which rights apply (an objection, the withdrawal of consent). Data
    collected "just in case" is the first to be reused for something the
    people would not have agreed to.
    """
  prerequisites = "Personal data is collected without a documented purpose and legal ground."
  mitigations = """
    Write down why each personal data item is collected and on what ground
    (consent, contract, legal obligation, vital interests, public task or
    legitimate interests), tell the people concerned at collection (or, for
    data obtained from others, within a month), stop collecting the items
    no purpose needs, and set `purpose` and `legalBasis` on the data items.
    """
  example = "The sign-up form asks for a date of birth and a phone number that no feature uses and no privacy notice mentions."
}

threat PRV07 "Special-category data stored without strong protection" {
  targets = [Datastore]
  stride = [InformationDisclosure]
  linddun = [DataDisclosure, NonCompliance]
  severity = High
  likelihood = Medium
  when = holdsSpecialCategoryData(target)
         and not (target.controls.hasAccessControl and target.controls.isEncryptedAtRest)
  details = """
    The store holds special-category data (`isSpecialCategory`: health,
    biometric, genetic data, religion, sexual orientation, political
    opinions, union membership, criminal records) and does not both
    restrict access by identity or role (`controls.hasAccessControl`) and
    encrypt it at rest (`controls.isEncryptedAtRest`). Whoever reaches the
    store, or a copy of its disks or backups, reads it all. Disclosure of
    such data causes the gravest harm to people (discrimination,
    exclusion, blackmail), and the law asks for stronger protection than
    for other personal data; DR01 misses such data when nothing marks it
    as personal or sensitive besides `isSpecialCategory`.
    """
  prerequisites = "Staff, services or an intruder reach the store beyond the few who need the special-category data."
  mitigations = """
    Give access to the special-category data only to the roles that need
    it, per record or column where the store allows it, log every read, and
    keep it apart from ordinary data, and encrypt it at rest with keys only
    those roles can use; then set `controls.hasAccessControl` and
    `controls.isEncryptedAtRest`.
    """
  example = "Sick-leave certificates are kept in the HR share that every employee of the HR department and the IT helpdesk can open."
  cwe = [359, 284]
  references = [
    "https://cwe.mitre.org/data/definitions/359.html",
    "https://cwe.mitre.org/data/definitions/284.html",
  ]
}

threat PRV08 "Special-category data processed on legitimate interests" {
  targets = [Dataflow]
  linddun = [NonCompliance]
  severity = High
  likelihood = Low
  when = collectsDataAboutPeople(target)
         and (any d in target.data: d.isSpecialCategory and d.legalBasis == LEGITIMATE_INTERESTS)
  details = """
    Special-category data (`isSpecialCategory`) is collected here with
    `legalBasis` LEGITIMATE_INTERESTS. Legitimate interests is a ground for
    ordinary personal data, but processing health, biometric, genetic or
    other special-category data is forbidden unless one of a short list of
    exceptions applies (explicit consent, employment or social security
    law, vital interests, medical care, and a few others), and legitimate
    interests is not among them.
    """
  prerequisites = "Special-category data is processed with no exception that lifts the general prohibition."
  mitigations = """
    Establish an exception that allows this processing (explicit consent,
    a legal obligation, the provision of care...) and record it, then set
    `legalBasis` to match (CONSENT, LEGAL_OBLIGATION, VITAL_INTERESTS...);
    or stop collecting the special-category data.
    """
  example = "A fitness app sends heart-rate readings to its insurer partner, citing its legitimate interest in product improvement."
}

threat PRV09 "People cannot see, export or delete their stored data" {
  targets = [Datastore]
  linddun = [Unawareness, NonCompliance]
  severity = Medium
  likelihood = Medium
  when = (target.storesPII or (any f in target.inputs: carriesDataNamingPeople(f)))
         and not target.storesLogData
         and not target.controls.supportsDataSubjectRights
  details = """
    The store holds identifiable personal data (`storesPII`, or personal
    data not pseudonymised on a flow into it; log stores, `storesLogData`,
    are left to the logging rules), and it has no way to find,
    export, correct or delete one person's records
    (`controls.supportsDataSubjectRights`). Requests from the people
    concerned are then answered by hand, late, or incompletely: the copy
    in this store survives an erasure request done everywhere else.
    """
  prerequisites = "A person asks for access to, a copy of or the erasure of their data, and this store cannot answer for them."
  mitigations = """
    Index personal data by a person's id so all their records can be found,
    add this store to the access, export and erasure workflow (including
    its replicas and backups' expiry), test it with a sample request, and
    then set `controls.supportsDataSubjectRights`.
    """
  example = "A user's erasure request deletes their account, but the search index built from it keeps returning their name and address for months."
}

threat PRV10 "Third-party code in a client app learns about sensitive use" {
  targets = [ClientApp]
  stride = [InformationDisclosure]
  linddun = [Detecting, Linking, DataDisclosure]
  severity = High
  likelihood = Medium
  when = target.loadsThirdPartyCode and holdsSpecialCategoryData(target)
  details = """
    The client app handles special-category data (`isSpecialCategory` on
    its flows or its own `data`) and loads code from third parties at run
    time (`loadsThirdPartyCode`: analytics, advertising or session-replay
    tags, SDKs). That code sees which pages are opened and what is typed,
    and it reports to its vendor with the device's advertising id or
    cookies. Even without the data itself, the mere use of a health,
    fertility, addiction or religious service tells the vendor, and the
    advertisers it serves, something sensitive about a known person.
    """
  prerequisites = "Tracking or analytics code from another company runs in the app's screens or pages that handle special-category data."
  mitigations = """
    Remove third-party tags and SDKs from the app, or at least from every
    screen that shows or collects special-category data; use self-hosted,
    first-party analytics without identifiers; then clear
    `loadsThirdPartyCode`.
    """
  example = "An online therapy site's booking page carries an advertising pixel, which reports to the ad network that this browser booked a session with a psychiatrist."
  cwe = [359, 829]
  references = [
    "https://cwe.mitre.org/data/definitions/359.html",
    "https://cwe.mitre.org/data/definitions/829.html",
  ]
}

threat PRV11 "Search index makes personal data searchable by anyone who reaches it" {
  targets = [Datastore]
  stride = [InformationDisclosure]
  linddun = [Identifying, Linking, DataDisclosure]
  severity = Medium
  likelihood = Medium
  when = target.type == SEARCH_INDEX
         and keepsDataAboutPeople(target)
         and not target.controls.hasAccessControl
  details = """
    The store is a search index (`type` SEARCH_INDEX) that holds personal
    data, and it does not restrict access by identity or role
    (`controls.hasAccessControl`). A search index is built to find
    everything about a name, an e-mail or a phone number in one query,
    across records that the main database keeps apart; whoever can query
    it can look anyone up, and it is often left with no authentication at
    all.
    """
  prerequisites = "A user, a service or an intruder can send queries to the index beyond the searches the application makes for a user."
  mitigations = """
    Index only the fields search needs (pseudonymise the rest), require
    authentication and enforce per-user or per-tenant filters in the
    index itself rather than in the application, and set
    `controls.hasAccessControl`.
    """
  example = "A support search cluster indexes tickets, orders and addresses; any employee's query for a celebrity's name returns their home address and order history."
  cwe = [359]
  references = ["https://cwe.mitre.org/data/definitions/359.html"]
}

threat PRV12 "Identifiable personal data copied into many stores" {
  targets = [Server, Process, Lambda]
  stride = [InformationDisclosure]
  linddun = [DataDisclosure, Unawareness]
  severity = Low
  likelihood = Low
  when = any f in target.outputs:
           any d in f.data:
             namesAPerson(d)
             and (count g in target.outputs: g.sink is Datastore and d in g.data) >= 3
  details = """
    The element writes the same identifiable personal data item (`isPII`
    or `isSpecialCategory`, not `isPseudonymized`) into three or more
    stores. Each copy is one more place that can leak, that
    retention must reach and that an access or erasure request must find;
    copies made for caches, search and reporting are the ones forgotten.
    """
  prerequisites = "The same person's data is kept in several stores with different owners, controls and retention."
  mitigations = """
    Keep personal data in one system of record and give the other stores a
    pseudonymous id or only the fields they need (then set
    `isPseudonymized` on what they receive), and list every copy in the
    retention and data-subject request processes.
    """
  example = "The user service writes full profiles to its database, a Redis cache, a search index and the data lake; an erasure request reaches only the database."
}

threat PRV13 "Personal data kept by the model provider" {
  targets = [LLM]
  stride = [InformationDisclosure]
  linddun = [DataDisclosure, NonCompliance]
  severity = Medium
  likelihood = Medium
  when = target.isThirdParty
         and target.retainsUserData
         and (target.processesPersonalData or (any f in target.inputs: carriesDataAboutPeople(f)))
         and not target.controls.enforcesRetention
  details = """
    The model is run by an outside provider (`isThirdParty`) that keeps
    prompts and outputs afterwards (`retainsUserData`) for logging, abuse
    monitoring or training, and personal data reaches it
    (`processesPersonalData`, or personal data on a flow into it). Copies
    of the people's data then live at the provider under its retention, not
    yours: they outlast your own deletion, are out of reach of access and
    erasure requests, and may end up in a model trained on them.
    """
  prerequisites = "Personal data goes into prompts of a hosted model whose provider keeps them."
  mitigations = """
    Use the provider's zero-data-retention or no-training terms (then clear
    `retainsUserData`), or agree a retention no longer than the data's own
    and a deletion process (then set `controls.enforcesRetention`); strip
    personal data from prompts that do not need it.
    """
  example = "Support chats with customers' addresses and order numbers go to a model API whose default terms keep inputs 30 days for abuse review."
}
