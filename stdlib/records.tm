// The records of the standard library: structured values that kinds use as
// attribute types. Controls (the 43 security controls of pytm), Assumption
// (a stated assumption that can exclude threats), Override (an analyst's
// adjustment to one finding) and Finding (a threat found on an element, the
// output of the analysis). A record-typed attribute needs no default: each
// field's own default applies.

/// The security controls an element or flow has in place; all are off by default, so set only those really implemented.
record Controls {
  // Authentication
  /// Verifies who sends it requests or data, for example with passwords, tokens or client certificates.
  authenticatesSource:            bool   = false
  /// Verifies the identity of the party it sends data to, for example by validating the server certificate.
  authenticatesDestination:       bool   = false
  /// When authenticating the destination, also checks that its certificate has not been revoked (CRL or OCSP); informational in tmc's library (pytm's reads it).
  checksDestinationRevocation:    bool   = false
  /// Enforces an authentication scheme before granting access, such as password login, OAuth or mutual TLS.
  implementsAuthenticationScheme: bool   = false
  /// Name of the authentication scheme in use, such as "OAuth2", "SAML" or "Basic"; informational.
  authenticationScheme:           string = ""
  /// Requires a second factor, such as a one-time code or a hardware key, in addition to a password.
  usesMFA:                        bool   = false

  // Authorization
  /// Checks that an authenticated caller is allowed to perform each action it requests.
  authorizesSource:               bool   = false
  /// Restricts access to its functions and resources by identity or role.
  hasAccessControl:               bool   = false
  /// Runs with, and grants, only the privileges its job needs (principle of least privilege).
  implementsPOLP:                 bool   = false

  // Sessions
  /// Issues long, random session identifiers that cannot be guessed or forged.
  usesStrongSessionIdentifiers:   bool   = false
  /// Checks on every request that the session identifier is valid and belongs to the caller.
  verifySessionIdentifiers:       bool   = false
  /// Encrypts the session data it keeps or hands to clients, so it cannot be read or replayed; informational in tmc's library (pytm's reads it).
  encryptsSessionData:            bool   = false
  /// Encrypts the cookies it sets, so clients and eavesdroppers can neither read nor alter them; informational in tmc's library (pytm's reads it).
  encryptsCookies:                bool   = false
  /// Requires an anti-CSRF token on state-changing requests, so other sites cannot send them for a user.
  implementsCSRFToken:            bool   = false
  /// Puts a single-use random value (nonce) in messages or tokens, so captured ones cannot be replayed; informational in tmc's library (pytm's reads it).
  implementsNonce:                bool   = false
  /// Ends idle connections and sessions after a set time, limiting how long a stolen session is useful.
  definesConnectionTimeout:       bool   = false

  // Input handling
  /// Checks all input against what is expected (type, length, format, range) and rejects the rest.
  validatesInput:                 bool   = false
  /// Neutralises dangerous characters or markup in input before using it.
  sanitizesInput:                 bool   = false
  /// Checks the size of input against buffer and field limits before copying or processing it.
  checksInputBounds:              bool   = false
  /// Repeats on the server every check done on the client, never trusting the client's validation.
  implementsServerSideValidation: bool   = false
  /// Passes input to queries and commands as parameters, never by pasting it into the query or command text.
  usesParameterizedInput:         bool   = false
  /// Checks that the declared content type of input is expected and matches the actual content; informational in tmc's library (pytm's reads it).
  validatesContentType:           bool   = false
  /// Rejects malformed or unexpected HTTP headers, such as values with embedded line breaks; informational in tmc's library (pytm's reads it).
  validatesHeaders:               bool   = false
  /// Parses HTTP strictly, rejecting ambiguous messages such as conflicting length headers.
  implementsStrictHTTPValidation: bool   = false
  /// Turns off DTD processing and external entities in its XML parser, preventing XXE and entity expansion.
  disablesDTD:                    bool   = false

  // Output and browser
  /// Encodes output for where it is placed (HTML, URL, JavaScript, SQL), so data cannot turn into code.
  encodesOutput:                  bool   = false
  /// Encodes or strips control characters in values it writes into HTTP headers; informational in tmc's library (pytm's reads it).
  encodesHeaders:                 bool   = false
  /// Filters script content out of data before it reaches a browser; informational in tmc's library (pytm's reads it), where `encodesOutput` is the XSS control.
  invokesScriptFilters:           bool   = false
  /// Forbids other sites to frame its pages (frame-ancestors or X-Frame-Options), preventing clickjacking.
  disablesiFrames:                bool   = false

