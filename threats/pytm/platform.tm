// Platform threats: denial of service (DO), hardening and reconnaissance (HA),
// script and client-side attacks (SC), API abuse (API, LB), translated from
// pytm 1.4's threat library, in pytm's order.

threat SC01 "JSON Hijacking (aka JavaScript Hijacking)" {
  targets = [Process]
  severity = High
  likelihood = High
  when = not target.controls.implementsNonce and (any d in target.data: d.format == "JSON")
  capec = [111]
  cwe = [345, 346, 352]
  details = """
    A page on another site can load one of this process's JSON endpoints with a
    `<script src>` tag, and the browser attaches the victim's cookies, so the
    response holds the victim's own data. The same-origin policy stops that page
    from reading the response as text, but if the JSON is also valid JavaScript,
    such as a top-level array, the page can first redefine constructors or
    property setters and watch the values as the script builds them. The hostile
    page then forwards what it captured to a server the attacker runs. The process
    is exposed because it returns JSON and does not demand a per-session secret
    that a page on another origin cannot supply.
    """
  prerequisites = """
    The process returns JSON to browsers, authenticates those requests with
    credentials the browser sends automatically, such as cookies, and accepts
    requests that carry no secret unknown to third-party pages.
    """
  mitigations = """
    Require an unpredictable per-session value (a nonce or anti-CSRF token) in a
    custom header or the request body of every JSON request, reject requests
    without it, and set `controls.implementsNonce = true` once this is enforced.
    Serve sensitive JSON only to requests a plain script tag cannot make, such as
    POST requests or requests with a required custom header. Return an object at
    the top level instead of a bare array, or start responses with a
    non-executable prefix that your own client removes before parsing. Send
    `Content-Type: application/json` with `X-Content-Type-Options: nosniff` and
    mark session cookies SameSite. Leave out of JSON responses any sensitive
    field the client does not need.
    """
  example = """
    A webmail front end returns the user's address book as a JSON array at a
    fixed URL, protected only by the session cookie. A phishing page overrides
    the Array constructor and then includes that URL as a script, so every
    logged-in user who opens it has their contacts copied to the attacker.
    """
  references = [
    "https://capec.mitre.org/data/definitions/111.html",
    "https://cwe.mitre.org/data/definitions/345.html",
    "https://cwe.mitre.org/data/definitions/346.html",
    "https://cwe.mitre.org/data/definitions/352.html",
  ]
}

threat LB01 "API Manipulation" {
  targets = [Process, Lambda]
  severity = Medium
  likelihood = Medium
  when = target.implementsAPI
         and (not target.controls.validatesInput or not target.controls.sanitizesInput)
  capec = [113]
  cwe = [227]
  details = """
    The attacker calls the component's API in ways its designers did not plan
    for: operations in an unexpected order, odd combinations of parameters,
    undocumented or leftover operations, or arguments full of metacharacters and
    alternative encodings. An API that assumes its callers send sensible requests
    may then run functions or return data the caller has no right to, or pass
    injection payloads (SQL, script, shell commands) on to the components behind
    it. The threat applies because this component exposes an API and does not
    both validate and sanitize what callers send to it.
    """
  prerequisites = """
    The attacker can reach the API and learn its operations and parameters, from
    documentation, client code or observed traffic.
    """
  mitigations = """
    Define a schema for every operation (types, lengths, formats, allowed values)
    and reject requests that do not match it; set
    `controls.validatesInput = true` once this is enforced. Neutralise or encode
    input before it reaches an interpreter such as a SQL engine, shell or template
    engine, and then set `controls.sanitizesInput = true`. Authenticate every
    caller and check authorization for each operation and each object, not only
    at the gateway. Remove operations that are not meant for production, rate
    limit each client, and serve the API only over TLS.
    """
  example = """
    A mobile app's backend offers an order search that takes a status filter. By
    replaying the app's requests, an attacker adds a quote-based SQL fragment to
    the filter and an undocumented customer id parameter, and gets back the
    orders of every customer.
    """
  references = [
    "https://capec.mitre.org/data/definitions/113.html",
    "https://cwe.mitre.org/data/definitions/227.html",
  ]
}

