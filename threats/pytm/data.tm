// Threats against data and the channels that carry it: cryptographic and
// session weaknesses (CR), data exposure and eavesdropping (DE), information
// disclosure (DS) and unprotected sensitive data (DR), translated from pytm 1.4.

threat CR01 "Session Sidejacking" {
  targets = [Dataflow, Server]
  severity = High
  likelihood = High
  when = (target.protocol == "HTTP" or not target.usesVPN) and target.usesSessionTokens
  capec = [102]
  cwe = [294, 614, 319, 523, 522]
  details = """
    Once a user has logged in, the session token in each request is all the
    server needs to recognise them. If that token travels over a channel an
    attacker can observe, such as plain HTTP on a shared network, the attacker
    can copy it from the captured traffic and attach it to their own requests.
    The server then treats the attacker as the logged-in user, without the
    attacker ever learning a password. It is one way of hijacking a session,
    alongside fixation, script injection and theft from a compromised machine.
    """
  prerequisites = """
    The attacker can capture traffic on the same network segment as the victim,
    the victim holds a live session, and the token is sent without transport
    encryption.
    """
  mitigations = """
    Serve every request that carries a session token over HTTPS, from the
    login page onwards, and redirect plain HTTP rather than answering it.
    Mark session cookies `Secure` and `HttpOnly` so the browser never sends
    them in clear text. Where HTTPS is not possible, tunnel the traffic
    through a VPN. Rotate the token after login and at intervals, and bind it
    to request sequencing or a nonce so a copied token cannot be replayed.
    """
  example = """
    A user on coffee-shop Wi-Fi opens a webmail client that polls the server in the
    background over HTTP. Another customer running a packet capture on the
    same network picks the session cookie out of a poll request and loads the
    mailbox in their own browser.
    """
  references = [
    "https://capec.mitre.org/data/definitions/102.html",
    "https://cwe.mitre.org/data/definitions/294.html",
    "https://cwe.mitre.org/data/definitions/614.html",
    "https://cwe.mitre.org/data/definitions/319.html",
    "https://cwe.mitre.org/data/definitions/523.html",
    "https://cwe.mitre.org/data/definitions/522.html",
  ]
}

threat CR02 "Cross Site Tracing" {
  targets = [Dataflow, Server]
  severity = VeryHigh
  likelihood = Medium
  when = (target.protocol == "HTTP" and target.usesSessionTokens)
         and (not target.controls.sanitizesInput or not target.controls.validatesInput)
  capec = [107]
  cwe = [693, 648]
  details = """
    The HTTP TRACE method makes a web server send back, in the response body,
    the exact request it received, headers included. An attacker who can run
    script in the victim's browser, typically through a cross-site scripting
    flaw, has the browser send a TRACE request to the server. The echoed
    response then contains the victim's cookies and authorization headers,
    which the script can read even when the cookie is marked `HttpOnly`, and
    forward to the attacker. TLS does not help, because the leak happens
    inside the victim's own browser session.
    """
  prerequisites = """
    The server answers TRACE requests, the attacker can get script running in
    the victim's browser in the server's origin (or bypass the same-origin
    policy), and the session travels in HTTP headers.
    """
  mitigations = """
    Turn off the TRACE (and TRACK) methods on every web server, proxy and load
    balancer in front of the application. Fix the injection flaws that let
    attacker script run in the first place: validate and sanitise input and
    encode output, then set `controls.sanitizesInput` and
    `controls.validatesInput` to record it. Serve the application over HTTPS.
    Keep browsers up to date so known same-origin-policy bypasses are closed.
    """
  example = """
    A forum is vulnerable to reflected XSS but its session cookie is
    `HttpOnly`. The injected script issues a TRACE request to the forum's
    server, reads the cookie from the echoed headers in the response body and
    posts it to the attacker's site.
    """
  references = [
    "https://capec.mitre.org/data/definitions/107.html",
    "https://cwe.mitre.org/data/definitions/693.html",
    "https://cwe.mitre.org/data/definitions/648.html",
  ]
}

