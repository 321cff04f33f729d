// tmc's library: path threats (issue #25). Each is about a route through
// the flows, not one element: it is reported on the element at the end of
// the route (what an attacker wants), names the route in its finding,
// elements in order, and the hop that makes it a threat (`path`, see
// docs/rules.md "Path threats"). The route starts in the target's
// `reachableFrom` zone; the conditions ask for the internet, and for a
// target whose `exposure` is INTERNAL or more trusted: only internal
// elements send to it directly. A target an untrusted zone sends to
// directly is the business of the one-hop threats (TB01, CFG03, NET02),
// which would report the same missing authentication.

/// The asset keeps or receives data classified RESTRICTED or above: its own `data`, or the data of a request flow into it.
predicate holdsRestrictedData(a: Asset) =
  (any d in a.data: d.classification >= RESTRICTED)
  or (any f in a.inputs: not f.isResponse and (any d in f.data: d.classification >= RESTRICTED))

threat PTH01 "Restricted data reached from the internet through an unauthenticated hop" {
  targets = [Datastore]
  stride = [InformationDisclosure, Tampering, ElevationOfPrivilege]
  severity = High
  likelihood = Medium
  path = UnauthenticatedHop
  when = target.reachableFrom == INTERNET
         and target.exposure >= INTERNAL
         and holdsRestrictedData(target)
  details = """
    A datastore that keeps restricted data, and that only internal elements
    send to, can still be reached from the internet through a chain of
    flows, and one of the hops on the way accepts its caller without
    authenticating it. Whoever gets as far as that hop, by taking over the
    element before it or by sending requests in its place, is passed on
    towards the data without showing who they are: the chain is only as
    strong as that hop. The finding names the shortest such route and the
    hop.
    """
  prerequisites = "The attacker reaches the start of the route from the internet and can control or impersonate the element before the unauthenticated hop."
  mitigations = """
    Authenticate every hop that leads towards restricted data, not only the
    first one: mutual TLS or signed service tokens between services, and
    database accounts per service (then set `controls.authenticatesSource`
    on the receiving element or the flow). Where a hop cannot authenticate,
    cut the route: put the data behind a service that does.
    """
  example = "Customers reach the web tier, which calls an internal order service that trusts any caller on the network; an attacker who takes over the web tier calls the order service directly and reads every stored card."
  capec = [115]
  cwe = [306]
  references = [
    "https://capec.mitre.org/data/definitions/115.html",
    "https://cwe.mitre.org/data/definitions/306.html",
  ]
}

threat PTH02 "Admin interface reached from the internet through an unauthenticated hop" {
  targets = [Asset]
  stride = [ElevationOfPrivilege, Spoofing]
  severity = High
  likelihood = Medium
  path = UnauthenticatedHop
  when = target.exposesAdminInterface
         and target.reachableFrom == INTERNET
         and target.exposure >= INTERNAL
  details = """
    An element that serves a management console or admin API can be reached
    from the internet through a chain of flows, and one hop on the way does
    not authenticate its caller. The admin interface is not exposed directly,
    so a one-hop check calls it internal, but the route is open: an attacker
    who gets to the start of the unauthenticated hop can send administrative
    requests onward. The finding names the shortest such route and the hop.
    """
  prerequisites = "The attacker reaches the start of the route from the internet and can send requests through the unauthenticated hop."
  mitigations = """
    Serve administration on a separate interface reached only from an
    administration network or through an identity-aware proxy, and
    authenticate every hop that leads to it (then set
    `controls.authenticatesSource`, or `controls.restrictsNetworkAccess`
    where only known addresses get through).
    """
  example = "A public API gateway forwards every path to an internal service, whose `/admin` endpoints trust the gateway's network; a crafted path reaches them from the internet."
  capec = [115, 122]
  cwe = [306]
  references = [
    "https://capec.mitre.org/data/definitions/122.html",
    "https://cwe.mitre.org/data/definitions/306.html",
  ]
}