  // Cryptography and transport
  /// Requires data in transit to be encrypted; on a flow, it means the flow itself is encrypted.
  isEncrypted:                    bool   = false
  /// Encrypts the data it stores.
  isEncryptedAtRest:              bool   = false
  /// Name of the main encryption algorithm it uses, such as "AES" or "RSA", so weak choices stand out.
  usesEncryptionAlgorithm:        string = ""
  /// Ensures the data it handles cannot be read by anyone not entitled to it.
  providesConfidentiality:        bool   = false
  /// Ensures the data it handles cannot be changed undetected, for example with signatures or MACs.
  providesIntegrity:              bool   = false
  /// Sends its traffic through a VPN tunnel: the flows it sends (and a flow with it set) count as encrypted in transit.
  usesVPN:                        bool   = false
  /// Ships and runs only signed code, so tampered code is rejected: on an artifact registry, its artifacts are signed and verified before deployment (SUP06); on a container platform, admission verifies image signatures (CNT05); on a client app, downloaded code (CLI04) and desktop releases (CLI06) are signed and verified.
  usesCodeSigning:                bool   = false

  // Resilience
  /// Keeps serving under load or partial failure, for example through redundancy or rate limiting.
  isResilient:                    bool   = false
  /// Limits how much memory, CPU, storage or connections a single caller can use.
  handlesResourceConsumption:     bool   = false
  /// Fails safely when it crashes, leaking nothing and leaving no insecure state, and then recovers; informational in tmc's library (pytm's reads it).
  handlesCrashes:                 bool   = false
  /// Handles interrupted operations and signals without leaving partial or privileged state behind; informational in tmc's library (pytm's reads it).
  handlesInterruptions:           bool   = false

  // Hardening and code
  /// Is hardened: unneeded services, accounts and features removed and a secure baseline applied.
  isHardened:                     bool   = false
  /// Uses bounds-checked library functions instead of unsafe ones such as strcpy or gets.
  usesSecureFunctions:            bool   = false
  /// Monitors or logs its own execution so that tampering and abuse can be detected; informational in tmc's library (pytm's reads it).
  tracksExecutionFlow:            bool   = false
  /// Has debug features, sample pages and verbose errors turned off where it is deployed; an admin or debug interface reached from below INTERNAL without it is reported (CFG04).
  disablesDebugFeatures:          bool   = false
  /// Has had every default account, password and key of the product changed or removed; a self-run product with default accounts (datastore, queue, gateway, container platform, identity provider, registry, vault) reached from below INTERNAL or holding secrets is reported without it (CFG02).
  changesDefaultCredentials:      bool   = false

  // Network
  /// Lets out only the outbound connections it needs (an egress allow-list), so a compromised component cannot reach arbitrary hosts; on a boundary, for everything in it and in the boundaries inside it (`egressFiltered`). Without it, SSRF (NET05, NET06), exposed elements handling secrets (NET08) and model output that can carry data out in links (AI07) are reported.
  filtersEgress:                  bool   = false
  /// Accepts connections only from the sources and on the ports it needs (firewall or security-group rules narrower than "any"); on a boundary, for everything in it and in the boundaries inside it (`networkRestricted`). A DMZ boundary without it is reported (NET10); on an element it quiets internet flows into internal elements (NET02), remote administration from the internet (NET09), reachable admin interfaces (CFG03), exposed vaults (CFG08) and queues (MSG02).
  restrictsNetworkAccess:         bool   = false

  // Logging and data at rest
  /// Keeps an audit trail of security-relevant actions (sign-ins, permission changes, data exports, admin actions) with who did them and when; missing on elements checking sign-ins or used by admins (LOG01), stores of secret data (LOG02), vaults (LOG03), internet-facing gateways (LOG08) and identity providers (IDN05), it is reported.
  logsSecurityEvents:             bool   = false
  /// Backs up the data it holds, kept apart from it and restored in tests, so data lost, encrypted or corrupted can be recovered; datastores holding sensitive data (LOG05) and vaults (LOG06) without it are reported.
  hasBackup:                      bool   = false
  /// Changes the secrets and keys it uses on a schedule and after any suspected leak, without downtime: a secrets vault handing out long-lived credentials without it is reported (SEC07).
  rotatesSecrets:                 bool   = false

