// Access control threats: authentication (AA), authorization, privileges,
// sessions and credentials (AC), translated from pytm 1.4's threat library
// and kept in the order of pytm's threats.json.

threat AA01 "Authentication Abuse/ByPass" {
  targets = [Server, Process]
  severity = Medium
  when = not target.controls.authenticatesSource
  capec = [114]
  cwe = [287]
  details = """
    The attacker gets into the application without legitimate credentials by
    exploiting how its authentication works: a weak design, a flawed
    implementation, or an assumption the login logic makes about trusted
    parties or secret values. The mechanism still runs, but a crafted sequence
    of requests makes it accept the attacker as a valid user, or lets the
    attacker reach protected functions without ever being asked to log in.
    Typical routes are endpoints that forget the authentication check,
    password-reset flows that can be steered, and tokens whose signatures are
    never verified. This rule fires because the element does not authenticate
    the source of the requests it receives.
    """
  prerequisites = "The element exposes functions or data meant only for authenticated callers, and its authentication is missing, incomplete, or implemented with a flaw the attacker can find."
  mitigations = """
    Require authentication on every entry point and enforce it in one central
    place (gateway, middleware or filter) rather than in each handler. Prefer a
    vetted protocol and library, such as OpenID Connect on top of OAuth 2.0,
    over home-grown login code, and check token signature, audience and expiry
    on every request. Give alternative paths such as password reset, account
    recovery and debug or admin endpoints the same protection. Test
    authentication with negative cases: missing, expired, forged and replayed
    credentials. Once the element verifies who its callers are, set
    `controls.authenticatesSource = true`.
    """
  example = "An internal reporting service trusts a user-id header that the front-end proxy normally sets; an attacker who reaches the service directly sets the header to an administrator's id and is served as that administrator."
  references = [
    "https://capec.mitre.org/data/definitions/114.html",
    "https://cwe.mitre.org/data/definitions/287.html",
  ]
}

threat AC01 "Privilege Abuse" {
  targets = [Server, Process, Datastore]
  severity = Medium
  when = not target.controls.hasAccessControl or not target.controls.authorizesSource
  capec = [122]
  cwe = [732, 269]
  details = """
    A user with a genuine but low-privileged account reaches functions or data
    that should be reserved for more trusted roles, because the element does
    not restrict them properly. Nothing is broken or escalated: authentication
    works and the account is real, but the permission model is missing or too
    coarse, so the ordinary account is simply allowed to do too much. Common
    forms are admin endpoints that only check that someone is logged in,
    database accounts shared by every application role, and APIs that return
    any record whose id the caller supplies. This rule fires when the element
    has no access control or does not authorize each request of its callers.
    """
  prerequisites = "The attacker holds some valid account or access path to the element, and the element's permissions do not separate what that account may do from what more privileged roles may do."
  mitigations = """
    Define the roles and the operations and records each of them may use, and
    enforce this on the server for every request, denying by default. Check
    that the caller owns or may see the object addressed, not only the
    caller's role, to rule out insecure direct object references. Give service
    and database accounts only the rights their callers need, with separate
    accounts for administrative work. Test the permission matrix with
    low-privileged test accounts. Set `controls.hasAccessControl = true` and
    `controls.authorizesSource = true` once both are in place; the rule fires
    while either is false.
    """
  example = "A support agent's account can call the `/admin/export` endpoint of a customer service because the endpoint only checks that a session exists, and downloads the full customer list meant for administrators."
  references = [
    "https://capec.mitre.org/data/definitions/122.html",
    "https://cwe.mitre.org/data/definitions/732.html",
    "https://cwe.mitre.org/data/definitions/269.html",
  ]
}

threat AC02 "Shared Data Manipulation" {
  targets = [Datastore]
  severity = Medium
  when = target.isShared
  capec = [124]
  details = """
    When several applications, services or tenants read and write the same
    datastore, each of them trusts what the others have written. An attacker
    who controls or compromises one of the writers can plant crafted or
    corrupted records that the other users then read and act on as if they
    were valid. The effects range from wrong results and corrupted downstream
    data to crashes or code execution in consumers that parse the shared data
    unsafely. This rule fires because the datastore is marked as shared.
    """
  prerequisites = "More than one component writes to the datastore, the attacker can influence what at least one of them writes, and the other components accept the shared data without checking it."
  mitigations = """
    Give each writer its own credentials and restrict it to the tables,
    prefixes or partitions it owns, so one compromised writer cannot overwrite
    the data of the others. Validate data read from the shared store as
    untrusted input, checking type, range and format. Where the origin of a
    record matters, sign it or store the writer's identity with it and check
    that on read. Split the store per tenant or per application when sharing
    is not essential, and audit writes so corrupted data can be traced and
    rolled back.
    """
  example = "Two microservices share a Redis cache; after compromising the less protected one, an attacker overwrites a cached price used by the checkout service, which then sells an expensive item for one cent."
  references = ["https://capec.mitre.org/data/definitions/124.html"]
}