threat API01 "Exploit Test APIs" {
  targets = [Process, Lambda]
  severity = High
  likelihood = Low
  when = target.implementsAPI
  capec = [121]
  cwe = [489]
  details = """
    Builds used in development often carry extra endpoints: debug consoles,
    sample handlers, diagnostic routes that print configuration, or shortcuts
    that skip authentication to make testing easier. If they reach production,
    an attacker who finds them gets functions that were never reviewed or
    secured, and often detailed diagnostics such as stack traces, environment
    variables and internal host names that help plan the next step. The model
    cannot tell test operations from real ones, so this threat is raised for
    every component that implements an API as a prompt to check.
    """
  prerequisites = """
    Test, sample or debug operations are still enabled in the deployed component
    and the attacker can reach them.
    """
  mitigations = """
    Keep test and debug endpoints in build profiles or modules that are left out
    of production artifacts. Add a release check that lists the routes the
    service exposes and fails on any that are not on an approved list. Turn off
    framework debug modes and remove sample applications from production
    configuration. When a diagnostic endpoint really is needed in production,
    require strong authentication for it and make it reachable only from an
    internal network. Scan production regularly for well-known debug paths.
    """
  example = """
    A service goes live with its framework's environment-dump and profiling
    routes still enabled. An attacker requests them and reads the database
    connection string and cloud access keys from the process environment.
    """
  references = [
    "https://capec.mitre.org/data/definitions/121.html",
    "https://cwe.mitre.org/data/definitions/489.html",
  ]
}

threat DO01 "Flooding" {
  targets = [Process, Server]
  severity = Medium
  likelihood = High
  when = not target.controls.handlesResourceConsumption or not target.controls.isResilient
  capec = [125]
  cwe = [404, 770]
  details = """
    The attacker sends requests, connections or packets faster than the component
    can deal with them, so its queues, worker pools, sockets and bandwidth fill
    up and legitimate users are refused or time out. Unlike attacks built on one
    expensive request, flooding works through sheer volume, and is often spread
    over many sources to get around limits per address. The more traffic the
    attacker can generate per second, the more likely the service is to fail.
    The component is exposed when it does not limit what each client may consume
    or lacks the capacity and redundancy to absorb a surge.
    """
  prerequisites = """
    The attacker can send traffic to the component, directly or through many
    compromised machines, at a higher rate than it can serve.
    """
  mitigations = """
    Apply rate limits and quotas per client, per token and per source address,
    and cap concurrent connections and queue lengths; set
    `controls.handlesResourceConsumption = true` once these limits are enforced.
    Place the component behind a load balancer, CDN or DDoS protection service
    that can soak up and filter high-volume traffic. Run several instances with
    health checks and autoscaling so that losing one does not stop the service,
    and then set `controls.isResilient = true`. Close idle and very slow
    connections after a timeout. Watch request rates and alert on sudden jumps.
    """
  example = """
    A public login endpoint runs as a single instance with no rate limit. A
    botnet sends it tens of thousands of requests per second, all worker
    threads stay busy, and real users can no longer sign in.
    """
  references = [
    "https://capec.mitre.org/data/definitions/125.html",
    "https://cwe.mitre.org/data/definitions/404.html",
    "https://cwe.mitre.org/data/definitions/770.html",
  ]
}

threat HA01 "Path Traversal" {
  targets = [Server]
  severity = VeryHigh
  likelihood = High
  when = not target.controls.validatesInput and not target.controls.sanitizesInput
  capec = [126]
  cwe = [22]
  details = """
    The server builds a file system path from a value the client controls, such
    as a file name in a URL or a form field. By inserting `../` sequences, an
    absolute path, or encoded forms such as `%2e%2e%2f`, the attacker makes that
    path point outside the directory the server meant to use. The server then
    reads, and sometimes writes, files it was never meant to expose, such as
    configuration, credentials, source code or operating system files. The
    threat applies because the server neither validates nor sanitizes its input.
    """
  prerequisites = """
    Part of a path the server opens comes from client input, and the server does
    not restrict or clean that part.
    """
  mitigations = """
    Do not put client input in file paths; map requests to files through ids or
    an allow-list instead. If a file name must be accepted, canonicalise the
    final path and check that it is still under the intended base directory
    before opening it. Reject names containing path separators, `..`, null bytes
    or unusual encodings, and set `controls.validatesInput = true` (or
    `controls.sanitizesInput = true`) once such checks are in place. Run the
    server under an account that can only read the files it is supposed to
    serve, or confine it in a chroot or container. Monitor access to sensitive
    files so that a successful traversal is noticed.
    """
  example = """
    A download handler appends the `file` query parameter to its storage
    directory. Asking for a file name of several `../` steps followed by
    `etc/passwd` returns the host's list of system accounts.
    """
  references = [
    "https://capec.mitre.org/data/definitions/126.html",
    "https://cwe.mitre.org/data/definitions/22.html",
  ]
}