threat DS01 "Excavation" {
  targets = [Server]
  severity = Medium
  likelihood = High
  when = (not target.controls.sanitizesInput or not target.controls.validatesInput)
         or not target.controls.encodesOutput
  capec = [116]
  cwe = [200]
  details = """
    The attacker deliberately pokes at the server to make it reveal more about
    itself than it should. Some probes are ordinary requests used to map
    behaviour; others are malformed on purpose, such as broken parameters,
    unexpected paths or query strings that produce invalid SQL, in the hope of
    provoking an unhandled error. Verbose error pages and responses can expose
    stack traces, file paths, software versions, configuration values or the
    database schema. Each detail narrows the search for a working exploit.
    """
  prerequisites = "The attacker can send requests to the server and see its responses."
  mitigations = """
    Validate and sanitise every input so malformed requests are rejected
    early and predictably, and encode output so echoed values stay inert.
    Catch exceptions at the edge of the application and return a short,
    generic error message with a correlation id, keeping the detail in
    server-side logs. Turn off debug modes and framework error pages in
    production. Strip version banners and internal identifiers from headers
    and responses.
    """
  example = """
    Adding a stray quote to a search parameter makes a web application return
    a database exception that names the table, its columns and the ORM in use,
    which the attacker then uses to shape an injection payload.
    """
  references = [
    "https://capec.mitre.org/data/definitions/116.html",
    "https://cwe.mitre.org/data/definitions/200.html",
  ]
}

threat DE01 "Interception" {
  targets = [Dataflow]
  severity = Medium
  likelihood = Medium
  when = not target.controls.isEncrypted
         or (target.source.inScope
             and not target.isResponse
             and (not target.controls.authenticatesDestination
                  or not target.controls.checksDestinationRevocation))
         or target.tlsVersion < target.sink.minTLSVersion
  capec = [117]
  cwe = [319, 299]
  details = """
    The attacker watches a flow of data that is not meant for them, either to
    collect sensitive information directly or to prepare a later attack. This
    works when the flow is not encrypted, when it uses a TLS version older
    than the receiver should accept, or when the sender does not properly
    check who it is talking to. In the last case an attacker who can divert
    traffic can pose as the destination with a stolen or revoked certificate
    and read everything sent to it. The attacker may simply listen, or may
    trigger and shape the traffic they want to capture.
    """
  prerequisites = "The attacker can reach the network or medium the flow travels over, or redirect the flow to a host they control."
  mitigations = """
    Encrypt the flow with a current TLS version and set `controls.isEncrypted`.
    Make the sender verify the destination's certificate and check that it
    has not been revoked (OCSP or CRL), then set
    `controls.authenticatesDestination` and
    `controls.checksDestinationRevocation`. Configure the flow's `tlsVersion`
    to meet the receiver's `minTLSVersion` and disable older protocol
    versions on both ends.
    """
  example = """
    A service calls an internal API over HTTPS but ignores certificate errors.
    An attacker who poisons DNS on that network answers with a self-signed
    certificate and reads every request, including the API keys in its
    headers.
    """
  references = [
    "https://capec.mitre.org/data/definitions/117.html",
    "https://cwe.mitre.org/data/definitions/319.html",
    "https://cwe.mitre.org/data/definitions/299.html",
  ]
}

threat DE02 "Double Encoding" {
  targets = [Server, Process]
  severity = Medium
  likelihood = Low
  when = not target.controls.validatesInput or not target.controls.sanitizesInput
  capec = [120]
  cwe = [173, 177]
  details = """
    Security filters often look for dangerous characters such as `/`, `.` or
    `<` and also recognise their usual percent-encoded forms. The attacker
    encodes the payload twice, so `.` becomes `%2E` and then `%252E`, which
    the filter does not recognise. If a later component decodes the input a
    second time, the dangerous character reappears after the check has
    already passed. The trick is used to smuggle path traversal, injection or
    cross-site scripting payloads past input filters.
    """
  prerequisites = """
    Input is checked before it is fully decoded, and some later layer decodes
    it again.
    """
  mitigations = """
    Decode input exactly once into its canonical form, then validate it, and
    treat anything that still contains encoded sequences as invalid. Validate
    against an allow-list of expected values and formats rather than a list
    of forbidden characters. Make sure no layer behind the validation decodes
    again. Record these checks with `controls.validatesInput` and
    `controls.sanitizesInput`.
    """
  example = """
    A file download endpoint blocks `../` and `%2e%2e%2f`, but an attacker
    sends `%252e%252e%252f`; the filter passes it, the framework decodes it
    twice, and the server returns a file from outside the download folder.
    """
  references = [
    "https://capec.mitre.org/data/definitions/120.html",
    "https://cwe.mitre.org/data/definitions/173.html",
    "https://cwe.mitre.org/data/definitions/177.html",
  ]
}

