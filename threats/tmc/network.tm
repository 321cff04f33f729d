// tmc's library: the network around the system: perimeter filtering (WAF),
// segmentation between trust zones, remote-administration protocols,
// egress filtering and server-side request forgery, and floods against the
// platform services (queues, identity providers, vaults) that DO01 and DO02
// do not target. None of these has a pytm counterpart: each reads the trust
// zones of the model (`zone`, `exposure`) with the flows that cross them.

/// The element filters web attacks: a gateway whose `role` is WAF or that says it `filtersAttacks`.
predicate filtersWebAttacks(e: Element) = e is Gateway and (e.role == WAF or e.filtersAttacks)

/// The asset runs on a cloud provider's infrastructure: its `cloud` is set, or pytm's `onAWS`.
predicate onCloud(a: Asset) = a.cloud != NONE or a.onAWS

/// The data is a lasting secret: classified SECRET or above, or credentials, unless they are short-lived or revoked automatically (`credentialsLife` SHORT or AUTO), which a thief can use only briefly.
predicate lastingSecret(d: Data) =
  (d.classification >= SECRET or d.isCredentials) and d.credentialsLife not in [SHORT, AUTO]

/// The asset receives or sends a lasting secret (`lastingSecret`): data classified SECRET or above, or long-lived credentials.
predicate handlesSecrets(a: Asset) =
  (any f in a.inputs: any d in f.data: lastingSecret(d))
  or (any f in a.outputs: any d in f.data: lastingSecret(d))

/// The asset handles data that needs protection (`isSensitive`): in its own `data` or on a flow into or out of it.
predicate handlesSensitiveData(a: Asset) =
  (any d in a.data: isSensitive(d))
  or (any f in a.inputs: carriesSensitiveData(f))
  or (any f in a.outputs: carriesSensitiveData(f))

/// The element is a datastore or a secrets vault: somewhere data or keys rest.
predicate keepsDataAtRest(e: Element) = e is Datastore or e is SecretsVault

threat NET01 "Internet-facing web endpoint without a web application firewall" {
  targets = [Server, Process, Lambda]
  stride = [Tampering, ElevationOfPrivilege]
  severity = Medium
  likelihood = High
  when = not filtersWebAttacks(target)
         and target.maxClassification != PUBLIC
         and (any f in target.inputs:
                f.source.zone == INTERNET and isWebFlow(f) and not carriesOnlyPublicData(f))
  details = """
    HTTP(S) requests from the INTERNET zone land on this element directly
    (carrying more than data declared PUBLIC, to an element not declared
    fit for public data only by its `maxClassification`), and it is not a gateway that filters web attacks (a `Gateway` whose
    `role` is WAF or that `filtersAttacks`). Every injection, traversal and
    scanner payload on the internet reaches the application code unfiltered,
    and a newly published vulnerability in it or its framework can be
    exploited before it is patched, with nothing in front to block the
    known exploit pattern.
    """
  prerequisites = "The attacker can send HTTP requests to the element from the internet."
  mitigations = """
    Put a web application firewall in front of internet-facing web
    endpoints (a cloud WAF, a CDN or API gateway with a managed rule set)
    and route the internet's flows through it: model it as a `Gateway` with
    `role = WAF`, or set `filtersAttacks` on the gateway that already does
    this. Keep the application's own input validation: a WAF only buys time.
    """
  example = "A deserialization flaw in the web framework is published on Monday; the WAF vendor's rule blocks the exploit the same day, but this server, reached directly, is compromised on Tuesday before the patch is rolled out."
  cwe = [693]
  references = ["https://cwe.mitre.org/data/definitions/693.html"]
}