threat AC03 "Subverting Environment Variable Values" {
  targets = [Process, Lambda]
  severity = VeryHigh
  likelihood = High
  when = target.usesEnvironmentVariables
         and (not target.controls.implementsAuthenticationScheme
              or not target.controls.validatesInput
              or not target.controls.authorizesSource)
  capec = [13]
  cwe = [353, 15, 74, 302]
  details = """
    The element reads configuration or behaviour switches from environment
    variables, and an attacker who can set or change them changes how the
    program runs. Variables such as library search paths, proxy settings,
    service endpoints, temporary directories or feature flags can redirect the
    program to code, hosts or files the attacker controls. The attacker may
    reach the variables directly, through a shell on the host, a compromised
    deployment pipeline or a cloud console, or indirectly, when user input is
    copied into a variable that a child process later reads. This rule fires
    for elements that use environment variables and lack an authentication
    scheme, input validation or authorization.
    """
  prerequisites = "The element reads environment variables that influence its behaviour, and the attacker can write to them directly or feed unvalidated data into them."
  mitigations = """
    Restrict who may change the environment of the element: lock down
    deployment configuration, function settings and the accounts that can edit
    them. Never copy untrusted input into environment variables, and check the
    values read against an allow-list of expected forms before using them. Run
    with the least privilege needed, so a subverted value gains the attacker
    little, and keep secrets in a secrets manager rather than in plain
    variables. The rule stops firing once
    `controls.implementsAuthenticationScheme`, `controls.validatesInput` and
    `controls.authorizesSource` are all true.
    """
  example = "An attacker who obtained write access to a function's configuration changes its `PAYMENTS_API_URL` variable to a host they control, so the function sends its requests, bearer tokens included, to the attacker."
  references = [
    "https://capec.mitre.org/data/definitions/13.html",
    "https://cwe.mitre.org/data/definitions/353.html",
    "https://cwe.mitre.org/data/definitions/15.html",
    "https://cwe.mitre.org/data/definitions/74.html",
    "https://cwe.mitre.org/data/definitions/302.html",
  ]
}

threat AC04 "XML Schema Poisoning" {
  targets = [Dataflow]
  severity = High
  likelihood = Low
  when = (any d in target.data: d.format == "XML") and not target.controls.authorizesSource
  capec = [146]
  cwe = [15, 472]
  details = """
    XML documents on this flow are validated or interpreted against a schema
    or DTD, and the attacker changes that schema, either by modifying the copy
    the receiver loads or by tampering with it in transit. A poisoned schema
    can drop required elements, change data types or declare other encodings,
    so the receiver accepts documents it should reject, misreads values or
    stores incomplete records. A changed encoding can also let dangerous
    strings slip past filters that only look for their plain form. This rule
    fires for flows that carry XML data and do not authorize their source.
    """
  prerequisites = "The receiver takes its schema from somewhere the attacker can modify: a location named in the document, a writable file, or a channel without integrity protection."
  mitigations = """
    Validate documents against a local, version-controlled copy of the schema,
    and ignore schema or DTD locations supplied inside incoming documents.
    Protect schema files with permissions that let only the deployment process
    change them. If a remote schema must be fetched, do so over authenticated
    TLS and check it against a known hash. Authorize the senders of XML on
    this flow and then set `controls.authorizesSource = true`.
    """
  example = "A partner integration fetches its validation schema from an `http://` URL; an attacker on the network path serves a copy in which the `amount` element is optional, and orders without an amount are stored with a default of zero."
  references = [
    "https://capec.mitre.org/data/definitions/146.html",
    "https://cwe.mitre.org/data/definitions/15.html",
    "https://cwe.mitre.org/data/definitions/472.html",
  ]
}

threat AC05 "Content Spoofing" {
  targets = [Dataflow]
  severity = Medium
  likelihood = Medium
  when = ((not target.source.controls.providesIntegrity
           or not target.sink.controls.providesIntegrity)
          and not target.controls.isEncrypted)
         or (target.source.inScope
             and not target.isResponse
             and (not target.controls.authenticatesDestination
                  or not target.controls.checksDestinationRevocation))
  capec = [148]
  cwe = [345, 299]
  details = """
    The attacker makes the receiver of this flow accept content that appears
    to come from the legitimate sender but was written or altered by the
    attacker. Content can be changed where it originates, such as a tampered
    web page or file, or on the way, by intercepting and rewriting messages on
    an unprotected channel. Without integrity protection at both ends, and
    without the sender checking whom it is talking to, neither side can tell
    forged content from the real thing. Results include phishing pages under a
    trusted name, fraudulent transactions and malware delivery. This rule
    fires when the endpoints do not both protect integrity and the flow is not
    encrypted, or when an in-scope source sends a request without fully
    authenticating its destination, certificate revocation included.
    """
  prerequisites = "The attacker can modify the content at its origin or sits on the path between the endpoints, and the receiver cannot verify that the content is authentic and unaltered."
  mitigations = """
    Protect the channel with TLS and set `controls.isEncrypted = true` on the
    flow. Have both endpoints protect the integrity of content that matters,
    with signatures or MACs, and set `controls.providesIntegrity` on them. Make
    the sending side validate the destination's certificate, including a
    revocation check through OCSP or CRLs, and set
    `controls.authenticatesDestination` and
    `controls.checksDestinationRevocation` on the flow. For web content,
    encode any user-supplied text reflected in pages so it cannot inject
    markup.
    """
  example = "A mobile app loads its promotions page over plain HTTP; on a public Wi-Fi network an attacker replaces the page with a fake login form that posts the user's credentials to the attacker's server."
  references = [
    "https://capec.mitre.org/data/definitions/148.html",
    "https://cwe.mitre.org/data/definitions/345.html",
    "https://cwe.mitre.org/data/definitions/299.html",
  ]
}