threat DS02 "Try All Common Switches" {
  targets = [Lambda, Process]
  severity = Medium
  when = target.environment == "Production"
  capec = [133]
  cwe = [912]
  details = """
    The attacker feeds a program every option, flag or parameter they can
    think of, such as `--debug`, `verbose=1` or `test=true`, without knowing
    which ones exist. Options left over from development or testing may print
    internal state, skip checks or unlock features that were never meant to
    be public. Even when the documented options are known, blind guessing can
    turn up undocumented ones. In production such leftovers give the attacker
    information or capabilities for free.
    """
  prerequisites = "The attacker can choose the options, flags or parameters passed to the code."
  mitigations = """
    Keep the set of accepted options to what the function actually needs and
    reject unknown ones instead of ignoring them. Remove debug, test and
    diagnostic switches from production builds, or compile them out, rather
    than hiding them. Drive any remaining diagnostics from server-side
    configuration that callers cannot influence. Review deployed
    configuration for debug flags as part of each release.
    """
  example = """
    Calling a production function with an added `debug=true` query parameter
    makes it return its full configuration, including the database host and
    an internal service token.
    """
  references = [
    "https://capec.mitre.org/data/definitions/133.html",
    "https://cwe.mitre.org/data/definitions/912.html",
  ]
}

threat DE03 "Sniffing Attacks" {
  targets = [Dataflow]
  severity = Medium
  when = (target.protocol == "HTTP" or not target.controls.isEncrypted) or not target.usesVPN
  capec = [157]
  cwe = [311]
  details = """
    The attacker passively captures traffic exchanged between two other
    parties. They do not need to block or change the traffic, only to read
    it, and they are never its intended recipient. Wired and wireless
    networks, shared hosting and compromised routers all give such a vantage
    point. Anything sent without encryption, whether credentials, personal
    data or code, can be recorded and analysed at leisure.
    """
  prerequisites = "The flow crosses a medium the attacker can observe."
  mitigations = """
    Encrypt the flow end to end with TLS and set `controls.isEncrypted`;
    never use plain HTTP for data worth protecting. Where the path crosses
    untrusted networks, also carry it over a VPN and set `usesVPN`. Keep
    sensitive flows on segmented networks and minimise what each message
    contains.
    """
  example = """
    A desktop application downloads its updates over plain HTTP. An attacker
    on the office network records the download and recovers the binary,
    which they then reverse engineer.
    """
  references = [
    "https://capec.mitre.org/data/definitions/157.html",
    "https://cwe.mitre.org/data/definitions/311.html",
  ]
}

threat CR03 "Dictionary-based Password Attack" {
  targets = [Process, Server]
  severity = High
  likelihood = Medium
  when = not target.controls.implementsAuthenticationScheme
  capec = [16]
  cwe = [521, 262, 263]
  details = """
    The attacker tries words from a list of common passwords and dictionary
    words against one or more accounts until one works. It is a narrower,
    faster form of brute force that relies on people picking memorable
    passwords. Guesses can be made online against the login interface, or
    offline against captured hashes or challenge-response exchanges. Without
    a sound authentication scheme, password rules and attempt limits, weak
    passwords fall quickly.
    """
  prerequisites = """
    Accounts are protected by a password alone, weak passwords are allowed,
    and the number of login attempts is not limited.
    """
  mitigations = """
    Put a proper authentication scheme in front of the component and set
    `controls.implementsAuthenticationScheme`. Reject passwords found in
    breach and dictionary lists and require a minimum length. Throttle failed
    attempts per account and per source, with delays that grow rather than
    permanent lockouts that attackers could abuse to deny service. Offer or
    require multi-factor authentication, and store passwords with a slow,
    salted hash.
    """
  example = """
    An attacker runs a list of ten thousand common passwords against an admin
    login that allows unlimited attempts and gets in with `Summer2023!`.
    """
  references = [
    "https://capec.mitre.org/data/definitions/16.html",
    "https://cwe.mitre.org/data/definitions/521.html",
    "https://cwe.mitre.org/data/definitions/262.html",
    "https://cwe.mitre.org/data/definitions/263.html",
  ]
}

