// What a threat rule is made of, and the named conditions (predicates) that
// the threat library and users' own rules can call. A rule is written
//
//     threat ID "Title" { targets = [Server] severity = High when = ... }
//
// and its fields other than `when` are checked against `record Threat`
// below. See docs/rules.md for the condition language.

/// A threat rule: the element kinds it applies to, the condition (`when = ...`) under which it is reported, and its texts.
record Threat {
  /// The element kinds it is checked against, such as `[Server, Process]`; kinds that inherit from them are included.
  targets:       [Kind]
  /// How much harm the threat does when it succeeds.
  severity:      Severity
  /// How likely it is to be attempted and to succeed; leave it out when unknown.
  likelihood:    Likelihood?
  /// CAPEC attack pattern ids it corresponds to, such as `[10]`.
  capec:         [int]    = []
  /// CWE weakness ids it exploits, such as `[120]`.
  cwe:           [int]    = []
  /// How the attack works, in a few sentences.
  details:       string   = ""
  /// What must be true of the system for the attack to be possible.
  prerequisites: string   = ""
  /// How to prevent or limit the attack.
  mitigations:   string   = ""
  /// A concrete example of the attack.
  example:       string   = ""
  /// Links to further reading, such as the CAPEC and CWE entries.
  references:    [string] = []
  /// Why the threat is retired, if it is: a deprecated threat is listed and checked but never reported.
  deprecated:    string   = ""
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
