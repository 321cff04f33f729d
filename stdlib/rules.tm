// What a threat rule is made of, and the named conditions (predicates) that
// the threat library and users' own rules can call. A rule is written
//
//     threat ID "Title" { targets = [Server] severity = High when = ... }
//
// and its fields other than `when` are checked against `record Threat`
// below. See docs/rules.md for the condition language.

/// A threat rule: the element kinds it applies to, the condition (`when = ...`) under which it is reported, and its texts. A threat written by hand for particular elements names them in `on` instead of `targets` and `when`.
record Threat {
  /// The element kinds it is checked against, such as `[Server, Process]`; kinds that inherit from them are included. Required unless `on` is given.
  targets:       [Kind]    = []
  /// The elements, boundaries or flows a hand-written threat is reported on, such as `[checkout, refunds]`: it applies to exactly these, with its severity and likelihood as written (not moved by exposure), and takes no `targets` or `when`.
  on:            [Element] = []
  /// How much harm the threat does when it succeeds.
  severity:      Severity
  /// How likely it is to be attempted and to succeed; leave it out when unknown.
  likelihood:    Likelihood?
  /// CAPEC attack pattern ids it corresponds to, such as `[10]`.
  capec:         [int]     = []
  /// CWE weakness ids it exploits, such as `[120]`.
  cwe:           [int]     = []
  /// How the attack works, in a few sentences.
  details:       string    = ""
  /// What must be true of the system for the attack to be possible.
  prerequisites: string    = ""
  /// How to prevent or limit the attack.
  mitigations:   string    = ""
  /// A concrete example of the attack.
  example:       string    = ""
  /// Links to further reading, such as the CAPEC and CWE entries.
  references:    [string]  = []
  /// Why the threat is retired, if it is: a deprecated threat is listed and checked but never reported.
  deprecated:    string    = ""
  /// Its STRIDE categories: which security property the attack breaks.
  stride:        [Stride]  = []
  /// Its LINDDUN categories, for threats to the privacy of the people whose data the system handles.
  linddun:       [Linddun] = []
  /// The route through the flows its finding names, for a threat about a path rather than one element (see `ThreatPath`): the threat is reported on an element only where such a route exists, and each finding carries it, elements in order and its weakest hop.
  path:          ThreatPath?
}

/// Which route a path threat's finding names: always a route of request flows from an element of the target's `reachableFrom` zone (the least trusted zone that reaches it) to the target, the shortest one of its kind.
enum ThreatPath {
  /// The shortest route; its weakest hop is the first that lacks the most of encryption and authentication.
  Exposure
  /// The shortest route with a hop past the first that does not authenticate its source (neither the flow nor its sink has `controls.authenticatesSource`); that hop is the weakest. The first hop, from where the attacker stands, is left to the one-hop threats: a public site takes anonymous visitors by design.
  UnauthenticatedHop
  /// The shortest route with a hop that crosses a boundary unencrypted (`encryptedInTransit` does not hold for it); that hop is the weakest.
  UnencryptedCrossing
  /// For a threat on flows: the lineage of a data item the flow carries out of its `allowedZones`, the first by id: the shortest chain of flows carrying it (replies too) from where it enters the model (an element no flow carries it to) to the flow, which is the weakest hop. It starts in that element's zone.
  DataLineage
}

/// The STRIDE categories of security threats, each the violation of one property.
enum Stride {
  /// Pretending to be someone or something else (breaks authenticity).
  Spoofing
  /// Changing data, code or messages without the right to (breaks integrity).
  Tampering
  /// Doing something and then denying it, with no record to prove otherwise (breaks non-repudiation).
  Repudiation
  /// Reading data one is not allowed to see (breaks confidentiality).
  InformationDisclosure
  /// Making a service slow or unavailable to its users (breaks availability).
  DenialOfService
  /// Gaining rights one was not given (breaks authorization).
  ElevationOfPrivilege
}

/// The LINDDUN categories of privacy threats to the people whose data a system handles.
enum Linddun {
  /// Linking: joining data items or actions so they are known to concern the same person.
  Linking
  /// Identifying: learning who a person is from data that was meant not to tell.
  Identifying
  /// Non-repudiation: a person cannot deny a claim or action when they should be able to.
  NonRepudiation
  /// Detecting: inferring that a person is involved from the mere existence of data or traffic.
  Detecting
  /// Data disclosure: collecting, storing, sharing or processing more personal data than needed.
  DataDisclosure
  /// Unawareness and unintervenability: people do not know, or cannot control, what is done with their data.
  Unawareness
  /// Non-compliance: processing that breaks privacy law, policy or the consent given.
  NonCompliance
}