threat AC06 "Using Malicious Files" {
  targets = [Server]
  severity = VeryHigh
  likelihood = High
  when = not target.controls.isHardened or not target.controls.hasAccessControl
  capec = [17]
  cwe = [732, 272, 270]
  details = """
    The attacker gets the server to run a file of their choosing: an
    executable the server exposes when it should not, or a file the attacker
    uploads and then triggers. Web servers, FTP servers and middleware with
    many integration points are especially exposed, because permissions must
    be right on every interface and directory. Typical causes are writable web
    roots, upload folders whose contents are served and executed, and services
    running as root. This rule fires when the server is not hardened or has no
    access control.
    """
  prerequisites = "The server's configuration lets the attacker reach executable files directly, or write a file to a place from which it will be executed."
  mitigations = """
    Run server processes under unprivileged accounts and confine them with
    chroot, containers or mandatory access control. Keep uploads outside the
    web root, on a path where execution is disabled, and check the type and
    name of uploaded files. Take away write permission on code directories
    from service accounts. Harden the host against a secure baseline and scan
    regularly for world-writable or executable paths, including
    penetration tests of upload and file-serving features. Set
    `controls.isHardened = true` and `controls.hasAccessControl = true` once
    both hold.
    """
  example = "An image upload feature saves files into the web root without checking their extension; the attacker uploads `shell.php`, requests it, and runs commands as the web server user."
  references = [
    "https://capec.mitre.org/data/definitions/17.html",
    "https://cwe.mitre.org/data/definitions/732.html",
    "https://cwe.mitre.org/data/definitions/272.html",
    "https://cwe.mitre.org/data/definitions/270.html",
  ]
}

threat AC07 "Exploiting Incorrectly Configured Access Control Security Levels" {
  targets = [Server]
  severity = Medium
  likelihood = High
  when = not target.controls.hasAccessControl
  capec = [180]
  cwe = [732]
  details = """
    The server has access controls, but they are configured wrongly, and the
    attacker finds the gap and uses it. Beyond trivial systems, access rules
    are complex, and it is easy to leave a sensitive path with too weak a
    rule, to apply rules in the wrong order, or to forget an HTTP method or an
    alternative path. Most often the attacker performs actions that should
    have been refused; less often an overly strict rule is used to make
    legitimate operations fail. This rule fires when the server is not marked
    as having access control.
    """
  prerequisites = "Some sensitive resource or action on the server is less protected than intended, and the attacker can find out which one."
  mitigations = """
    Keep access rules in one declarative place, deny by default and grant
    explicitly. Review the rules for every path, method and alias as part of
    code review. Test them automatically with requests from every role,
    unauthenticated ones included. Audit changes to the configuration and
    compare what is deployed with the reviewed baseline. Mark the server with
    `controls.hasAccessControl = true` once its access control is in place and
    verified.
    """
  example = "A reverse proxy protects `/admin/` with a login rule, but the application also answers on `/Admin/` and the proxy's match is case-sensitive, so the admin console opens without a login."
  references = [
    "https://capec.mitre.org/data/definitions/180.html",
    "https://cwe.mitre.org/data/definitions/732.html",
  ]
}

threat AA02 "Principal Spoof" {
  targets = [Server, Process]
  severity = Medium
  when = not target.controls.authenticatesSource
  capec = [195]
  details = """
    The attacker poses as another person in an interaction with or through the
    system, so that their messages or actions are attributed to that person.
    Unlike credential theft, this relies on making the message look as if
    someone else sent it: a forged sender, a chosen display name, or an
    identity field that the system fills from untrusted input. Phishing uses
    this to make requests for information look legitimate. The results can be
    false attribution of actions, misled users, or escalation when the person
    impersonated has more rights. This rule fires when the element does not
    authenticate the source of what it receives.
    """
  prerequisites = "The element ties messages or actions to a person's identity, and the attacker can set or change that identity without being noticed."
  mitigations = """
    Take the identity attached to a message or action from an authenticated
    session, never from a name or id supplied in the request. Use strong
    authentication, with multi-factor authentication for sensitive accounts.
    Sign messages whose origin matters, such as approvals and notifications,
    and show users which sender information has been verified. Set
    `controls.authenticatesSource = true` once the element verifies who sends
    it requests.
    """
  example = "A help-desk service takes the requester's name from a form field; the attacker files a ticket in the CFO's name asking support to reset the CFO's password."
  references = ["https://capec.mitre.org/data/definitions/195.html"]
}

threat AC08 "Manipulate Registry Information" {
  targets = [Server]
  severity = Medium
  when = not target.controls.hasAccessControl
  capec = [203]
  cwe = [15]
  details = """
    The server relies on a registry for configuration or service lookup, such
    as the Windows Registry, macOS property lists, or a service registry used
    by RMI or SOAP, and the attacker changes entries in it by exploiting weak
    authorization. Changed values can send clients to a rogue service, alter
    billing or authorization settings, switch off protections, or hide the
    traces of an intrusion. Such changes are often a step towards another
    attack, but since many values persist for a long time they can also be
    the goal in themselves. This rule fires when the server has no access
    control.
    """
  prerequisites = "The server depends on values kept in a registry, and the attacker holds or can obtain the rights to modify it, locally or through a remote management interface."
  mitigations = """
    Set restrictive permissions on registry keys and service registries so
    that only administrators and the deployment process can change them.
    Require authentication to register services, and verify services found
    through the registry. Monitor sensitive keys and alert on changes. Remove
    unneeded applications and services, whose registry entries widen the
    attack surface. Set `controls.hasAccessControl = true` once registry
    access is restricted.
    """
  example = "With a foothold as an ordinary user, an attacker edits the registry key that names a service's plugin folder, pointing it at a folder they control, so the service loads their DLL at its next start."
  references = [
    "https://capec.mitre.org/data/definitions/203.html",
    "https://cwe.mitre.org/data/definitions/15.html",
  ]
}

