// tmc's library: authentication, authorization, sessions, credentials and
// cryptography.
//
// Each threat keeps the id of the pytm threat it refines (`refines pytm.ID`)
// when it is the same attack, but reads the model: where requests come from
// (trust zones, actors), the controls of the element and of the flow, and
// the data carried. pytm's variants of one attack are merged into one
// threat here; the ids not declared below (AA02, AA03, AC04, AC06-AC11,
// AC13-AC15, AC18-AC20, AC22, CR02, CR04, CR06-CR08) are not part of tmc's
// library. See threats/tmc/tests/ for the cases each threat must and must
// not fire on.

/// The element uses session tokens: a server marked `usesSessionTokens`, or
/// a process or lambda receiving flows that carry them.
predicate keepsSessions(a: Asset) =
  (a is Server and a.usesSessionTokens)
  or (not (a is Server) and (any f in a.inputs: f.usesSessionTokens))

/// The element verifies who calls it, by one of its authentication controls.
predicate authenticatesCallers(e: Element) =
  e.controls.authenticatesSource or e.controls.implementsAuthenticationScheme

// Authentication

threat AA01 "Requests from untrusted parties accepted without authentication" refines pytm.AA01 {
  targets = [Server, Process, Lambda]
  stride = [Spoofing]
  severity = High
  likelihood = High
  when = not authenticatesCallers(target)
         and (any f in target.inputs: fromUntrustedSource(f) and not f.controls.authenticatesSource)
  details = """
    The element takes requests from a person or from a zone less trusted than
    INTERNAL, and neither it nor the flow checks who is calling. Anyone who
    can reach it is served as if they were a legitimate caller, and can claim
    any identity the element takes from the request. Calls from other
    components inside INTERNAL or RESTRICTED zones are not counted: there the
    zone itself is the stated trust.
    """
  prerequisites = "The attacker can send requests to the element from the untrusted side, directly or through a component that forwards them unchanged."
  mitigations = """
    Authenticate every caller from the untrusted side, with a vetted scheme
    (OpenID Connect or OAuth 2.0 tokens for people, mutual TLS or signed
    tokens for services), enforced in one place in front of every handler,
    including admin, debug and recovery endpoints. Take identities from the
    verified token only, never from headers or parameters. Then set
    `controls.authenticatesSource` on the element, or on the flow when the
    channel itself authenticates (mutual TLS).
    """
  example = "A reporting API behind the load balancer trusts an `X-User` header; anyone on the internet sends the header with an administrator's name and is served as the administrator."
}

threat CR03 "Password guessing against a login without MFA" refines pytm.CR03 {
  targets = [Server, Process, Lambda]
  stride = [Spoofing]
  severity = Medium
  likelihood = High
  when = not target.controls.usesMFA
         and (any f in target.inputs:
                fromUntrustedSource(f)
                and (any d in f.data: d.isCredentials and (any e in d.processedBy: e is Actor)))
  details = """
    People's credentials reach this element from an untrusted side, so it is
    where a login is checked, and it asks for no second factor. A password
    alone can be guessed online, sprayed across many accounts, or replayed
    from another site's breach (credential stuffing); every account whose
    password is weak or reused falls. The severity follows the credentials it
    handles.
    """
  prerequisites = "The login can be tried many times from the untrusted side, and some users have weak or reused passwords."
  mitigations = """
    Offer and, for privileged or sensitive accounts, require a second factor
    (TOTP, WebAuthn or passkeys), then set `controls.usesMFA`. Throttle and
    lock out by account and by source, reject passwords known from breaches,
    and alert on bursts of failures across many accounts.
    """
  example = "An attacker replays a list of a million leaked e-mail and password pairs against the login; a few thousand customers reused their password and their accounts are taken over."
}

threat AA04 "Server trusts checks made by the client" refines pytm.AA04 {
  targets = [Server, Process, Lambda]
  stride = [Tampering, ElevationOfPrivilege]
  severity = Medium
  likelihood = Medium
  when = not target.controls.implementsServerSideValidation
         and (any f in target.inputs: fromUntrustedSource(f))
  details = """
    The element receives requests from an untrusted side and does not repeat
    on its own side the checks that the client makes. A client is in the
    attacker's hands: prices, quantities, roles, hidden form fields or steps
    of a workflow that only the browser or app enforces can be changed at
    will by sending the request directly.
    """
  prerequisites = "Some rule of the business or of access is enforced only in the client, and the attacker can send requests without it."
  mitigations = """
    Treat every value from the client as a proposal: recompute prices and
    totals, look up the caller's rights and the state of the workflow on the
    server, and validate each field there. Client-side checks are for the
    user's comfort only. Then set `controls.implementsServerSideValidation`.
    """
  example = "A shop's web page computes the basket total and posts it with the order; the attacker posts a total of 0.01 and the server charges that."
}