/// The flow carries data classified above what its source, its sink or the flow itself may handle (their `maxClassification`).
predicate hasDataLeaks(f: Dataflow) =
  any d in f.data:
    d.classification > f.source.maxClassification
    or d.classification > f.sink.maxClassification
    or d.classification > f.maxClassification

/// Some flow into the asset is protected by an older TLS version than the asset's `minTLSVersion`.
predicate receivesOutdatedTLS(a: Asset) = any f in a.inputs: f.tlsVersion < a.minTLSVersion

/// The element sits directly in the boundary (not in a boundary nested inside it).
predicate inside(e: Element, b: Boundary) = e.inBoundary == b

/// The flow goes from inside the boundary to outside it, or the other way.
predicate crosses(f: Dataflow, b: Boundary) =
  f.source.inBoundary != f.sink.inBoundary and (inside(f.source, b) != inside(f.sink, b))

/// The flow starts outside every boundary and ends inside the boundary.
predicate enters(f: Dataflow, b: Boundary) = f.source.inBoundary == none and inside(f.sink, b)

/// The flow starts inside the boundary and ends outside every boundary.
predicate exits(f: Dataflow, b: Boundary) = inside(f.source, b) and f.sink.inBoundary == none

/// The flow's ends sit in different boundaries (or one in a boundary and the other in none).
predicate crossesAnyBoundary(f: Dataflow) = f.source.inBoundary != f.sink.inBoundary

/// The flow is protected in transit: its `controls.isEncrypted` is set, it uses TLS 1.2 or later, its sink accepts nothing older than TLS 1.2 (`minTLSVersion`), or it runs through a VPN (its `usesVPN` or `controls.usesVPN`, or its source's `controls.usesVPN`).
predicate encryptedInTransit(f: Dataflow) =
  f.controls.isEncrypted
  or f.tlsVersion >= TLSv12
  or f.sink.minTLSVersion >= TLSv12
  or f.usesVPN
  or f.controls.usesVPN
  or f.source.controls.usesVPN

/// The flow goes from a less trusted zone into a more trusted one (`zone` of its ends, see `TrustLevel`).
predicate entersMoreTrustedZone(f: Dataflow) = f.source.zone < f.sink.zone

/// The flow goes from a more trusted zone out to a less trusted one.
predicate leavesItsZone(f: Dataflow) = f.source.zone > f.sink.zone

/// The data needs protection: classified SENSITIVE or above, personal data (special categories included) or credentials.
predicate isSensitive(d: Data) =
  d.classification >= SENSITIVE or d.isPII or d.isSpecialCategory or d.isCredentials

/// The flow carries data that needs protection (`isSensitive`).
predicate carriesSensitiveData(f: Dataflow) = any d in f.data: isSensitive(d)

/// The element can be reached in one step from the internet: its `exposure` is INTERNET.
predicate internetFacing(e: Element) = e.exposure == INTERNET

/// The datastore is queried with SQL: its `isSQL`, which follows `type` once a type is set (`type = SQL`), and is true by default with the type left UNKNOWN.
predicate isSQLStore(d: Datastore) = d.isSQL

/// The flow comes from a party the system cannot vouch for: a person (an `Actor`), or an element in a zone less trusted than INTERNAL.
predicate fromUntrustedSource(f: Dataflow) = f.source is Actor or f.source.zone < INTERNAL

/// The flow travels over a network you do not control: one of its ends sits in the INTERNET or PARTNER zone.
predicate overUntrustedNetwork(f: Dataflow) = f.zone <= PARTNER

/// The element declares the most sensitive data it may handle (`maxClassification` above UNKNOWN) and the data is classified above it.
predicate exceedsClearance(d: Data, e: Element) =
  e.maxClassification > UNKNOWN and d.classification > e.maxClassification

/// The element lets out only the connections it needs: its own `controls.filtersEgress`, or that of the boundary it sits in or of the boundary around that one.
predicate egressFiltered(e: Element) =
  e.controls.filtersEgress
  or (any b in e.inBoundary:
        b.controls.filtersEgress or (any p in b.inBoundary: p.controls.filtersEgress))

/// The element accepts connections only from the sources and ports it needs: its own `controls.restrictsNetworkAccess`, or that of the boundary it sits in or of the boundary around that one.
predicate networkRestricted(e: Element) =
  e.controls.restrictsNetworkAccess
  or (any b in e.inBoundary:
        b.controls.restrictsNetworkAccess
        or (any p in b.inBoundary: p.controls.restrictsNetworkAccess))