threat DO02 "Excessive Allocation" {
  targets = [Process, Server, Datastore, Lambda]
  severity = Medium
  likelihood = Medium
  when = not target.controls.handlesResourceConsumption
  capec = [130]
  cwe = [770, 404]
  details = """
    Rather than sending many requests, the attacker sends one or a few requests
    shaped so that the component reserves far more memory, CPU time, disk or
    connections than a normal request would need. Common triggers are size or
    count fields the component trusts when allocating, small compressed inputs
    that expand enormously, unbounded result sets, and costly regular
    expressions or queries. While the component serves these requests, less is
    left for everyone else, and it may slow down or crash. The threat applies
    because the component does not limit how much a single request or caller
    can claim.
    """
  prerequisites = """
    The attacker can send requests to the component and influence how much it
    allocates for them, for example through a length field, a page size or a
    compressed payload.
    """
  mitigations = """
    Set upper limits on request size, element counts, page sizes, decompressed
    size, query cost and processing time, and reject requests that exceed them
    before allocating anything; then set
    `controls.handlesResourceConsumption = true`. Never allocate according to a
    size the client declares without first comparing it with a maximum. Enforce
    memory and CPU quotas per request through the runtime, container limits or
    database statement timeouts. For serverless functions, configure concurrency
    and timeout limits. Include oversized and pathological inputs in tests.
    """
  example = """
    An image service reads the dimensions from an uploaded file's header and
    allocates a pixel buffer to match. A one-kilobyte file claiming to be
    100,000 by 100,000 pixels makes it try to reserve tens of gigabytes, and the
    service crashes.
    """
  references = [
    "https://capec.mitre.org/data/definitions/130.html",
    "https://cwe.mitre.org/data/definitions/770.html",
    "https://cwe.mitre.org/data/definitions/404.html",
  ]
}

threat DO03 "XML Ping of the Death" {
  targets = [Dataflow]
  severity = Medium
  likelihood = Low
  when = any d in target.data: d.format == "XML"
  capec = [147]
  cwe = [400, 770]
  details = """
    The attacker sends a fast stream of small XML messages, such as SOAP calls,
    over this flow. Each message is cheap to produce but costly to receive,
    because the receiver has to parse it, often validate it against a schema,
    and frequently pass it on to further services. The result is a flood that
    wears the receiver down faster than plain requests of the same size would.
    What the messages say hardly matters; it is enough that each one causes XML
    processing.
    """
  prerequisites = """
    The flow carries XML that the receiving element parses, and the attacker can
    send messages over it.
    """
  mitigations = """
    Limit the rate of XML requests per client and cap concurrent requests at the
    receiving service or at an XML gateway in front of it. Drop messages that
    come from unauthenticated callers or exceed size limits before parsing them
    fully. Use a streaming parser with limits on depth, element count and
    processing time. Scale the receiving services and watch XML request rates
    for sudden spikes. Where you can, replace XML on the flow with a format that
    is cheaper to process.
    """
  example = """
    An attacker scripts thousands of tiny SOAP requests per second against an
    online shop's account-creation service. Each is parsed, validated and handed
    to a billing service, and the whole chain stops answering real customers.
    """
  references = [
    "https://capec.mitre.org/data/definitions/147.html",
    "https://cwe.mitre.org/data/definitions/400.html",
    "https://cwe.mitre.org/data/definitions/770.html",
  ]
}