threat AA03 "Exploitation of Trusted Credentials" {
  targets = [Server]
  severity = High
  likelihood = High
  when = not target.controls.providesIntegrity
         or not target.controls.authenticatesSource
         or not target.controls.usesStrongSessionIdentifiers
  capec = [21]
  cwe = [290, 346, 664]
  details = """
    The server accepts identifiers such as session ids, resource ids or
    identity claims in messages without checking that they are genuine, and
    the attacker forges, guesses or reuses them to impersonate users or other
    services. This is common in server-to-server traffic that was never
    reviewed for security, between systems that trust each other because they
    sit behind the same firewall, and in schemes that carry identity without
    signatures or with weak randomness. Leaked configuration files holding
    connection strings or service passwords make the attack easier. This rule
    fires when the server does not protect integrity, does not authenticate
    its sources, or does not use strong session identifiers.
    """
  prerequisites = "The server trusts session or identity tokens that can be guessed, forged or replayed, or that it checks only weakly."
  mitigations = """
    Generate session ids with a cryptographically secure random generator and
    enough length, and set `controls.usesStrongSessionIdentifiers`. Sign or
    encrypt identity tokens, for example with SAML or OpenID Connect, verify
    them on every request, and set `controls.providesIntegrity`. Authenticate
    the users and services that call the server and set
    `controls.authenticatesSource`. Protect session ids in transit and at rest
    as carefully as passwords, and expire idle sessions. The rule fires while
    any of the three controls is false.
    """
  example = "A queue consumer decides what a message may do from a `role` field inside it; an attacker able to post to the queue sends a message with `role: admin`, and the consumer executes it."
  references = [
    "https://capec.mitre.org/data/definitions/21.html",
    "https://cwe.mitre.org/data/definitions/290.html",
    "https://cwe.mitre.org/data/definitions/346.html",
    "https://cwe.mitre.org/data/definitions/664.html",
  ]
}

threat AC09 "Functionality Misuse" {
  targets = [Server]
  severity = Medium
  likelihood = Medium
  when = not target.controls.hasAccessControl or not target.controls.authorizesSource
  capec = [212]
  details = """
    The attacker uses a feature as it was built, but for a purpose or at a
    scale its designers did not foresee, and causes harm with it. No code is
    changed; weaknesses in the design let the feature leak data, be repeated
    without limit, or be combined with others in ways that get around
    controls. Password reset, search, export and messaging features are
    frequent targets. This rule fires when the server has no access control
    or does not authorize its callers.
    """
  prerequisites = "The attacker can use the application's features, and the design does not limit their use to what the caller is entitled to."
  mitigations = """
    In design reviews and threat modeling, ask of every feature how it could
    be abused, and add limits where needed: rate limits, quotas, attempt
    counters and lockouts. Authorize each operation for both the caller and
    the object it touches, not only access to the feature as a whole. Log and
    monitor unusual patterns of use. Set `controls.hasAccessControl = true`
    and `controls.authorizesSource = true` once both are in place.
    """
  example = "A share-by-email feature lets any logged-in user send any document id to any address; the attacker loops over ids and mails themselves documents that belong to other customers."
  references = ["https://capec.mitre.org/data/definitions/212.html"]
}

threat AC10 "Exploiting Incorrectly Configured SSL" {
  targets = [Server]
  severity = High
  likelihood = Low
  when = receivesOutdatedTLS(target)
         and (not target.controls.implementsAuthenticationScheme
              or not target.controls.authorizesSource)
  capec = [217]
  cwe = [201]
  details = """
    The server accepts connections protected by an SSL/TLS version older than
    its configured minimum. An attacker on the network path can use the known
    weaknesses of such versions and their cipher modes to recover parts of the
    traffic, such as session cookies, or to inject data into the encrypted
    stream. Without an authentication scheme and per-request authorization
    behind the channel, recovered tokens or injected requests give the
    attacker direct access. This rule fires when at least one incoming flow
    uses a TLS version below the server's `minTLSVersion` and the server lacks
    an authentication scheme or authorization.
    """
  prerequisites = "The attacker can observe or intercept the traffic between clients and the server."
  mitigations = """
    Accept only TLS 1.2 with modern AEAD cipher suites, or TLS 1.3, and
    disable SSLv2, SSLv3, TLS 1.0 and TLS 1.1. Bring the `tlsVersion` of the
    incoming flows in the model in line with what the server actually
    enforces. Keep session lifetimes short so that recovered tokens soon
    expire, and check the configuration regularly with a TLS scanner. Put
    authentication and authorization in front of the service and set
    `controls.implementsAuthenticationScheme` and `controls.authorizesSource`.
    """
  example = "A payment back office still accepts SSLv3 for an old fleet of terminals; an attacker on the store network forces clients down to it and uses the POODLE padding-oracle attack to read an operator's login token."
  references = [
    "https://capec.mitre.org/data/definitions/217.html",
    "https://cwe.mitre.org/data/definitions/201.html",
  ]
}