threat NET02 "Internal element reached straight from the internet" {
  targets = [Dataflow]
  stride = [ElevationOfPrivilege, InformationDisclosure]
  severity = High
  likelihood = Medium
  when = target.source.zone == INTERNET
         and target.sink is Asset
         and target.sink.zone >= INTERNAL
         and not (target.sink is Gateway)
         and not (target.sink is Datastore)
         and not target.isResponse
         and not target.usesVPN
         and not target.controls.usesVPN
         and not networkRestricted(target.sink)
  details = """
    This flow goes from the INTERNET zone straight into an element placed in
    an INTERNAL or RESTRICTED zone, with no gateway in between, no VPN, and
    no network rule on the element limiting who may connect
    (`controls.restrictsNetworkAccess`). The zone says the element is
    shielded by the perimeter, but the model shows the perimeter has a hole:
    whatever is wrong with the element is exploitable from anywhere, and
    once taken it gives the attacker a foothold inside the internal network.
    (Datastores reached this way are reported by TB01.)
    """
  prerequisites = "The element's listening port is reachable from the internet."
  mitigations = """
    Route internet traffic through a gateway, load balancer or reverse
    proxy in a DMZ (model it as a `Gateway`), or reach the element only
    through a VPN (`usesVPN` on the flow). If the element really is meant to
    face the internet, move it to a DMZ boundary so its other threats are
    rated for that exposure; if only known addresses may connect, restrict
    it to them and set `controls.restrictsNetworkAccess` on the element.
    """
  example = "A partner's webhook calls the internal order service on a public IP address; a scanner finds its unauthenticated health endpoint, which dumps the environment including the database password."
  cwe = [668]
  references = ["https://cwe.mitre.org/data/definitions/668.html"]
}

threat NET03 "Restricted zone entered straight from a perimeter or partner zone" {
  targets = [Dataflow]
  stride = [ElevationOfPrivilege, InformationDisclosure]
  severity = High
  likelihood = Low
  when = target.source.zone > INTERNET
         and target.source.zone <= DMZ
         and target.sink.zone == RESTRICTED
         and not target.isResponse
  details = """
    An element in a DMZ or partner zone sends this flow directly into the
    RESTRICTED zone, skipping the internal zone between them. The perimeter
    is where attackers land first; a compromised DMZ host (a web server, a
    reverse proxy) then talks to the most protected systems directly, and
    the restricted zone's controls rest on one firewall rule instead of two
    layers.
    """
  prerequisites = "The attacker takes over the element in the DMZ or partner zone, or can send through it what it forwards."
  mitigations = """
    Segment in layers: let the DMZ reach only internal services, and let
    only those few, authenticated internal services reach the restricted
    zone (a card vault behind a tokenization service, an admin network
    behind a bastion). Model the intermediate service and route the flow
    through it.
    """
  example = "The reverse proxy in the DMZ connects straight to the card database in the PCI zone for a status page; after a proxy vulnerability is exploited, the attacker queries the cards directly."
  cwe = [653]
  references = ["https://cwe.mitre.org/data/definitions/653.html"]
}

threat NET04 "Secrets kept in the same network segment as an internet-facing element" {
  targets = [Dataflow]
  stride = [InformationDisclosure, ElevationOfPrivilege]
  severity = High
  likelihood = Low
  when = target.source.inBoundary != none
         and target.source.inBoundary == target.sink.inBoundary
         and keepsDataAtRest(target.sink)
         and internetFacing(target.source)
         and (any d in target.data: d.classification >= SECRET)
  details = """
    The element sending this flow is reached straight from the internet, and
    the store receiving it, which keeps data classified SECRET or above,
    sits in the same boundary. Elements of very different exposure and
    sensitivity share one network segment: when the internet-facing element
    is compromised, nothing on the network separates the attacker from the
    store, and only the store's own credentials, often found on the
    compromised host, stand in the way.
    """
  prerequisites = "The attacker compromises the internet-facing element."
  mitigations = """
    Put stores of secret data in their own, more trusted boundary (a
    RESTRICTED zone or a private subnet with its own security group) that
    accepts connections only from the services that need it, and keep the
    internet-facing element in a DMZ; then model the store in that boundary.
    """
  example = "The public web server and the payment-token database run in one subnet with an allow-all security group; a web shell on the server connects to the database port directly."
  cwe = [653]
  references = ["https://cwe.mitre.org/data/definitions/653.html"]
}