threat API02 "Exploit Script-Based APIs" {
  targets = [Process, Lambda]
  severity = Medium
  when = target.implementsAPI and not target.controls.validatesInput
  capec = [160]
  cwe = [346]
  details = """
    Some APIs take scripts, expressions or references to scripts as arguments:
    template strings, query or filter expressions, rule definitions, or code for
    an embedded interpreter. If the attacker controls such an argument, the
    script runs with the privileges of the component rather than those of the
    caller, reaching data and operations the caller should not have. A related
    case is an API that returns content, such as HTML, that a browser will later
    execute. The threat applies because the component exposes an API and does
    not validate the input it receives.
    """
  prerequisites = """
    The API hands some caller-supplied arguments to a script or expression
    interpreter without checking them for unwanted commands.
    """
  mitigations = """
    Avoid APIs that evaluate scripts supplied by callers; offer fixed operations
    with typed parameters instead. Where scripting is a genuine feature, check
    scripts against a strict allow-list of functions and constructs and set
    `controls.validatesInput = true` once that check is enforced. Run
    interpreters in a sandbox with no access to files, network or host objects
    beyond what is required, and with time and memory limits. Execute scripts
    with the rights of the calling user, not those of the service. Log submitted
    scripts so they can be reviewed.
    """
  example = """
    A reporting API evaluates its `filter` argument as a server-side JavaScript
    expression. An attacker submits a filter that loads the child-process module
    and runs a shell command, and the command's output comes back in the report.
    """
  references = [
    "https://capec.mitre.org/data/definitions/160.html",
    "https://cwe.mitre.org/data/definitions/346.html",
  ]
}

threat HA02 "White Box Reverse Engineering" {
  targets = [ExternalEntity]
  severity = Medium
  when = target.hasPhysicalAccess
  capec = [167]
  details = """
    An attacker who holds a copy of the software, or the device it runs on, can
    examine its compiled code directly: disassembling or decompiling binaries,
    stepping through execution in a debugger and reading embedded resources.
    This shows how the software works, including its protocols, validation
    logic, hidden features and any secrets built into it. The attacker can then
    look for vulnerabilities, bypass licence or integrity checks, clone features
    or forge traffic. The threat applies because this external entity has
    physical access to the hardware.
    """
  prerequisites = """
    The attacker has the executable, the firmware or the device itself and can
    run analysis tools on it.
    """
  mitigations = """
    Assume that anything handed to a party with physical access will be read,
    and keep secrets and sensitive logic on servers you control. Do not build
    keys, credentials or proprietary algorithms into client binaries or
    firmware; give each device its own credentials that can be revoked. Use
    secure boot, signed firmware and encrypted storage where the hardware allows,
    and disable debug interfaces such as JTAG on production units. Obfuscation
    raises the attacker's cost but should never be the only defence. Design
    server APIs so that knowing the client's internals grants no extra access.
    """
  example = """
    A field technician's tablet runs an app whose binary contains the API key of
    a maintenance backend. Whoever gets hold of the tablet decompiles the app,
    pulls out the key and calls the backend directly.
    """
  references = ["https://capec.mitre.org/data/definitions/167.html"]
}

threat HA03 "Web Application Fingerprinting" {
  targets = [Server]
  severity = Low
  likelihood = High
  when = not target.controls.validatesHeaders
         or not target.controls.encodesOutput
         or not target.controls.isHardened
  capec = [170]
  cwe = [497]
  details = """
    The attacker sends the server normal, malformed and unusual requests and
    compares its answers with the known behaviour of web servers, frameworks and
    applications. Banners, the order of headers, default error pages, cookie
    names, file layouts and reactions to invalid HTTP reveal which products and
    versions are running. Fingerprinting does little harm by itself, but it tells
    the attacker which known vulnerabilities to try and spares them noisy trial
    and error. The threat applies when the server does not validate headers,
    does not encode its output, or has not been hardened.
    """
  prerequisites = """
    The attacker can send requests to the server and see its responses.
    """
  mitigations = """
    Remove or make generic the version banners, such as the `Server` and
    `X-Powered-By` headers, and replace default error pages with custom ones
    that name no products. Turn off directory listings, sample content and
    unused modules, and set `controls.isHardened = true` once a hardened baseline
    is applied. Reject malformed or unexpected headers consistently
    (`controls.validatesHeaders`) and encode output so that reflected input and
    error details reveal nothing internal (`controls.encodesOutput`). Keep the
    software patched so that an accurate fingerprint does not lead to a working
    exploit.
    """
  example = """
    An attacker sends a request with a nonsensical HTTP version and gets back a
    stock error page naming the server software and its exact release. A search
    for that release turns up a public exploit.
    """
  references = [
    "https://capec.mitre.org/data/definitions/170.html",
    "https://cwe.mitre.org/data/definitions/497.html",
  ]
}