threat AA04 "Exploiting Trust in Client" {
  targets = [Server]
  severity = High
  likelihood = High
  when = not target.controls.implementsServerSideValidation
         and (not target.controls.providesIntegrity or not target.controls.authorizesSource)
  capec = [22]
  cwe = [287]
  details = """
    The server assumes that requests come from its own client software and
    that the client has already checked and formatted them. The attacker goes
    around the client, by calling the API directly or by modifying the app,
    and sends values the client would never produce. Client-side validation,
    hidden form fields, and prices or roles computed in the browser then
    protect nothing. Message-oriented systems that take authorization
    information from the message itself fail in the same way. This rule fires
    when the server does not repeat validation itself and either lacks
    integrity protection or does not authorize its callers.
    """
  prerequisites = "The server relies on checks or values produced by the client and does not enforce them again itself."
  mitigations = """
    Treat every request as untrusted and repeat all validation on the server;
    checks in the client only improve usability. Compute prices, roles and
    permissions on the server from authoritative data instead of taking them
    from the request. Authenticate clients, authorize every request, and sign
    any data that has to make a round trip through the client. Set
    `controls.implementsServerSideValidation = true` once the server enforces
    its own checks, which alone stops the rule, or set both
    `controls.providesIntegrity` and `controls.authorizesSource`.
    """
  example = "A shop page computes the order total in JavaScript and posts it with the cart; the attacker replays the request with curl and a total of 1.00, and the server charges that amount."
  references = [
    "https://capec.mitre.org/data/definitions/22.html",
    "https://cwe.mitre.org/data/definitions/287.html",
  ]
}

threat AC11 "Session Credential Falsification through Manipulation" {
  targets = [Server]
  severity = Medium
  likelihood = Medium
  when = not target.controls.usesStrongSessionIdentifiers
  capec = [226]
  cwe = [565, 472]
  details = """
    After login the server recognises users by a session credential such as a
    cookie or token, and the attacker alters a real credential to gain more
    access or to become another user. If the credential carries readable
    fields, such as a user id, a role or an expiry time, and the server trusts
    them without checking their integrity, editing those fields changes who
    the server believes the caller is. Unlike prediction attacks, the attacker
    starts from an existing credential and modifies it rather than generating
    a new one. This rule fires when the server does not use strong session
    identifiers.
    """
  prerequisites = "The server identifies users by session credentials that the attacker can obtain and whose content affects what access is granted."
  mitigations = """
    Use opaque, random session identifiers that point to state kept on the
    server, rather than credentials with meaningful fields. If state has to
    travel in the token, sign it (for example a JWT whose signature and
    algorithm are strictly verified) and encrypt it when it is sensitive.
    Issue a fresh identifier at login and at every change of privilege, and
    invalidate the old one. Set `controls.usesStrongSessionIdentifiers = true`
    once identifiers are random and tamper-proof.
    """
  example = "A web application keeps `uid=1042;role=user` base64-encoded in a cookie; the attacker decodes it, changes the role to `admin`, encodes it again and opens the admin pages."
  references = [
    "https://capec.mitre.org/data/definitions/226.html",
    "https://cwe.mitre.org/data/definitions/565.html",
    "https://cwe.mitre.org/data/definitions/472.html",
  ]
}

threat AC12 "Privilege Escalation" {
  targets = [Process]
  severity = High
  likelihood = Medium
  when = not target.controls.hasAccessControl or not target.controls.implementsPOLP
  capec = [233]
  cwe = [269]
  details = """
    The attacker exploits a weakness in the process to obtain rights above
    those they were given, and then performs actions they are not allowed to
    perform. Causes include missing authorization checks on privileged
    operations, a process that runs with far more rights than it needs, and
    flaws that let low-privileged input reach privileged code. Once escalated,
    the attacker can read or change data and configuration outside their role,
    or take over the host. This rule fires when the process has no access
    control or does not follow the principle of least privilege.
    """
  prerequisites = "The attacker can interact with the process at some privilege level, and the process has a flaw or surplus privilege that can be turned into higher rights."
  mitigations = """
    Run the process with the smallest set of privileges it needs, move
    privileged work into a small separate component, and drop privileges as
    soon as they are no longer needed. Check authorization on every privileged
    operation. Separate privileges so that critical actions require more than
    one condition or approval. Set `controls.hasAccessControl = true` and
    `controls.implementsPOLP = true` once both are in place.
    """
  example = "A backup agent running as root accepts a destination path from any local user; a user points it at `/etc/sudoers.d/` and writes a file that grants them full sudo rights."
  references = [
    "https://capec.mitre.org/data/definitions/233.html",
    "https://cwe.mitre.org/data/definitions/269.html",
  ]
}

threat AC13 "Hijacking a privileged process" {
  targets = [Process]
  severity = Medium
  likelihood = Medium
  when = not target.controls.hasAccessControl or not target.controls.implementsPOLP
  capec = [234]
  cwe = [732, 648]
  details = """
    The process runs with elevated privileges, and the attacker takes control
    of it in order to run their own code with those privileges. Control can be
    gained through memory-corruption or injection bugs in the way the process
    handles input, or through poorly secured operating system facilities that
    allow debugging, injecting code into or signalling other processes. The
    more privilege the process holds, the more the attacker gains. This rule
    fires when the process has no access control or does not follow the
    principle of least privilege.
    """
  prerequisites = "The process holds more privilege than the attacker, and it or the operating system has a flaw that allows taking over its execution."
  mitigations = """
    Reduce the privileges the process runs with, and isolate the parts that
    need privilege in small, separately reviewed components. Restrict who can
    debug, trace or inject into the process, for example with ptrace
    restrictions or protected-process settings. Validate all input and prefer
    memory-safe code to close the usual hijacking routes. Set
    `controls.hasAccessControl = true` and `controls.implementsPOLP = true`
    once both hold.
    """
  example = "A system service running as SYSTEM loads plugins from a folder that every user can write to; an ordinary user drops a malicious plugin there and the service runs it with SYSTEM rights."
  references = [
    "https://capec.mitre.org/data/definitions/234.html",
    "https://cwe.mitre.org/data/definitions/732.html",
    "https://cwe.mitre.org/data/definitions/648.html",
  ]
}

