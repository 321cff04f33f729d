// tmc's library: the platform: denial of service, path traversal, reverse
// engineering and exposed APIs.
//
// Denial of service is raised where the internet reaches the element, API
// abuse where an element implements an API that callers outside the
// internal network reach, path traversal where file paths are in play and
// reverse engineering where an outside party holds the code or the
// hardware. pytm's XML blow-ups (INP19, INP22, DO03, DO04, DO05) are INP19
// (in input.tm) and DO04 here; API02 is folded into LB01 and HA02 into
// HA04; HA03 (fingerprinting, raised on every server) is not declared.

threat LB01 "API abuse through unchecked requests" refines pytm.LB01 {
  targets = [Process, Lambda]
  stride = [Tampering, ElevationOfPrivilege]
  severity = Medium
  likelihood = Medium
  when = target.implementsAPI and target.exposure <= DMZ and not target.controls.validatesInput
  capec = [113, 160]
  cwe = [20, 227]
  details = """
    The element implements an API that callers outside the internal network
    reach, and it does not check requests against what each operation
    expects. Callers can then send what the official client never would:
    operations out of order, extra or missing parameters, wrong types, huge
    values, ids of other users' objects. Each of these can run a path the
    designers did not test, return data the caller may not see, or carry an
    injection on to the components behind the API.
    """
  prerequisites = """
    The element implements an API (`implementsAPI`), is reached from a zone
    of DMZ trust or lower, and accepts requests without checking them
    against a schema.
    """
  mitigations = """
    Describe every operation with a schema (types, lengths, formats, allowed
    values) and reject requests that do not match it, then set
    `controls.validatesInput = true`. Check on every operation that the
    caller may act on the objects it names, and rate-limit each client.
    """
  example = """
    A mobile backend's order search accepts an undocumented `customerId`
    parameter left over from an admin screen; adding it to a normal request
    returns another customer's orders.
    """
  references = [
    "https://capec.mitre.org/data/definitions/113.html",
    "https://cwe.mitre.org/data/definitions/20.html",
  ]
}

threat API01 refines pytm.API01 {
  stride = [ElevationOfPrivilege, InformationDisclosure]
  when = target.implementsAPI and target.exposure <= DMZ
  prerequisites = """
    The element implements an API reached from a zone of DMZ trust or lower,
    and test, sample or debug operations are still enabled in what is
    deployed.
    """
}

threat DO01 "Flooding" refines pytm.DO01 {
  targets = [Server, Process, Lambda]
  stride = [DenialOfService]
  severity = Medium
  likelihood = High
  when = internetFacing(target)
         and not target.controls.handlesResourceConsumption
         and not target.controls.isResilient
  details = """
    The internet reaches the element directly, and nothing limits how many
    requests or connections one client may send, nor absorbs a surge. An
    attacker, or a botnet, sends more than the element can serve: its
    workers, connections and bandwidth are used up and real users time out.
    """
  prerequisites = """
    The element is internet-facing (its `exposure` is INTERNET), has no rate
    limits or quotas, and no redundancy or upstream protection that absorbs
    floods.
    """
  mitigations = """
    Limit requests and connections per client, token and address, and cap
    queues, then set `controls.handlesResourceConsumption = true`; or put the
    element behind a CDN or DDoS protection service and run several instances
    with autoscaling, then set `controls.isResilient = true`.
    """
  example = """
    A single-instance login service without rate limits gets 50,000 requests a
    second from a botnet; real users cannot log in for an hour.
    """
}

threat DO02 "Resource exhaustion by costly requests" refines pytm.DO02 {
  targets = [Server, Process, Lambda, Datastore]
  stride = [DenialOfService]
  severity = Medium
  likelihood = Medium
  when = target.handlesResources
         and target.exposure <= DMZ
         and not target.controls.handlesResourceConsumption
  details = """
    The element allocates memory, disk, connections or CPU time for its
    callers (`handlesResources`), and requests reach it from outside the
    internal network. A few requests shaped to make it allocate far more than
    usual (a huge declared size, a page size of a million, a zip bomb, a
    costly regular expression or query) take the resources that other users
    need, and the element slows down or crashes.
    """
  prerequisites = """
    The element handles resources for its callers, is reached from a zone of
    DMZ trust or lower, and does not bound what one request or caller may
    use.
    """
  mitigations = """
    Bound request size, element counts, page sizes, decompressed size, query
    cost and processing time, check declared sizes against a maximum before
    allocating, enforce per-caller quotas, and set
    `controls.handlesResourceConsumption = true`.
    """
  example = """
    An upload service trusts the size in an image header; a 1 KB file that
    claims 100,000 by 100,000 pixels makes it allocate 40 GB and crash.
    """
}