// Authorization

threat AC01 "Callers from untrusted zones not authorized per action" refines pytm.AC01 {
  targets = [Server, Process, Lambda]
  stride = [ElevationOfPrivilege]
  severity = High
  likelihood = Medium
  when = (not target.controls.hasAccessControl or not target.controls.authorizesSource)
         and (any f in target.inputs: fromUntrustedSource(f))
  details = """
    The element takes requests from people or from less trusted zones, but it
    lacks access control by role or identity, or does not check each request
    against what the caller may do. A genuine but ordinary account, or any
    caller at all, can then reach other users' records or administrative
    functions simply by asking for them.
    """
  prerequisites = "The attacker can send requests to the element with some identity, possibly their own low-privileged account."
  mitigations = """
    Decide, per role and per object, which operations are allowed, deny by
    default, and enforce it on the server on every request, including a check
    that the caller owns or may see the object named (no insecure direct
    object references). Test the matrix with low-privileged accounts. Set
    `controls.hasAccessControl` and `controls.authorizesSource` once both
    hold; the threat fires while either is missing.
    """
  example = "Changing the id in `/api/invoices/1043` to `1044` returns another customer's invoice, because the API only checks that the caller is logged in."
}

threat AC02 "Shared datastore written by several components without access control" refines pytm.AC02 {
  targets = [Datastore]
  stride = [Tampering]
  severity = Medium
  likelihood = Medium
  when = target.isShared and target.hasWriteAccess and not target.controls.hasAccessControl
  details = """
    Several components or tenants write to this datastore and nothing limits
    what each of them may write. Whoever controls one writer, through a bug
    or a compromise, can overwrite or plant the records the others read and
    act on, and the damage spreads to every consumer of the shared data.
    """
  prerequisites = "One writer of the datastore is compromised or can be steered into writing what the attacker chooses."
  mitigations = """
    Give each writer its own identity and restrict it to its own tables,
    prefixes or partitions, then set `controls.hasAccessControl`. Validate
    what is read from shared storage like any other input, record which
    writer produced each record, and split the store per tenant when sharing
    is not needed.
    """
  example = "Two services share one bucket with a single read-write key; a flaw in the thumbnail service lets an attacker overwrite the billing service's export files."
}

threat AC12 "Privilege escalation from a process without least privilege" refines pytm.AC12 {
  targets = [Process, Lambda]
  stride = [ElevationOfPrivilege]
  severity = High
  likelihood = Low
  when = not target.controls.implementsPOLP
         and ((any f in target.inputs: fromUntrustedSource(f) or carriesSensitiveData(f))
              or (any f in target.outputs: carriesSensitiveData(f)))
  details = """
    The process is reachable from untrusted parties or handles sensitive
    data, and it runs with more rights than its job needs. Whoever takes
    control of it, through a flaw in its code or a dependency, inherits all
    those rights: other data, other services, the host or the cloud account.
    This threat also covers hijacking the process and abusing its privileged
    operations, which pytm lists separately.
    """
  prerequisites = "The attacker can make the process run code or actions of their choosing, and the process holds rights beyond what its function needs."
  mitigations = """
    Run it under a dedicated unprivileged account or role granting only the
    resources and actions it uses, drop privileges after start-up, and
    isolate it (container, sandbox, separate cloud role). Review the rights
    whenever its function changes. Then set `controls.implementsPOLP`.
    """
  example = "A worker that resizes uploaded images runs with the cloud role of the whole application; a bug in the image library gives the attacker that role and every bucket with it."
}

threat AC03 "Behaviour changed through environment variables" refines pytm.AC03 {
  targets = [Process, Lambda]
  stride = [Tampering, ElevationOfPrivilege]
  severity = Medium
  likelihood = Low
  when = target.usesEnvironmentVariables and not target.controls.validatesInput
  details = """
    The element reads settings from its environment and uses them without
    checking them. Anyone who can change the environment, through the
    deployment pipeline, the cloud console, or input that a parent process
    copies into a variable, can point it to other hosts, libraries or files
    and change what it does.
    """
  prerequisites = "The attacker can set or alter an environment variable the element reads."
  mitigations = """
    Restrict who can edit deployment configuration and function settings,
    keep secrets in a secrets manager, never copy user input into the
    environment of a child process, and check each value read against the
    forms expected before using it; then set `controls.validatesInput`.
    """
  example = "A deploy job lets any developer set variables; one sets `HTTPS_PROXY` on the payment function and reads every request it sends."
}