threat AC14 "Catching exception throw/signal from privileged block" {
  targets = [Process]
  severity = VeryHigh
  likelihood = Low
  when = not target.controls.implementsPOLP
         and (target.usesEnvironmentVariables or not target.controls.validatesInput)
  capec = [236]
  cwe = [270]
  details = """
    The process does some of its work with raised privileges, and the attacker
    makes an exception, signal or callback carry control out of that code
    before the privileges are dropped. Whatever runs in the handler or
    callback then executes with the higher privileges, and if the attacker can
    reach or influence it, it can do things the design never allowed, or
    quietly deny service to other users. Attackers trigger such paths with
    malformed input that makes the privileged code fail, or by changing
    environment variables the process reads. This rule fires when the process
    does not follow least privilege and either uses environment variables or
    does not validate its input.
    """
  prerequisites = "The process runs threads or code blocks at a higher privilege level, and the attacker can make them fault or call back into code the attacker influences."
  mitigations = """
    Drop elevated privileges before calling callbacks, signal handlers or any
    code outside the privileged block, and on every exit path of that block,
    exceptions included. Keep privileged sections short and free of calls
    into user-supplied code. Validate input before it enters privileged code,
    and do not let environment variables influence it. Set
    `controls.implementsPOLP = true` once privileges are shed this way; the
    rule also stops when `controls.validatesInput` is true and the process
    uses no environment variables.
    """
  example = "A setuid helper raises its privileges to open a device and installs a signal handler that writes a log file whose path comes from an environment variable; the attacker signals it during the privileged section and the handler overwrites a system file."
  references = [
    "https://capec.mitre.org/data/definitions/236.html",
    "https://cwe.mitre.org/data/definitions/270.html",
  ]
}

threat AC15 "Schema Poisoning" {
  targets = [Process]
  severity = High
  likelihood = Low
  when = not target.controls.implementsPOLP
  capec = [271]
  details = """
    The process interprets resources such as JSON documents, database tables
    or configuration files according to a schema, and the attacker modifies or
    replaces that schema. A changed schema can remove required fields, loosen
    types and length limits, or alter defaults, so the process accepts
    malformed or malicious input, reaches an unexpected state, stores
    incomplete data or runs out of resources. This rule fires when the process
    does not follow the principle of least privilege, so more parties than
    necessary may be able to change its schemas.
    """
  prerequisites = "The attacker has some access that allows changing a schema the process relies on, and that schema is not protected against unauthorized change."
  mitigations = """
    Ship schemas with the application or load them from a trusted,
    version-controlled repository, and ignore schema references supplied in
    incoming documents. Allow only migration tooling and administrators to
    change database schemas and schema files; application accounts should
    have no rights to alter tables. Fetch any remote schema over
    authenticated TLS and check its hash. Set `controls.implementsPOLP = true`
    once the process and its accounts hold only the rights they need.
    """
  example = "An application's database account may alter tables; after an SQL injection, the attacker widens a column and removes a NOT NULL constraint, so later records are saved without required fields."
  references = ["https://capec.mitre.org/data/definitions/271.html"]
}

threat AC16 "Session Credential Falsification through Prediction" {
  targets = [Server]
  severity = High
  likelihood = High
  when = not target.controls.usesStrongSessionIdentifiers
  capec = [59]
  details = """
    The attacker works out how the server generates session identifiers and
    computes a valid one that belongs to another user. Identifiers built from
    time, counters, process ids or addresses, or produced by a
    non-cryptographic random generator, follow patterns that a few samples
    reveal. With a predicted identifier the attacker takes over the session
    without ever learning the user's password. This rule fires when the server
    does not use strong session identifiers.
    """
  prerequisites = "The server controls access with session identifiers, and they are generated in a predictable way."
  mitigations = """
    Generate session identifiers with a cryptographically secure random number
    generator and at least 128 bits of entropy. Do not derive them from
    anything the user can observe, such as the time or the user id. Rely on
    the session management of a mature framework instead of writing your own,
    and encrypt or sign identifiers that are exposed to the client. Set
    `controls.usesStrongSessionIdentifiers = true` once identifiers are
    unpredictable.
    """
  example = "A server builds session ids from the login time in milliseconds plus a counter; the attacker logs in a few times, sees the pattern, and tries nearby values until one opens someone else's session."
  references = ["https://capec.mitre.org/data/definitions/59.html"]
}

threat AC17 "Session Hijacking - ServerSide" {
  targets = [Server]
  severity = VeryHigh
  likelihood = High
  when = not target.controls.usesStrongSessionIdentifiers
  capec = [593]
  details = """
    The attacker takes over an active session by stealing, guessing or fixing
    its identifier, and then uses the server as the legitimate user. On the
    server side this is possible when identifiers are weak, appear in URLs or
    logs, are not renewed at login, or stay valid indefinitely. The attacker
    inherits everything the victim's session allows without ever passing
    authentication. This rule fires when the server does not use strong
    session identifiers.
    """
  prerequisites = "The server keeps users logged in by means of sessions."
  mitigations = """
    Issue long random session identifiers, replace them at login and at
    privilege changes, and destroy them at logout. Send them only in cookies
    marked Secure, HttpOnly and SameSite, never in URLs. Expire sessions after
    a period of inactivity and after a maximum lifetime. Set
    `controls.usesStrongSessionIdentifiers = true` once the server's session
    identifiers meet these requirements.
    """
  example = "A server keeps the same session id before and after login and accepts it as a URL parameter; the attacker sends a victim a link carrying an id the attacker chose, waits for the victim to log in, then uses that id."
  references = ["https://capec.mitre.org/data/definitions/593.html"]
}

