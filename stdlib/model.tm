// The two kinds that are not elements: Model, the settings of a whole model
// (pytm's TM class), written in the `model "Name" { ... }` block; and Data,
// the pieces of information that flows carry (`Data card "Card number"`,
// then `data = [card]` on a flow). Neither has a parent kind.

/// A whole threat model: its description and analysis settings, written in the `model "Name" { ... }` block.
kind Model {
  /// What the system does and what this model covers; required, as it opens every report.
  description:      string
  /// Which built-in threat library runs: tmc's own (the default) or pytm 1.4's, kept for parity; `tmc --library` overrides it.
  library:          ThreatLibrary = tmc
  /// Path of a threat library to use in place of the built-in one; empty for the built-in threats.
  threatsFile:      string        = ""
  /// Ids of threats never reported for this model, such as `["INP01"]`, on top of `tmc --exclude`.
  exclude:          [string]      = []
  /// Assumptions that hold for the whole model; threats they `exclude` are reported on no element.
  assumptions:      [Assumption]  = []
  /// Number the flows that have no `order` automatically, in declaration order.
  isOrdered:        bool          = false
  /// What to do with a flow that repeats another between the same elements with the same attributes.
  onDuplicates:     Action        = NO_ACTION
  /// Leave out elements and boundaries that take part in no flow: they get no findings and are not drawn.
  ignoreUnused:     bool          = false
  /// Draw a request and its response as one two-headed arrow in diagrams.
  mergeResponses:   bool          = false
  /// Colour diagram elements by the severity of their worst finding.
  colormap:         bool          = false
  /// The trust level of elements that sit in no boundary; the internet unless said otherwise.
  outsideTrust:     TrustLevel    = INTERNET
  /// The trust level of a boundary that sets no `trust` and sits in no other boundary.
  boundaryTrust:    TrustLevel    = INTERNAL
  /// Every finding on every element of the model.
  derived findings: [Finding]
}

/// A piece of information that moves through the system, such as credentials or card numbers; flows list it in `data`.
kind Data {
  /// What this data is and where it comes from, in plain words.
  description:             string         = ""
  /// Its encoding, such as "JSON" or "XML"; some threats apply only to certain formats.
  format:                  string         = ""
  /// How sensitive it is; it moves the severity of findings on the elements and flows that handle it, and flows carrying it to an element with a lower `maxClassification` (set above UNKNOWN) are reported.
  classification:          Classification = UNKNOWN
  /// Whether it can identify a person; such data needs encryption in transit and at rest.
  isPII:                   bool           = false
  /// Whether it contains secrets used to authenticate, such as passwords, API keys or private keys.
  isCredentials:           bool           = false
  /// How long its credentials stay valid and how they are revoked; NONE when it holds no credentials.
  credentialsLife:         Lifetime       = NONE
  /// Whether the receiving element stores it rather than just processing it; informational in tmc's library, which treats what a datastore receives as stored (pytm's DR01 reads it).
  isStored:                bool           = false
  /// Whether the copy stored at a flow's destination is encrypted at rest; informational in tmc's library, which reads the datastore's `controls.isEncryptedAtRest` (pytm's DR01 reads it).
  isDestEncryptedAtRest:   bool           = false
  /// Whether the copy kept at a flow's source is encrypted at rest; informational in tmc's library (pytm's DR01 reads it).
  isSourceEncryptedAtRest: bool           = false
  /// Why it is collected and used, such as "billing" or "fraud screening"; personal data with no purpose stated is reported where it is collected from a person or an outside party (PRV06) and where it is sent to a third party (PRV05).
  purpose:                 string         = ""
  /// How many days it may be kept; -1 when not stated. For personal data, a datastore or message queue keeping it longer (its `keepsDataForDays`) without `controls.enforcesRetention` is reported (PRV03).
  retentionDays:           int            = -1
  /// Whose data it is, such as `["customers", "employees"]`; informational, shown in reports.
  subjects:                [string]       = []
  /// The legal ground for processing it, when it is personal data; UNSTATED personal data is reported where it is collected (PRV06) and where it is sent to a third party (PRV05), and special-category data on LEGITIMATE_INTERESTS where it is collected (PRV08).
  legalBasis:              LegalBasis     = UNSTATED
  /// Whether it is a special category of personal data (health, biometric, genetic, sexual orientation, religion, political views, union membership, criminal records), which needs stronger protection: it counts as personal data for the privacy rules, and a store holding it without access control and encryption at rest (PRV07), its collection on legitimate interests (PRV08), a client app loading third-party code that handles it (PRV10) and its unpseudonymised presence in prompts to a hosted model (AI05) are reported.
  isSpecialCategory:       bool           = false
  /// Whether direct identifiers are replaced by pseudonyms before it leaves the element that collects it, so it cannot be tied to a person without a separately kept key; pseudonymised personal data is not reported when shared with a third party (PRV01), linked in a store (PRV02), held without data-subject rights (PRV09), copied into many stores (PRV12) or sent to a hosted model as special-category data (AI05).
  isPseudonymized:         bool           = false
  /// The trust zones it may go to, such as `[DMZ, RESTRICTED]`; empty: any. A flow that carries it from an element in one of them to an element in none, where it leaves them, is reported (DS09).
  allowedZones:            [TrustLevel]   = []
  /// The flows whose `data` lists it.
  derived carriedBy:       [Dataflow]
  /// The elements at either end of a flow that carries it.
  derived processedBy:     [Element]
}