// Sessions

threat AC16 "Session identifiers that can be guessed or forged" refines pytm.AC16 {
  targets = [Server, Process, Lambda]
  stride = [Spoofing]
  severity = High
  likelihood = Medium
  when = keepsSessions(target)
         and (not target.controls.usesStrongSessionIdentifiers
              or not target.controls.verifySessionIdentifiers)
  details = """
    The element keeps sessions, but its session identifiers are not long
    random values, or it does not check on each request that the identifier
    it gets is one it issued and still valid. An attacker can then predict
    another user's identifier, forge one, or fix one in the victim's browser
    before login, and act in that user's session. This covers prediction,
    forging and manipulation of session credentials, which pytm lists as
    separate threats.
    """
  prerequisites = "The element uses session tokens, and the attacker can send requests carrying identifiers of their choosing."
  mitigations = """
    Use the session management of a vetted framework: identifiers of at
    least 128 random bits from a secure generator, or signed tokens whose
    signature, audience and expiry are checked on every request; issue a new
    identifier at login and privilege changes. Then set
    `controls.usesStrongSessionIdentifiers` and
    `controls.verifySessionIdentifiers`.
    """
  example = "Session ids are the user id and the login time in base64; an attacker computes the id of an administrator who logged in this morning."
}

threat AC17 "Stolen sessions stay usable: no expiry of idle sessions" refines pytm.AC17 {
  targets = [Server, Process, Lambda]
  stride = [Spoofing]
  severity = Medium
  likelihood = Medium
  when = keepsSessions(target) and not target.controls.definesConnectionTimeout
  details = """
    The element keeps sessions and does not end them after a period of
    inactivity or a maximum lifetime. A token stolen from a browser, a log, a
    shared computer or malware keeps working for as long as the attacker
    likes. This covers session hijacking and replay on the server and client
    sides, which pytm lists as four threats.
    """
  prerequisites = "The attacker obtains a valid session token of a user."
  mitigations = """
    Expire sessions after an idle timeout and an absolute lifetime suited to
    the data, revoke them on logout and password change, bind them to the
    client where possible, and ask again for credentials before sensitive
    actions. Then set `controls.definesConnectionTimeout`.
    """
  example = "A session cookie copied from a shared office computer still opens the user's account a month later."
}

threat AC21 "Cross-site request forgery" refines pytm.AC21 {
  targets = [Server, Process, Lambda]
  stride = [Spoofing, Tampering]
  severity = High
  likelihood = Medium
  when = keepsSessions(target) and not target.controls.implementsCSRFToken
  details = """
    The element keeps sessions, which browsers attach automatically to every
    request, and does not require an anti-forgery token on requests that
    change state. A page on another site can make a logged-in user's browser
    send such a request, and the element performs it as that user.
    """
  prerequisites = "A logged-in user visits a page the attacker controls, and the element authenticates requests by a cookie the browser sends on its own."
  mitigations = """
    Require a per-session or per-request anti-forgery token on every state
    changing request (most frameworks provide one), set cookies with
    `SameSite=Lax` or `Strict`, and never change state on GET. Then set
    `controls.implementsCSRFToken`.
    """
  example = "A forum post embeds a hidden form that posts to the bank's `/transfer`; every logged-in customer who opens the post sends money to the attacker."
}

threat CR01 "Session tokens sent over an unprotected channel" refines pytm.CR01 {
  targets = [Dataflow]
  stride = [InformationDisclosure, Spoofing]
  severity = High
  likelihood = High
  when = target.usesSessionTokens and not encryptedInTransit(target)
  details = """
    The flow carries session tokens and is neither encrypted, nor protected
    by TLS 1.2 or later, nor run through a VPN. Anyone who can watch the
    traffic, on public Wi-Fi or on any network in between, copies the token
    and takes over the session without needing the password (sidejacking).
    """
  prerequisites = "The attacker can observe the traffic of the flow."
  mitigations = """
    Serve everything that carries a session over TLS 1.2 or later (or inside
    a VPN), redirect plain HTTP, send HSTS, and mark cookies `Secure` and
    `HttpOnly`. Then set the flow's `tlsVersion`.
    """
  example = "A user on café Wi-Fi browses the shop over HTTP after logging in; a neighbour's sniffer captures the session cookie and opens the account."
}

// Credentials