threat NET05 "Server-side request forgery" {
  targets = [Server, Process, Lambda]
  stride = [ElevationOfPrivilege, InformationDisclosure]
  severity = High
  likelihood = Medium
  when = target.fetchesURLs
         and not egressFiltered(target)
         and (any f in target.inputs: fromUntrustedSource(f))
  details = """
    The element fetches URLs or connects to hosts named in its input
    (`fetchesURLs`: webhooks, link previews, imports by URL), it takes input
    from people or from zones less trusted than INTERNAL, and its outbound
    connections are not limited to an allow-list
    (`controls.filtersEgress`). An attacker names an internal address
    instead: admin consoles, databases, cloud metadata services and other
    services that trust the internal network answer the element as if it
    were a legitimate caller, and the response may come back to the
    attacker.
    """
  prerequisites = "The attacker controls, fully or in part, a URL or host name the element connects to."
  mitigations = """
    Resolve and check the destination before connecting: allow only the
    schemes, hosts and ports the feature needs, refuse private, loopback and
    link-local addresses after DNS resolution and on every redirect, and
    send the requests through an egress proxy that enforces the same list.
    Then set `controls.filtersEgress`.
    """
  example = "A link-preview feature fetches `http://169.254.169.254/latest/meta-data/iam/security-credentials/` for an attacker's chat message and shows the cloud role's keys in the preview."
  cwe = [918]
  capec = [664]
  references = [
    "https://cwe.mitre.org/data/definitions/918.html",
    "https://capec.mitre.org/data/definitions/664.html",
  ]
}

threat NET06 "Cloud credentials stolen through the metadata service" {
  targets = [Server, Process, Lambda]
  stride = [ElevationOfPrivilege, InformationDisclosure]
  severity = VeryHigh
  likelihood = Medium
  when = target.fetchesURLs
         and onCloud(target)
         and not egressFiltered(target)
         and not target.controls.implementsPOLP
         and (any f in target.inputs: fromUntrustedSource(f))
  details = """
    The element fetches URLs named in untrusted input (`fetchesURLs`), runs
    in a cloud (`cloud` or `onAWS`), does not filter where it connects
    (`controls.filtersEgress`) and its cloud role is not cut down to what it
    needs (`controls.implementsPOLP`). A request forged to the instance
    metadata endpoint returns the temporary keys of the element's role; with
    a broad role they open the account's buckets, queues and databases from
    the attacker's own machine.
    """
  prerequisites = "The attacker controls a URL the element fetches, and the metadata service answers plain GET requests or the attacker can shape headers."
  mitigations = """
    Require session-based metadata access (IMDSv2 with a hop limit of 1 on
    AWS; the metadata header on GCP and Azure), block the metadata address
    in the egress filter (then set `controls.filtersEgress`), and give the
    element a role with only the actions and resources it uses (then set
    `controls.implementsPOLP`).
    """
  example = "An import-by-URL feature on an EC2 instance reads the role's credentials from the metadata service; the role can list and read every bucket, and 100 million customer records are copied."
  cwe = [918, 250]
  capec = [664]
  references = [
    "https://cwe.mitre.org/data/definitions/918.html",
    "https://cwe.mitre.org/data/definitions/250.html",
    "https://capec.mitre.org/data/definitions/664.html",
  ]
}

threat NET07 "Platform service flooded from an untrusted zone" {
  targets = [MessageQueue, IdentityProvider, SecretsVault]
  stride = [DenialOfService]
  severity = High
  likelihood = Medium
  when = target.exposure < INTERNAL
         and not target.controls.handlesResourceConsumption
         and not target.controls.isResilient
  details = """
    A zone less trusted than INTERNAL reaches this queue, identity provider
    or vault, and it neither limits what one caller may consume
    (`controls.handlesResourceConsumption`) nor absorbs surges
    (`controls.isResilient`). Everything else depends on it: a flood of
    messages, sign-in attempts or secret reads takes it down, and with it
    every service that needs a message, a token or a secret to work.
    """
  prerequisites = "The attacker can send requests to the service from the less trusted zone."
  mitigations = """
    Rate-limit and set quotas per client (messages per producer, sign-ins
    per account and address, reads per workload), then set
    `controls.handlesResourceConsumption`; run it redundantly behind
    protection that absorbs floods, then set `controls.isResilient`.
    """
  example = "A botnet sends 20,000 sign-in requests a second to the identity provider's login page; no user can sign in to any of the organisation's applications for an hour."
  cwe = [400, 770]
  capec = [125]
  references = [
    "https://cwe.mitre.org/data/definitions/400.html",
    "https://cwe.mitre.org/data/definitions/770.html",
    "https://capec.mitre.org/data/definitions/125.html",
  ]
}