threat AC18 "Session Hijacking - ClientSide" {
  targets = [Process]
  severity = VeryHigh
  likelihood = High
  when = (not target.controls.usesStrongSessionIdentifiers or not target.controls.encryptsCookies)
         and not target.controls.definesConnectionTimeout
  capec = [593]
  details = """
    On the client side, the attacker steals the session held by the user's
    application and reuses it, for example by reading cookies through
    cross-site scripting, from local storage, or from network traffic. Weak
    identifiers, cookies that are neither encrypted nor protected, and
    sessions that never time out keep a stolen session useful for a long
    time. The attacker then acts as the user within the application. This
    rule fires when the process uses weak session identifiers or unencrypted
    cookies and also defines no connection timeout.
    """
  prerequisites = "The process keeps users authenticated through sessions or cookies."
  mitigations = """
    Use strong random session identifiers and protect cookies: encrypt or sign
    them and mark them Secure, HttpOnly and SameSite. Prevent cross-site
    scripting with output encoding and a Content Security Policy, since it is
    the most common way to steal cookies. End idle sessions after a short time
    and cap their total lifetime, then set
    `controls.definesConnectionTimeout = true`, which alone stops the rule;
    otherwise set both `controls.usesStrongSessionIdentifiers` and
    `controls.encryptsCookies`.
    """
  example = "A single-page app keeps its session token in localStorage with no expiry; a script injected through a comment field sends the token to the attacker, who stays logged in as the victim for weeks."
  references = ["https://capec.mitre.org/data/definitions/593.html"]
}

threat AC19 "Reusing Session IDs (aka Session Replay) - ServerSide" {
  targets = [Server]
  severity = High
  likelihood = High
  when = target.usesSessionTokens and not target.controls.implementsNonce
  capec = [60]
  details = """
    The attacker captures a valid session identifier or token, for example
    from network traffic, log files or a shared link, and presents it to the
    server again to act as the user. If the server accepts the same token over
    and over, with no nonce, client binding or expiry, it cannot distinguish
    the replay from the real user. This rule fires when the server uses
    session tokens and does not implement a nonce.
    """
  prerequisites = "The server identifies users by session identifiers that can be captured and are not protected against reuse."
  mitigations = """
    Put a single-use nonce or timestamp into sensitive requests or tokens and
    reject repeats, then set `controls.implementsNonce = true`. Invalidate
    sessions at logout and after a period of inactivity. Protect tokens in
    transit with TLS and keep them out of URLs, where they end up in logs.
    Consider binding tokens to the client, for example with mutual TLS, and
    require re-authentication or MFA before sensitive actions.
    """
  example = "A server accepts a bearer token with no expiry and no nonce; the attacker finds it in a proxy log and a month later uses it to call the API as the original user."
  references = ["https://capec.mitre.org/data/definitions/60.html"]
}

threat AC20 "Reusing Session IDs (aka Session Replay) - ClientSide" {
  targets = [Process]
  severity = High
  likelihood = High
  when = not target.controls.definesConnectionTimeout
         and (not target.controls.usesMFA or not target.controls.encryptsSessionData)
  capec = [60]
  details = """
    The attacker obtains a session identifier used by the process, from the
    client's storage, its traffic or its history, and replays it later to act
    as the user. The longer sessions live and the less the session data is
    protected, the more a captured identifier is worth. Without a second
    factor, nothing else stands between the replayed identifier and the
    account. This rule fires when the process defines no connection timeout
    and either does not use multi-factor authentication or does not encrypt
    its session data.
    """
  prerequisites = "The process controls access with session identifiers, and an attacker can capture them."
  mitigations = """
    Expire idle sessions and limit their total lifetime, then set
    `controls.definesConnectionTimeout = true`, which alone stops the rule.
    Encrypt session data held on the client and keep identifiers out of URLs
    and logs. Require multi-factor authentication, and set `controls.usesMFA`
    and `controls.encryptsSessionData` once both are in place. Invalidate the
    session on the server at logout, not only on the client.
    """
  example = "A desktop client saves its session id in a plain configuration file and sessions never expire; malware copies the file, and the attacker uses the id from another machine."
  references = ["https://capec.mitre.org/data/definitions/60.html"]
}

threat AC21 "Cross Site Request Forgery" {
  targets = [Process]
  severity = VeryHigh
  likelihood = High
  when = not target.controls.implementsCSRFToken or not target.controls.verifySessionIdentifiers
  capec = [62]
  details = """
    The attacker lures a logged-in user to a page or email that makes the
    user's browser send a request to the application. The browser attaches the
    user's session cookie on its own, so the application carries out the
    action, such as a funds transfer, a password change or a settings update,
    with the user's rights. The attacker never sees the session; they only
    need to know what the request looks like. This rule fires when the process
    does not require anti-CSRF tokens or does not verify session identifiers.
    """
  prerequisites = "Users stay logged in through cookies the browser sends automatically, and a state-changing request can be built without any secret the attacker lacks."
  mitigations = """
    Require an unpredictable anti-CSRF token tied to the session on every
    state-changing request, and reject requests that lack it. Set session
    cookies with SameSite=Lax or Strict, use non-GET methods for changes, and
    check the Origin header. Ask for confirmation or re-authentication before
    sensitive actions. Verify on each request that the session identifier is
    valid and belongs to the caller. Set `controls.implementsCSRFToken = true`
    and `controls.verifySessionIdentifiers = true` once both hold.
    """
  example = "A user logged in to a project-management tool views a forum post whose hidden form auto-submits to the tool's change-email endpoint; the tool accepts it with the user's cookie, and the attacker then resets the account password via the new address."
  references = ["https://capec.mitre.org/data/definitions/62.html"]
}