threat AC23 "Long-lived service credentials" refines pytm.AC23 {
  targets = [Dataflow]
  stride = [InformationDisclosure, Spoofing]
  severity = Medium
  likelihood = Medium
  when = target.sink.inScope
         and (any d in target.data:
                d.isCredentials
                and d.credentialsLife in [UNKNOWN, LONG, MANUAL]
                and not (any e in d.processedBy: e is Actor))
  details = """
    A component authenticates to another with credentials that stay valid
    for a long or unknown time, or can only be revoked by hand. Such keys end
    up in configuration files, build logs and backups; once one leaks it
    works until someone notices and replaces it. People's own passwords are
    left to CR03; hardcoded credentials to AC24.
    """
  prerequisites = "The credentials can leak from where they are kept or used, and nothing makes them expire soon after."
  mitigations = """
    Replace static keys with short-lived credentials issued on demand
    (workload identity, cloud roles, OAuth client credentials), recorded on
    the data with `credentialsLife = SHORT` or `AUTO`. Keep remaining
    secrets in a secrets manager, rotate them, and watch their use.
    """
}

threat AC24 "Hardcoded credentials" refines pytm.AC24 {
  targets = [Dataflow]
  stride = [InformationDisclosure, Spoofing]
  severity = High
  likelihood = Medium
  when = target.sink.inScope and (any d in target.data: d.credentialsLife == HARDCODED)
  details = """
    The flow carries credentials that are built into code or configuration
    and cannot be revoked. Everyone with a copy of the code, the image or the
    binary has them, and when they leak the only fix is a new release of
    every component that embeds them.
    """
  prerequisites = "The attacker gets hold of the code, a container image, a binary or a configuration file that contains the credentials."
  mitigations = """
    Move the secret out of the code into a secrets manager or the platform's
    identity, injected at run time; replace the exposed credential at once;
    scan repositories and images for secrets so it does not come back.
    """
}

// Cryptography and transport

threat AC05 "Content forged or altered in transit over an untrusted network" refines pytm.AC05 {
  targets = [Dataflow]
  stride = [Tampering, Spoofing]
  severity = Medium
  likelihood = Medium
  when = overUntrustedNetwork(target)
         and not encryptedInTransit(target)
         and not target.controls.providesIntegrity
         and not (target.source.controls.providesIntegrity
                  and target.sink.controls.providesIntegrity)
  details = """
    The flow crosses the internet or a partner's network without encryption
    or integrity protection. Anyone on the path can change what is sent or
    inject content of their own, and the receiver cannot tell it from the
    genuine sender's: altered downloads, injected scripts, changed amounts.
    """
  prerequisites = "The attacker sits on the network path, or can redirect the traffic through a host they control."
  mitigations = """
    Protect the flow with TLS 1.2 or later and set its `tlsVersion`, or sign
    what matters end to end (signed messages or MACs at both ends, recorded
    as `controls.providesIntegrity` on the flow or on both of its ends).
    """
  example = "An update client downloads packages over plain HTTP; a hostile hotspot replaces the package with one that carries malware."
}

threat CR05 "Weak or unvetted encryption algorithm" refines pytm.CR05 {
  targets = [Server, Process, Lambda, Datastore, Dataflow]
  stride = [InformationDisclosure]
  severity = Medium
  likelihood = Low
  when = target.controls.usesEncryptionAlgorithm != ""
         and target.controls.usesEncryptionAlgorithm not in ["AES", "AES-128", "AES-256", "AES-GCM", "AES-128-GCM", "AES-256-GCM", "ChaCha20", "ChaCha20-Poly1305", "RSA", "ECDSA", "ECDH", "Ed25519", "X25519"]
  details = """
    The element or flow names an encryption algorithm that is not one of the
    modern, well-reviewed ones (AES, ChaCha20, RSA or elliptic curves).
    Older or home-made ciphers (DES, 3DES, RC4, XOR schemes) or short keys
    can be broken by brute force or known attacks, exposing everything they
    protect. Nothing fires while no algorithm is named.
    """
  prerequisites = "The attacker obtains data encrypted with the algorithm, and the algorithm or its key size is weak."
  mitigations = """
    Use AES-GCM or ChaCha20-Poly1305 with keys of at least 128 bits from a
    maintained library, and RSA of at least 3072 bits or elliptic curves for
    key exchange and signatures; never design your own cipher. Name the
    algorithm in `controls.usesEncryptionAlgorithm` as one of those.
    """
  example = "Backups are encrypted with DES; the attacker who copies them recovers the key by brute force in a day."
}