threat NET08 "Secrets can be sent anywhere: no egress filtering" {
  targets = [Server, Process, Lambda]
  stride = [InformationDisclosure]
  severity = High
  likelihood = Low
  when = target.exposure <= DMZ
         and target.zone >= DMZ
         and handlesSecrets(target)
         and not egressFiltered(target)
  details = """
    The element sits in one of your zones (DMZ or more trusted) but is
    reached from a zone of DMZ trust or lower, it handles long-lived
    credentials or data classified SECRET or above, and it may open
    outbound connections to any host (`controls.filtersEgress` is not set).
    An attacker who gains code execution on it sends the secrets straight to
    a server of their own, downloads tools and keeps a command channel open;
    nothing on the network notices or stops it.
    """
  prerequisites = "The attacker runs code on the element or makes it connect where they choose."
  mitigations = """
    Deny outbound traffic by default and allow only the destinations the
    element needs (security groups, network policies or an egress proxy
    with an allow-list), and alert on denied connections. Then set
    `controls.filtersEgress`.
    """
  example = "After exploiting a template injection on the API server, the attacker posts the database credentials and a dump of the signing keys to a paste site over HTTPS."
  cwe = [200]
  references = ["https://cwe.mitre.org/data/definitions/200.html"]
}

threat NET09 "Remote administration protocol open to the internet" {
  targets = [Dataflow]
  stride = [Spoofing, ElevationOfPrivilege]
  severity = High
  likelihood = High
  when = target.source.zone == INTERNET
         and target.protocol in ["SSH", "RDP", "VNC", "Telnet", "SMB", "FTP", "WinRM"]
         and not target.usesVPN
         and not target.controls.usesVPN
         and not networkRestricted(target.sink)
  details = """
    This flow reaches its sink from the INTERNET zone over a remote
    administration or file-sharing protocol, without a VPN and without the
    sink limiting who may connect (`controls.restrictsNetworkAccess`). Such
    ports are scanned continuously: password spraying, stolen keys and
    exploits for the protocol's server (BlueKeep, the SMB worms) reach the
    host's most powerful interface from anywhere.
    """
  prerequisites = "The sink's administration port is reachable from the internet."
  mitigations = """
    Close the port to the internet: administer through a VPN, a bastion
    host or an identity-aware proxy (then mark the flow `usesVPN`), or, at
    the least, allow only fixed source addresses and require keys or MFA
    (then set `controls.restrictsNetworkAccess` on the sink).
    """
  example = "An RDP port left open on a build server is found by a scanner; a sprayed password gives the attacker an interactive session, and ransomware follows."
  cwe = [284]
  capec = [555]
  references = [
    "https://cwe.mitre.org/data/definitions/284.html",
    "https://capec.mitre.org/data/definitions/555.html",
  ]
}

threat NET10 "Perimeter zone without narrow firewall rules" {
  targets = [Boundary]
  stride = [ElevationOfPrivilege, InformationDisclosure]
  severity = Medium
  likelihood = Medium
  when = target.zone == DMZ and not networkRestricted(target)
  details = """
    This boundary is a perimeter zone (DMZ trust) and does not say that its
    firewall or security-group rules are limited to the sources and ports
    each element needs (`controls.restrictsNetworkAccess`). Rules such as
    "any to any" or "0.0.0.0/0 on all ports", added for a test and never
    removed, expose management ports and internal services of every host
    in the zone, and let a compromised host reach its neighbours.
    """
  prerequisites = "Some rule of the zone admits more sources or ports than its elements need."
  mitigations = """
    Allow only the listener ports of the zone's public services from the
    internet, only the needed ports from the zone to internal services, and
    nothing between hosts that do not talk; review the rules regularly and
    alert on broad ones. Then set `controls.restrictsNetworkAccess` on the
    boundary.
    """
  example = "A security group in the public subnets allows all ports from 0.0.0.0/0 since a load test; the Redis instance of a jump host in the same group is found and used to write an SSH key."
  cwe = [284]
  references = ["https://cwe.mitre.org/data/definitions/284.html"]
}