threat SC02 "XSS Targeting Non-Script Elements" {
  targets = [Server]
  severity = VeryHigh
  likelihood = High
  when = not target.controls.validatesInput or not target.controls.encodesOutput
  capec = [18]
  cwe = [80]
  details = """
    In this form of cross-site scripting the attacker puts script in places that
    are not meant to hold code, such as event-handler or source attributes of
    image and link tags, style attributes, or XML comments and CDATA sections.
    Filters that only look for `<script>` elements often miss these, so the
    server stores or reflects the content and the victim's browser runs it while
    rendering the page. The script then acts inside the victim's session on the
    site: reading cookies or tokens, altering the page, or sending requests as
    the user. The threat applies when the server does not validate input or
    does not encode output.
    """
  prerequisites = """
    The server includes user-supplied content in the pages it returns, and the
    victim's browser runs scripts.
    """
  mitigations = """
    Encode all user-supplied data for the context it is placed in (HTML text,
    attribute, URL, CSS or JavaScript) and set `controls.encodesOutput = true`
    once this is done everywhere. Check input against its expected format and
    refuse markup where none is needed; where rich text is allowed, use a
    maintained HTML sanitiser with an allow-list of tags and attributes rather
    than a blocklist, and set `controls.validatesInput = true`. Refuse
    `javascript:` and similar URL schemes in links and image sources. Deploy a
    strict Content Security Policy that forbids inline scripts and event-handler
    attributes, and mark session cookies HttpOnly.
    """
  example = """
    A forum accepts images in posts and only strips `<script>` tags. A member
    posts an image with a broken source and an `onerror` attribute that sends
    `document.cookie` to an outside server, and every reader's session is
    handed to the attacker.
    """
  references = [
    "https://capec.mitre.org/data/definitions/18.html",
    "https://cwe.mitre.org/data/definitions/80.html",
  ]
}

threat HA04 "Reverse Engineering" {
  targets = [ExternalEntity]
  severity = Low
  likelihood = Low
  when = target.hasPhysicalAccess
  capec = [188]
  details = """
    Reverse engineering is the wider practice of working out how a system is
    built and behaves, either by taking it apart or by observing it from outside.
    With the hardware or software in hand, an attacker can combine white box
    methods (reading code, firmware or circuit boards) with black box methods
    (feeding it inputs and watching outputs, traffic and side effects). The goal
    may be to copy the design, find weaknesses, recover keys or protocols, or
    build a compatible but malicious replacement. The threat applies because
    this external entity has physical access to the hardware.
    """
  prerequisites = """
    The attacker can obtain and examine the device, software or system, or
    observe it while it runs.
    """
  mitigations = """
    Keep sensitive logic and secrets out of components that other parties
    physically hold. Store keys that must live on the device in tamper-resistant
    hardware such as a secure element or trusted execution environment.
    Authenticate each device individually so that what is learned from one unit
    does not compromise the rest. Disable debug ports and remove diagnostic
    features before shipping. Check that the design stays secure even if
    everything a unit reveals becomes public.
    """
  example = """
    A competitor buys one of a company's smart meters, dumps its firmware from
    the flash chip and records its radio traffic. From these they rebuild the
    protocol and make a device that sends false readings to the utility's
    backend.
    """
  references = ["https://capec.mitre.org/data/definitions/188.html"]
}