threat DS03 "Footprinting" {
  targets = [Server]
  severity = VeryLow
  likelihood = High
  when = not target.controls.isHardened
  capec = [169]
  cwe = [200]
  details = """
    Before attacking, the adversary maps the target: open ports, running
    services and their versions, operating system, network layout, DNS and
    registration records. Scanners, banner grabbing and public lookups make
    this cheap and largely automatic. The probing itself rarely causes harm,
    although aggressive scans can upset fragile services. Its value to the
    attacker is in pointing them to the unpatched or misconfigured pieces
    worth attacking next.
    """
  prerequisites = """
    The server is reachable and exposes some identifying information, such
    as open ports, banners or version strings.
    """
  mitigations = """
    Harden the server and set `controls.isHardened`: close ports and stop
    services that are not needed, and remove default accounts and sample
    content. Suppress version banners and detailed headers. Apply security
    patches promptly so that whatever is discovered is not exploitable.
    Filter inbound traffic at the network edge and watch for scanning
    activity.
    """
  example = """
    A port scan of a company's web server shows an FTP service and an SSH
    banner naming an old OpenSSH release, which the attacker looks up in a
    vulnerability database.
    """
  references = [
    "https://capec.mitre.org/data/definitions/169.html",
    "https://cwe.mitre.org/data/definitions/200.html",
  ]
}

threat CR04 "Session Credential Falsification through Forging" {
  targets = [Server]
  severity = Medium
  likelihood = Medium
  when = target.usesSessionTokens and not target.controls.implementsNonce
  capec = [196]
  cwe = [384, 664]
  details = """
    Instead of stealing an existing session token, the attacker manufactures
    one that the server will accept. This is possible when tokens follow a
    predictable pattern, such as a counter, a timestamp or a hash of the user
    name, or when the server accepts a token the client proposes. A forged or
    planted token lets the attacker skip authentication or ride on a
    victim's session once the victim logs in with it. Observed tokens often
    reveal the pattern needed to produce new ones.
    """
  prerequisites = """
    The server identifies users by session tokens that are predictable,
    accepted from the client, or not renewed when privileges change.
    """
  mitigations = """
    Generate session identifiers from a cryptographically secure random
    source with enough length that guessing is impractical. Include a
    server-generated nonce or sign tokens so the server can tell its own
    tokens from fabricated ones, then set `controls.implementsNonce`. Never
    accept a session id the server did not issue. Issue a fresh identifier at
    login and whenever the privilege level changes, and invalidate the old
    one.
    """
  example = """
    A shop numbers its sessions sequentially. After logging in and receiving
    session 48213, an attacker tries 48212 and 48214 and lands in other
    customers' carts.
    """
  references = [
    "https://capec.mitre.org/data/definitions/196.html",
    "https://cwe.mitre.org/data/definitions/384.html",
    "https://cwe.mitre.org/data/definitions/664.html",
  ]
}

threat DS04 "XSS Targeting Error Pages" {
  targets = [Server]
  severity = Medium
  when = not target.controls.encodesOutput
         or not target.controls.validatesInput
         or not target.controls.sanitizesInput
  capec = [198]
  cwe = [81]
  details = """
    Error pages often repeat part of the failing request, such as the missing
    path or the rejected parameter. The attacker crafts a deliberately
    invalid request that embeds script and gets a victim to open it, for
    example through a link. If the server copies the request into the error
    page without encoding it, the script runs in the victim's browser with
    the site's origin. It can then steal cookies, act on the victim's behalf
    or show fake content, all appearing to come from a site the victim trusts.
    """
  prerequisites = """
    The server echoes request data into error pages without encoding it, and
    the victim can be led to send the crafted request.
    """
  mitigations = """
    Encode every piece of request data placed into error pages for its HTML
    context, or leave request data out of error messages entirely, and set
    `controls.encodesOutput`. Validate and sanitise input before it is used
    anywhere, including in error handling, and set `controls.validatesInput`
    and `controls.sanitizesInput`. Render errors through the same templating
    engine as normal pages so auto-escaping applies. Add a Content Security
    Policy that blocks inline script.
    """
  example = """
    A link to `/products/<script>...</script>` makes the site's 404 page print
    "Page /products/<script>...</script> not found" unescaped, and the script
    sends the visitor's cookies to the attacker.
    """
  references = [
    "https://capec.mitre.org/data/definitions/198.html",
    "https://cwe.mitre.org/data/definitions/81.html",
  ]
}