// AC22 is listed for completeness but deprecated (pytm 1.4 no longer loads
// it), so it is never reported; AC23 and AC24 cover what it did.
threat AC22 "Credentials Aging" {
  targets = [Dataflow]
  severity = High
  likelihood = Medium
  deprecated = "pytm 1.4 retired it in favour of AC23 and AC24: forced rotation of credentials is no longer recommended."
  when = (any d in target.data: d.isCredentials)
         and target.sink.inScope
         and (any d in target.data: d.credentialsLife in [UNKNOWN, LONG, MANUAL, HARDCODED])
  cwe = [262, 263, 798]
  details = """
    Credentials on this flow have no enforced expiry: their lifetime is
    unknown or long, they are revoked only by hand, or they are hardcoded.
    Without a policy for ageing them, passwords and certificates stay in use
    for years, and a credential that leaked long ago may still work. This
    rule fires when a flow into an in-scope element carries credentials
    and some of its data has one of those lifetimes.
    """
  prerequisites = "Credentials sent on the flow stay valid indefinitely and nothing forces their replacement."
  mitigations = """
    Give credentials an expiry date and a way to revoke them at once when
    needed. Prefer short-lived tokens issued on demand, and record their
    lifetime in the model with `credentialsLife = SHORT` or `AUTO`.
    """
  example = "A service account password set when the system was installed has never changed, and a former employee who knew it can still log in."
  references = [
    "https://cwe.mitre.org/data/definitions/262.html",
    "https://cwe.mitre.org/data/definitions/263.html",
    "https://cwe.mitre.org/data/definitions/798.html",
  ]
}

threat AC23 "Credentials Disclosure" {
  targets = [Dataflow]
  severity = High
  likelihood = Medium
  when = (any d in target.data: d.isCredentials)
         and target.sink.inScope
         and (any d in target.data: d.credentialsLife in [UNKNOWN, LONG, MANUAL])
  details = """
    This flow carries credentials, such as passwords, API keys or
    certificates, that stay valid for a long or unknown time or can only be
    revoked by hand. If they are disclosed, through a breach, a log file or an
    intercepted message, an attacker can use them for as long as they remain
    valid, possibly without anyone noticing. The longer the lifetime and the
    slower the revocation, the more damage a single leak does. This rule fires
    when a flow into an in-scope element carries credentials and some of its
    data has an UNKNOWN, LONG or MANUAL credential lifetime.
    """
  prerequisites = "Credentials sent on the flow can be leaked or captured, and they cannot be revoked quickly once that happens."
  mitigations = """
    Prefer short-lived credentials issued on demand, such as OAuth access
    tokens or temporary cloud credentials, and record this on the data with
    `credentialsLife = SHORT` or `AUTO`. Where long-lived credentials are
    unavoidable, make them long and random enough to stay safe for their whole
    life, and provide a way to revoke and replace them immediately. Monitor
    their use for unusual sources or patterns so that a disclosure is noticed.
    Keep them in a secrets manager and out of logs and URLs.
    """
  example = "A service calls a partner API with a static API key that has been valid for years; the key shows up in a leaked CI log and the attacker uses it for months before anyone replaces it."
  references = ["https://pages.nist.gov/800-63-3/sp800-63b.html#sec6"]
}

threat AC24 "Use of hardcoded credentials" {
  targets = [Dataflow]
  severity = VeryHigh
  likelihood = High
  when = (any d in target.data: d.isCredentials)
         and target.sink.inScope
         and (any d in target.data: d.credentialsLife == HARDCODED)
  cwe = [798, 259, 321]
  details = """
    Credentials carried on this flow are built into the code, firmware or
    configuration of a component and cannot be changed. Anyone who extracts
    them, by reading the source, decompiling a binary or inspecting a device,
    can authenticate as that component on every installation that shares
    them. Because they cannot be revoked, a disclosure can only be fixed by
    shipping new software or taking the product out of service. This rule
    fires when a flow into an in-scope element carries credentials and some
    of its data is marked as hardcoded.
    """
  prerequisites = "A component authenticates with credentials embedded in its code or firmware, and the attacker can get a copy of that code or device."
  mitigations = """
    Do not embed credentials; load them at run time from a secrets manager,
    environment-specific configuration or per-device provisioning. If a
    built-in credential cannot be avoided, make it unique per device and
    changeable, and force the user to replace it at first login. Provide a way
    to disable a compromised credential remotely. Scan code and images for
    secrets before every release, and update `credentialsLife` in the model
    once the credential can be changed.
    """
  example = "Every unit of a network camera model ships with the same administrator password in its firmware; once it is published, attackers log in to thousands of exposed cameras."
  references = [
    "https://cwe.mitre.org/data/definitions/798.html",
    "https://cwe.mitre.org/data/definitions/259.html",
    "https://cwe.mitre.org/data/definitions/321.html",
  ]
}