  // Supply chain
  /// Pins every dependency (packages, base images, actions, models) to an exact version and hash, so a changed upstream artifact is rejected: read on registries that mirror public packages (SUP04), pipelines fetching from outside (SUP05) browser apps loading third-party scripts (subresource integrity, CLI03), and model files and agent tools (AI08, AI09).
  pinsDependencies:               bool   = false
  /// Scans its dependencies and images for known vulnerabilities and fails the build on serious ones: a releasing build pipeline without it is reported (SUP07).
  scansDependencies:              bool   = false
  /// Requires review by a second person before a change is merged or released: a releasing build pipeline without it is reported (SUP03), and one building outside changes with secrets (SUP02).
  requiresCodeReview:             bool   = false
  /// Runs each workload isolated from the others (separate nodes, namespaces with network policies, sandboxed runtimes), so one compromised workload cannot reach its neighbours: on a workload with `runsOn`, that it runs isolated from the platform's other workloads, and on a container platform, that it isolates all of them (`workloadIsolated`; CNT02, CNT03); on a build pipeline, that jobs run on separate ephemeral runners (SUP09).
  isolatesWorkloads:              bool   = false

  // Privacy and AI
  /// Lets the people whose data it holds see, export, correct and delete it, and carries out such requests; a datastore of identifiable personal data without it is reported (PRV09), and a model fine-tuned on personal data (AI11).
  supportsDataSubjectRights:      bool   = false
  /// Deletes data once its retention period is over, automatically; without it, a store keeping personal data past its `retentionDays` (PRV03) or with no stated retention (PRV04), and a hosted model keeping prompts (PRV13), are reported.
  enforcesRetention:              bool   = false
  /// Asks a person to approve an action before it is carried out (human in the loop), for actions an AI agent proposes; without it, an agent with write tools (AI03) or one that moves money (AI04) is reported, and one that also reads untrusted content and sensitive data (AI02).
  requiresHumanApproval:          bool   = false
}

/// An assumption the analysis relies on, which can also rule out the threats it makes irrelevant.
record Assumption {
  /// Short statement of the assumption, such as "The admin network is physically isolated".
  name:        string
  /// Ids of threats this assumption rules out, such as "INP01"; they are not reported where it applies.
  exclude:     [string] = []
  /// Why the assumption holds, or what would make it false, for reviewers.
  description: string   = ""
}

/// An analyst's adjustment to one threat's finding on one element, such as its response (pytm's override Finding).
record Override {
  /// Id of the threat whose finding this adjusts, such as "INP02".
  threat_id:   string
  /// How the threat is handled here (mitigated, transferred, avoided or accepted) and why.
  response:    string = ""
  /// CVSS score or vector assessed for this finding, such as "7.5" or a CVSS:3.1 vector.
  cvss:        string = ""
  /// Severity to report instead of the threat's own, such as `Medium`.
  severity:    Severity?
  /// Likelihood to report instead of the threat's own.
  likelihood:  Likelihood?
  /// Description to report instead of the threat's own.
  description: string = ""
  /// Details to report instead of the threat's own, such as how the attack plays out here.
  details:     string = ""
  /// Mitigations to report instead of the generic ones, such as the controls actually in place.
  mitigations: string = ""
  /// Example to report instead of the threat's generic one.
  example:     string = ""
  /// References to report instead of the threat's own, such as tickets or internal standards.
  references:  string = ""
}

/// One threat found on one element: output of the analysis, computed by the compiler and never written in models.
record Finding {
  /// Id of the threat in the threat library, such as "INP02".
  threat_id:   string
  /// Identifier of this finding, unique within the model's results.
  id:          string = ""
  /// Name of the element the finding applies to.
  target:      string = ""
  /// Short statement of the threat.
  description: string = ""
  /// Longer explanation of the threat and how an attack works.
  details:     string = ""
  /// The threat rule's condition that matched the element.
  condition:   string = ""
  /// How bad the threat is, such as "High", after any override.
  severity:    string = ""
  /// How likely the threat is to be exploited, after any override.
  likelihood:  string = ""
  /// CVSS score or vector, when an override records one.
  cvss:        string = ""
  /// How the threat is handled, from an override: mitigated, transferred, avoided or accepted.
  response:    string = ""
  /// Ways to counter the threat.
  mitigations: string = ""
  /// An example of the threat in practice.
  example:     string = ""
  /// Where to read more, such as CAPEC or CWE entries.
  references:  string = ""
}