threat CR05 "Encryption Brute Forcing" {
  targets = [Server, Datastore]
  severity = Low
  likelihood = Low
  when = target.controls.usesEncryptionAlgorithm != "RSA"
         and target.controls.usesEncryptionAlgorithm != "AES"
  capec = [20]
  cwe = [326, 327, 693, 719]
  details = """
    With ciphertext in hand and the algorithm known, the attacker tries every
    possible key until one produces readable plaintext. Any cipher can be
    broken this way in principle; security rests on making the key space too
    large to search in any useful time. Outdated algorithms or short keys
    bring that search within reach of rented cloud capacity or specialised
    hardware. Data that must stay secret for years must also withstand the
    faster hardware of the future.
    """
  prerequisites = "The attacker has obtained encrypted data and knows or can guess the algorithm and key size."
  mitigations = """
    Use a well-reviewed modern algorithm, such as AES with 128- or 256-bit
    keys for data or RSA of at least 3072 bits for key exchange and
    signatures, and record it in `controls.usesEncryptionAlgorithm`. Choose
    key sizes by how long the data must stay confidential. Retire DES, 3DES,
    RC4 and other legacy ciphers. Generate keys from a secure random source
    and plan for rotating keys and algorithms over time.
    """
  example = """
    Backups encrypted with single DES are copied from a storage bucket; the
    attacker recovers the 56-bit key by exhaustive search on rented GPUs
    within days and reads the backups.
    """
  references = [
    "https://capec.mitre.org/data/definitions/20.html",
    "https://cwe.mitre.org/data/definitions/326.html",
    "https://cwe.mitre.org/data/definitions/327.html",
    "https://cwe.mitre.org/data/definitions/693.html",
    "https://cwe.mitre.org/data/definitions/719.html",
  ]
}

threat DS05 "Lifting Sensitive Data Embedded in Cache" {
  targets = [Server]
  severity = Medium
  when = target.usesCache
  capec = [204]
  cwe = [524, 311]
  details = """
    Servers cache responses, query results and computed values to save time,
    and those caches can end up holding sensitive data such as personal
    records, tokens or pages meant for one user. If the cache is readable by
    other processes or tenants, is stored unencrypted, or keys its entries
    too coarsely, an attacker can read the cached data directly or be served
    another user's content. The attacker bypasses the access checks that
    protect the original data.
    """
  prerequisites = """
    The server caches sensitive data and the cache is not adequately
    protected from other users or processes.
    """
  mitigations = """
    Keep sensitive and per-user data out of shared caches, and mark such
    responses `Cache-Control: no-store` or `private`. Where sensitive data
    must be cached, restrict access to the cache, encrypt it, and include
    the user or tenant in every cache key. Give entries short lifetimes and
    clear them on logout.
    """
  example = """
    A reverse proxy caches an account page without taking the session cookie
    into account, so the next visitor to that URL sees the previous user's
    address and order history.
    """
  references = [
    "https://capec.mitre.org/data/definitions/204.html",
    "https://cwe.mitre.org/data/definitions/524.html",
    "https://cwe.mitre.org/data/definitions/311.html",
  ]
}

threat CR06 "Communication Channel Manipulation" {
  targets = [Dataflow]
  severity = High
  likelihood = Medium
  when = (target.protocol != "HTTPS" or not target.usesVPN)
         and (not target.controls.implementsAuthenticationScheme
              or not target.controls.authorizesSource)
  capec = [216]
  details = """
    The attacker tampers with the settings or negotiation of a communication
    channel to weaken its protection. Typical moves are forcing a downgrade to
    a weaker cipher or protocol, stripping encryption, or inserting
    themselves between the endpoints. Once the channel is weakened they can
    read the traffic, inject or drop messages, or push further attacks
    through it. Channels whose messages are not tied to an authenticated and
    authorised sender are the easiest to abuse.
    """
  prerequisites = "The channel is reachable by the attacker and open to interception or man-in-the-middle positioning."
  mitigations = """
    Protect the channel with correctly configured, current TLS and refuse
    downgrades to weak protocol versions or cipher suites; carry it over a
    VPN where it crosses untrusted networks. Authenticate the sender of each
    connection or message and check that it is authorised to send it, then
    set `controls.implementsAuthenticationScheme` and
    `controls.authorizesSource`. Sign or MAC messages so injected or altered
    ones are rejected.
    """
  example = """
    An attacker in the middle of a connection that still allows CBC cipher
    suites with predictable IVs uses a chosen-boundary attack to recover a
    session cookie, then injects forged requests into the victim's session.
    """
  references = ["https://capec.mitre.org/data/definitions/216.html"]
}