threat DO04 "XML entity expansion" refines pytm.DO04 {
  targets = [Server, Process, Lambda]
  stride = [DenialOfService]
  severity = Medium
  likelihood = Medium
  when = parsesXML(target) and not target.controls.disablesDTD
  capec = [197]
  cwe = [776, 400]
  details = """
    The element parses XML with DTDs enabled. A document of a few kilobytes
    can declare entities that each expand into many copies of the one before
    ("billion laughs"), or nest elements and attributes without limit; the
    parser then uses gigabytes of memory or minutes of CPU and the element
    stops answering.
    """
  prerequisites = """
    The element parses XML (a server with `usesXMLParser`, or data of
    `format` "XML" flowing into it) with DTD processing on and no expansion
    limits.
    """
  mitigations = """
    Turn off DTD processing in the parser and set
    `controls.disablesDTD = true`; also limit document size, nesting depth
    and parsing time.
    """
  example = """
    A SOAP endpoint receives a 2 KB message with ten levels of entities, each
    ten times the one below, and runs out of memory expanding it.
    """
  references = [
    "https://capec.mitre.org/data/definitions/197.html",
    "https://cwe.mitre.org/data/definitions/776.html",
  ]
}

threat HA01 "Path traversal" refines pytm.HA01 {
  targets = [Server, Process, Lambda]
  stride = [InformationDisclosure, Tampering]
  severity = High
  likelihood = Medium
  when = count(target.inputs) > 0
         and usesStoreOfType(target, FILE_SYSTEM)
         and not target.controls.validatesInput
         and not target.controls.sanitizesInput
  details = """
    The element receives requests and works with files (it uses a datastore of
    `type = FILE_SYSTEM`). If it builds a file path from a name in the
    request, `../` sequences, absolute paths or their encoded forms lead
    outside the intended folder, to configuration, keys and source code, or
    overwrite files when it writes.
    """
  prerequisites = """
    The element reads or writes files in a file-system store, and part of the
    path comes from input it neither validates nor sanitises.
    """
  mitigations = """
    Map requests to files through ids or an allow-list rather than names.
    Where a name must be accepted, resolve the full path and check that it
    stays under the base folder, reject separators and `..`, then set
    `controls.validatesInput = true` (or `controls.sanitizesInput = true`).
    Let the element's account reach only its own folder.
    """
  example = """
    A download handler appends the `file` parameter to its storage folder;
    `../../etc/passwd` returns the host's account list.
    """
}

threat HA04 "Reverse engineering of code in others' hands" refines pytm.HA04 {
  targets = [ExternalEntity, Process]
  stride = [InformationDisclosure]
  severity = Medium
  likelihood = Medium
  when = (target is ExternalEntity and target.hasPhysicalAccess)
         or (target is Process and target.zone == INTERNET)
  capec = [188, 167]
  details = """
    Whoever holds the code or the hardware can take it apart: decompile the
    app, dump the firmware, read the client's script, watch its traffic. A
    process in the INTERNET zone runs outside your boundaries, on devices
    other people own (a mobile or desktop app, a browser client), and an
    external entity with `hasPhysicalAccess` can reach the hardware. Keys,
    hidden endpoints and checks that live there become known, and may be
    used against every other installation.
    """
  prerequisites = """
    An outside party holds the code or the device: an external entity with
    physical access, or a process that runs in the INTERNET zone.
    """
  mitigations = """
    Keep secrets and security decisions on the server; give every device or
    installation its own credentials, so that what one reveals does not open
    the others; keep device keys in a secure element; remove debug ports and
    symbols before shipping. Obfuscation slows the work down but does not
    stop it.
    """
  example = """
    A mobile app carries the API key of a mapping service; someone unpacks it
    and uses the key for their own traffic, billed to the app's owner.
    """
}