threat SC03 "Embedding Scripts within Scripts" {
  targets = [Server]
  severity = High
  likelihood = High
  when = not target.controls.validatesInput
         or not target.controls.sanitizesInput
         or not target.controls.hasAccessControl
  capec = [19]
  cwe = [284]
  details = """
    When a server runs scripts, or serves scripts that clients run, an attacker
    who can add content to those scripts can hide their own code inside them.
    Because the surrounding script is trusted and executed routinely, the
    injected code runs with its privileges: on the server it can probe the
    internal hosts and back-end resources reachable from the web tier, and in
    the browser it behaves like cross-site scripting. Intermediaries that run
    scripts, such as web application firewalls or the embedded web servers of
    network devices, add more places where this can happen. The threat applies
    when the server does not validate or sanitize input, or lacks access control
    over who may supply or change scripts.
    """
  prerequisites = """
    The server executes or serves scripts, and the attacker can write, upload or
    inject content that ends up inside one of them.
    """
  mitigations = """
    Never assemble scripts by concatenating user input; keep script code static
    and pass data as encoded values, for example JSON in a data attribute.
    Validate and sanitize any input that can reach a script context, and set
    `controls.validatesInput = true` and `controls.sanitizesInput = true` once
    that is done. Limit who may upload or edit scripts, templates and plugins,
    and set `controls.hasAccessControl = true` when those rights are enforced.
    Run server-side scripts with minimal privileges and restricted outbound
    network access. Protect client-side scripts with a Content Security Policy
    and Subresource Integrity.
    """
  example = """
    A dashboard lets users name their widgets, and the server writes each name
    into an inline JavaScript block. One user picks a name that closes the string
    and appends code, which then runs in the browser of every colleague who opens
    the dashboard and probes hosts on the internal network.
    """
  references = [
    "https://capec.mitre.org/data/definitions/19.html",
    "https://cwe.mitre.org/data/definitions/284.html",
  ]
}

threat DO04 "XML Entity Expansion" {
  targets = [Dataflow]
  severity = Medium
  likelihood = High
  when = any d in target.data: d.format == "XML"
  capec = [197]
  cwe = [400, 770]
  details = """
    An XML document type definition can declare entities whose replacement text
    refers to other entities. By nesting a handful of such declarations, each
    using the previous one many times, the attacker makes a document of a few
    kilobytes expand to gigabytes when the receiver's parser resolves it.
    Parsing such a document on the receiving side of this flow eats memory and
    CPU until the process stalls or is killed. The threat applies to any flow
    that carries XML data.
    """
  prerequisites = """
    The receiver parses XML from this flow with DTD processing enabled and with
    no limit on entity expansion, or with a limit too high to matter.
    """
  mitigations = """
    Turn off DTD processing in the receiver's XML parser when it is not needed,
    or at least forbid entity declarations. Where DTDs are required, limit
    expansion depth, total expanded size and the number of entities. Cap the
    size of incoming XML documents and parse them with memory and time limits.
    Keep XML libraries current, since recent versions often enable these
    protections by default. Prefer a format without entities, such as JSON,
    where you can.
    """
  example = """
    A partner integration accepts purchase orders as XML. An attacker uploads a
    two-kilobyte order that defines ten levels of entities, each repeating the
    one below it ten times (the "billion laughs" pattern), and the parser runs
    the server out of memory trying to expand it.
    """
  references = [
    "https://capec.mitre.org/data/definitions/197.html",
    "https://cwe.mitre.org/data/definitions/400.html",
    "https://cwe.mitre.org/data/definitions/770.html",
  ]
}

threat SC04 "XSS Using Alternate Syntax" {
  targets = [Server]
  severity = High
  likelihood = High
  when = not target.controls.sanitizesInput
         or not target.controls.validatesInput
         or not target.controls.encodesOutput
  capec = [199]
  cwe = [87]
  details = """
    Filters that block dangerous keywords such as `script` or `javascript:` are
    defeated by writing the same thing another way: mixed letter case, HTML
    entities, URL or Unicode escapes, inserted whitespace, null bytes or
    comments that the browser ignores, or payloads that reassemble themselves
    once the filter deletes a substring. The browser normalises these forms and
    runs the script, while the filter saw nothing it recognised. The outcome is
    cross-site scripting that executes in victims' sessions even though filtering
    is in place. The threat applies when the server does not sanitize input,
    does not validate it, or does not encode its output.
    """
  prerequisites = """
    The server places user-supplied content in pages, relies on pattern matching
    to keep scripts out, and the victim's browser runs scripts.
    """
  mitigations = """
    Do not depend on keyword blocklists; encode output for its context so that
    any input is shown as text, and set `controls.encodesOutput = true` once this
    is applied consistently. Decode and canonicalise input once, then check it
    against an allow-list of expected characters and formats
    (`controls.validatesInput`). If HTML has to be accepted, clean it with a
    maintained, parser-based sanitiser instead of regular expressions
    (`controls.sanitizesInput`). Add a Content Security Policy that blocks inline
    scripts, and test filters with encoded and mixed-case payloads.
    """
  example = """
    A profile page refuses homepage links that contain the lowercase text
    `javascript:`. An attacker enters the scheme in mixed case with one letter
    written as an HTML entity; the filter lets it through, and the script runs
    for every visitor who clicks the link.
    """
  references = [
    "https://capec.mitre.org/data/definitions/199.html",
    "https://cwe.mitre.org/data/definitions/87.html",
  ]
}