threat CR07 "XML Routing Detour Attacks" {
  targets = [Dataflow]
  severity = Medium
  likelihood = High
  when = target.protocol == "HTTP" and (any d in target.data: d.format == "XML")
  capec = [219]
  details = """
    Some XML messaging systems pass a message through several intermediaries,
    with the route written into the message headers. An attacker who controls
    or compromises one intermediary, or who can edit the routing headers in
    transit, adds a node of their own to the route. The message then detours
    through the attacker, who can read or change it and pass it on with the
    headers cleaned up so the other nodes notice nothing. Sending XML over
    plain HTTP makes the headers easy to rewrite.
    """
  prerequisites = "The XML content is processed or forwarded by more than one node."
  mitigations = """
    Carry XML messages over TLS with mutual authentication between every pair
    of nodes, rather than plain HTTP. Limit the number of intermediaries a
    message may pass through and allow only known ones. Sign the routing
    headers and the body (for example with WS-Security) so rewritten routes
    are rejected.
    """
  example = """
    A SOAP order sent between partner systems over HTTP lists its relay nodes
    in a routing header. An attacker on one relay appends their own server to
    the list, reads each order as it passes and forwards it on unchanged.
    """
  references = ["https://capec.mitre.org/data/definitions/219.html"]
}

threat CR08 "Client-Server Protocol Manipulation" {
  targets = [Dataflow]
  severity = Medium
  likelihood = Medium
  when = not target.controls.isEncrypted or target.tlsVersion < target.sink.minTLSVersion
  capec = [220]
  cwe = [757]
  details = """
    The attacker exploits flaws in the protocol a client and server use to
    talk, rather than flaws in either program. Servers often accept several
    protocols or versions for compatibility, and an attacker can push a
    connection onto the weakest one. Weaknesses in an authentication protocol
    let the attacker impersonate a client or server; weaknesses in a
    messaging protocol let them read or alter the data exchanged.
    Unencrypted flows and outdated TLS versions are the usual entry points.
    """
  prerequisites = "Client and server use, or can be made to fall back to, a protocol with an exploitable weakness."
  mitigations = """
    Encrypt the flow and set `controls.isEncrypted`. Use a current TLS version
    that meets the receiver's `minTLSVersion`, and disable legacy protocol
    versions and weak authentication methods rather than keeping them for old
    clients. Protect the negotiation itself against downgrade, for example
    with TLS 1.3. Prefer strong, standard authentication protocols.
    """
  example = """
    A server still accepts SSLv3 for old clients. An attacker in the network
    path forces the connection down to SSLv3 and uses a padding-oracle attack
    to recover cookies from the encrypted stream.
    """
  references = [
    "https://capec.mitre.org/data/definitions/220.html",
    "https://cwe.mitre.org/data/definitions/757.html",
  ]
}

threat DE04 "Audit Log Manipulation" {
  targets = [Datastore]
  severity = High
  likelihood = High
  when = not target.controls.validatesInput or not target.controls.implementsPOLP
  capec = [268, 93]
  details = """
    The attacker adds, changes or deletes log entries so that an audit
    misses or misreads what happened, usually to hide an earlier intrusion.
    They may write to the log store directly when its permissions are too
    broad, or smuggle forged entries through input that the application logs
    without validation, for example by embedding line breaks. Entries can
    also carry script that runs when an administrator views the logs in a
    browser. Either way, the log can no longer be trusted as evidence.
    """
  prerequisites = """
    The system records user actions or data in the log store, and either the
    store is writable by more parties than need it or logged values are not
    validated.
    """
  mitigations = """
    Limit write access to the log store to the logging service and give no
    component rights beyond what it needs, then set `controls.implementsPOLP`.
    Validate and encode values before they are logged, removing line breaks
    and control characters, and set `controls.validatesInput`. Ship logs to
    an append-only or write-once store and protect them with integrity checks
    such as hash chaining. View logs with tools that do not interpret markup
    or terminal control sequences.
    """
  example = """
    A login form writes the submitted user name to the audit log. An attacker
    enters a name containing a newline followed by a fake "admin logged out"
    line, making the log show an event that never happened.
    """
  references = [
    "https://capec.mitre.org/data/definitions/268.html",
    "https://capec.mitre.org/data/definitions/93.html",
  ]
}

threat DS06 "Data Leak" {
  targets = [Dataflow]
  severity = VeryHigh
  likelihood = High
  when = hasDataLeaks(target)
  cwe = [311, 312, 916, 653]
  details = """
    The flow carries data classified as more sensitive than its source, its
    destination or the flow itself is cleared to handle. Data that ends up
    on an element not meant to hold it is likely to be stored, logged or
    passed on with weaker protection than it needs. An attacker who reaches
    that element, or the channel, can read it there. Leaked credentials are
    especially harmful, since they often open other systems too.
    """
  prerequisites = "Data on the flow has a higher `classification` than the `maxClassification` of the flow, its source or its sink."
  mitigations = """
    Keep sensitive data away from elements that are not cleared for it:
    filter or redact it before sending, or raise the element's protection
    and its `maxClassification` if it really needs the data. Encrypt all
    data in transit, and encrypt personal and restricted data at rest. Store
    only salted, slow hashes of credentials used to verify users. Where a
    client must keep credentials, restrict who can read them with file
    permissions, limited database users or a dedicated secrets store.
    """
  example = """
    A web front end classified for public data receives full customer records,
    including card numbers, from the back end, and writes them to its debug
    log, which is readable by every support engineer.
    """
  references = [
    "https://cwe.mitre.org/data/definitions/311.html",
    "https://cwe.mitre.org/data/definitions/312.html",
    "https://cwe.mitre.org/data/definitions/916.html",
    "https://cwe.mitre.org/data/definitions/653.html",
  ]
}

// NOTE: pytm's condition is kept exactly. Its at-rest branches fire when the
// stored copy IS encrypted at rest (`d.isStored and d.isDestEncryptedAtRest`),
// which looks inverted relative to the threat's intent; it is not corrected
// here so that findings match pytm's.
threat DR01 "Unprotected Sensitive Data" {
  targets = [Dataflow]
  severity = High
  likelihood = Low
  when = (hasDataLeaks(target) or (any d in target.data: d.isCredentials or d.isPII))
         and (not target.controls.isEncrypted
              or (not target.isResponse
                  and (any d in target.data: d.isStored and d.isDestEncryptedAtRest))
              or (target.isResponse
                  and (any d in target.data: d.isStored and d.isSourceEncryptedAtRest)))
  cwe = [311, 312, 916, 653]
  details = """
    The flow carries sensitive data, meaning credentials, personal data or
    data classified above what an element may handle, and that data is not
    protected throughout its journey. Either the channel itself is not
    encrypted, or the data is stored at the receiving end of the flow (the
    sink for a request, the source for a response). An attacker on the
    network, or one who later reaches the storage, can then read it.
    Recovered passwords and keys are often reusable against other services.
    """
  prerequisites = "The flow carries credentials, personal data or over-classified data, and is unencrypted or leads to the data being stored."
  mitigations = """
    Encrypt the flow with current TLS and set `controls.isEncrypted`. Encrypt
    personal and restricted data wherever it is stored. Never store
    passwords or other verification secrets in recoverable form; keep only
    salted hashes from a slow algorithm such as Argon2 or bcrypt. Keep
    credentials a client needs in a secrets manager or in files readable
    only by the service account that uses them.
    """
  example = """
    A mobile app posts the user's password and date of birth to a
    registration API over plain HTTP, and the API writes both into a
    database table in clear text.
    """
  references = [
    "https://cwe.mitre.org/data/definitions/311.html",
    "https://cwe.mitre.org/data/definitions/312.html",
    "https://cwe.mitre.org/data/definitions/916.html",
    "https://cwe.mitre.org/data/definitions/653.html",
  ]
}