threat SC05 "Removing Important Client Functionality" {
  targets = [Server]
  severity = High
  likelihood = Medium
  when = not target.controls.providesIntegrity or not target.controls.usesCodeSigning
  cwe = [602]
  details = """
    Clients often contain logic that the server silently depends on: input
    filters, price or quota calculations, licence checks, or hiding features the
    user is not entitled to. The client runs on a machine the attacker controls,
    so they can patch the binary, edit the JavaScript, or skip the client and
    craft requests by hand. If the server assumes these client-side checks took
    place, the attacker can send content the filter would have stopped, submit
    their own prices, or call functions the interface never offered them. The
    threat applies when the server does not protect the integrity of what it
    receives or does not use code signing.
    """
  prerequisites = """
    The server relies on the client to enforce security or business rules and
    cannot tell when a client has skipped or altered them.
    """
  mitigations = """
    Treat every request as if it came from a hostile client, and repeat all
    validation, authorization and calculation on the server. Derive prices,
    totals and entitlements on the server from trusted data instead of taking
    them from the request. Sign the code you distribute to clients so that
    tampered builds can be detected where the platform supports it, and set
    `controls.usesCodeSigning = true`. Protect state that has to pass through
    the client with a server-side signature or MAC and verify it when it comes
    back (`controls.providesIntegrity`). Log and alert on requests that break
    rules the official client enforces.
    """
  example = """
    A shop's web client works out the discount and sends the final price along
    with the order. An attacker edits the request in an intercepting proxy to
    charge one cent, and the server accepts it because it trusts the client's
    arithmetic.
    """
  references = ["https://cwe.mitre.org/data/definitions/602.html"]
}

threat DO05 "XML Nested Payloads" {
  targets = [Server]
  severity = High
  likelihood = Medium
  when = target.usesXMLParser
         and (not target.controls.validatesInput or not target.controls.sanitizesInput)
  capec = [230]
  cwe = [112, 770]
  details = """
    The attacker sends XML with a deliberately extreme structure: elements
    nested thousands of levels deep, enormous numbers of attributes, or
    constructs that refer back to themselves. Parsers that build an in-memory
    tree or recurse for each level use memory and stack in proportion to that
    structure, so one document can exhaust the server or crash the parser. A
    crash inside native parsing code can also corrupt memory in ways that lead
    to code execution. The threat applies because the server parses XML and
    does not both validate and sanitize its input.
    """
  prerequisites = """
    The server parses XML the attacker can supply, with no limits on the
    document's depth or complexity.
    """
  mitigations = """
    Configure the XML parser with limits on nesting depth, number of elements
    and attributes, name length and total document size, and reject documents
    that go beyond them. Check the size before parsing and validate documents
    against a strict schema; set `controls.validatesInput = true` and
    `controls.sanitizesInput = true` once input is checked this way. Turn off DTD
    processing where it is not needed. Use a well-maintained parser and keep it
    updated. Parse under memory and time limits so that one document cannot
    starve the server.
    """
  example = """
    An attacker posts a SOAP message whose body opens a hundred thousand nested
    elements. The server's recursive parser overflows its stack, and the service
    restarts, dropping every request in progress.
    """
  references = [
    "https://capec.mitre.org/data/definitions/230.html",
    "https://cwe.mitre.org/data/definitions/112.html",
    "https://cwe.mitre.org/data/definitions/770.html",
  ]
}
