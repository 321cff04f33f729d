// The element kinds of the standard library and their attributes, with
// pytm's inheritance:
//
//   Element
//     Asset: Server (Gateway), Process (SetOfProcesses), Lambda, Datastore,
//            ExternalEntity, LLM, Agent, ClientApp, MessageQueue,
//            SecretsVault, IdentityProvider, BuildPipeline,
//            ArtifactRegistry, ContainerPlatform
//     Actor
//     Boundary
//     Dataflow
//
// An element's display name is part of its declaration (`Server web "Web
// Server"`), so no kind declares a `name` attribute. `derived` attributes are
// computed by the compiler from the model graph and cannot be set.

/// The base of everything in a model's diagram (actors, assets, boundaries and flows), with the attributes they share.
kind Element {
  /// What this element is and does, in plain words; shown in reports next to its findings.
  description:               string         = ""
  /// The trust boundary it sits in; usually given by `in <boundary>` or by nesting it in the boundary's block.
  inBoundary:                Boundary?
  /// Whether it is being assessed; set false for things you rely on but do not own, which then get no findings.
  inScope:                   bool           = true
  /// The most sensitive data it may handle; once set above UNKNOWN, flows carrying data classified above it are reported (DS06), and it clears a party in an untrusted zone to receive data up to that level (TB03).
  maxClassification:         Classification = UNKNOWN
  /// The oldest TLS version it accepts; at TLSv12 or later, flows into it count as encrypted in transit (`encryptedInTransit`). pytm's library reports incoming flows that declare an older version.
  minTLSVersion:             TLSVersion     = NONE
  /// The security controls it implements; each control left false can let threats apply.
  controls:                  Controls
  /// Assumptions about this element; threats they `exclude` are not reported on it.
  assumptions:               [Assumption]   = []
  /// Adjustments to its findings, such as a recorded response or CVSS score, each for one `threat_id`.
  overrides:                 [Override]     = []
  /// Paths, relative to the model file, of the code or configuration that implements it; `tmc stale` reads them, no threat does (informational).
  sourceFiles:               [string]       = []
  /// The identifiers it had in earlier versions of the model, such as ["web"] after renaming `web` to `frontend`: references, triages and `tmc diff` that use an old identifier find it under the new one, so its findings keep their triage.
  renamedFrom:               [string]       = []
  /// Diagram levels it is drawn on (0 is the top view), for splitting a large diagram into layers; informational for threats.
  levels:                    [int]          = [0]
  /// The trust level where it sits: its boundary's (a boundary's own), or the model's `outsideTrust` in no boundary; a flow's is the lower of its ends'.
  derived zone:              TrustLevel
  /// The least trusted level that reaches it in one step: the lower of its own `zone` and that of every element with a flow into it.
  derived exposure:          TrustLevel
  /// The least trusted `zone` of any other element with a path of request flows to it (responses left out), however many hops away; none when nothing reaches it, and on flows and boundaries. `exposure` looks one hop back; this follows the whole graph.
  derived reachableFrom:     TrustLevel?
  /// The fewest hops (request flows) from an element in its `reachableFrom` zone; none when `reachableFrom` is.
  derived reachableFromHops: int?
  /// The most sensitive classification of the data on any request flow it can send along, itself or through the elements it reaches, and of the data held by the elements those flows go to; none when it reaches no data, and on flows and boundaries.
  derived reachesData:       Classification?
  /// How many other elements it can reach along request flows (responses left out), directly or through others: with `reachesData`, the most sensitive data among what it reaches, its blast radius if it is compromised; 0 when it sends nothing, none on flows and boundaries.
  derived blastRadius:       int?
  /// The worst severity among its findings, from 0 (info) to 5 (critical).
  derived severity:          int
  /// The threats found to apply to it, after assumptions and overrides.
  derived findings:          [Finding]
}

/// A part of the system that handles data and can be attacked; the base of servers, processes, datastores and the rest.
kind Asset : Element {
  /// The port it listens on, used as the destination port of flows into it that give none; -1 if unknown.
  port:                     int              = -1
  /// The protocol it speaks, such as "HTTPS", used for flows into it that name none.
  protocol:                 string           = ""
  /// Data it holds or sends; it is added to the data of every flow that leaves this asset.
  data:                     [Data]           = []
  /// The flows that end at this asset.
  derived inputs:           [Dataflow]
  /// The flows that start at this asset.
  derived outputs:          [Dataflow]
  /// The operating system it runs on, such as "Ubuntu 22.04"; informational.
  OS:                       string           = ""
  /// Whether it runs on Amazon Web Services, read like `cloud = AWS`: brings in the cloud checks (metadata credentials through SSRF, NET06; over-broad cloud permissions, CFG06, CFG07) and counts as a managed service without default accounts (CFG02).
  onAWS:                    bool             = false
  /// Whether it allocates resources (memory, files, connections) for its callers; reached from DMZ trust or lower without `controls.handlesResourceConsumption`, resource exhaustion is reported.
  handlesResources:         bool             = false
  /// Whether it reads settings from environment variables, which an attacker may be able to change.
  usesEnvironmentVariables: bool             = false
  /// The cloud provider that runs it as a managed service or on its infrastructure; NONE for your own hardware. `onAWS` (pytm's) counts as AWS. Set, it brings in the cloud checks: metadata credentials stolen through SSRF (NET06) and over-broad cloud permissions (CFG06, CFG07); a product you run yourself (NONE) is checked for default credentials (CFG02).
  cloud:                    CloudProvider    = NONE
  /// The container platform or orchestrator it runs on, if any; workloads of different trust zones on one platform share a runtime: set, an exposed workload without `controls.isolatesWorkloads` (CNT02) and one called by a less trusted workload on the same platform (CNT03) are reported.
  runsOn:                   ContainerPlatform?
  /// Where it keeps the secrets it uses (API keys, database passwords, signing keys), such as `[ENVIRONMENT, CONFIG_FILE]`; empty when unknown or none. Each place other than VAULT is reported: SOURCE_CODE (SEC01), IMAGE (SEC02), COMMAND_LINE (SEC03), ENVIRONMENT (SEC04), CONFIG_FILE (SEC05), and credentials handled with no vault in use (SEC06); on a client app, any place (CLI05).
  keepsSecretsIn:           [SecretLocation] = []
  /// Whether it fetches URLs or connects to hosts named in the input it gets (webhooks, link previews, imports by URL), the opening for server-side request forgery: with untrusted input and no `controls.filtersEgress` it is reported (NET05, and NET06 in a cloud without `controls.implementsPOLP`).
  fetchesURLs:              bool             = false
  /// Whether it turns input into objects with a native serialization format (Java serialization, Python pickle, .NET BinaryFormatter, PHP unserialize, YAML with tags), which can run code on crafted input: reported when such input comes from an untrusted source, or from a store or queue one writes to, unless signed (`controls.providesIntegrity`, DSR01).
  deserializesObjects:      bool             = false
  /// Whether it serves a management console, admin API or debug endpoints besides its main interface: reached from below INTERNAL it is reported unless `controls.restrictsNetworkAccess` (CFG03) and unless `controls.disablesDebugFeatures` (CFG04); its actions need an audit trail (LOG01).
  exposesAdminInterface:    bool             = false
}

/// A person or role that uses the system from outside it, such as a customer, an operator or an administrator.
kind Actor : Element {
  /// The port of the actor's endpoint, used for its flows that give no port; -1 if unknown.
  port:              int    = -1
  /// The protocol the actor uses, such as "HTTPS", for its flows that name none.
  protocol:          string = ""
  /// Data the actor sends; it is added to the data of every flow that leaves the actor.
  data:              [Data] = []
  /// The flows that end at this actor.
  derived inputs:    [Dataflow]
  /// The flows that start at this actor.
  derived outputs:   [Dataflow]
  /// Whether the actor has administrative privileges; an administrator in the INTERNET zone using an element without MFA is reported (TB02).
  isAdmin:           bool   = false
  /// Whether the actor works for the organisation running the system (staff, operators, support), with the access and the exposure to targeted phishing that brings: staff signing in without MFA (HUM01), on unmanaged devices (HUM02, HUM03) or handling others' personal data without verifying callers (HUM05) are reported; actors that are neither staff nor administrators are expected outside the internal zones (MOD03) and are the users of HUM04.
  isStaff:           bool   = false
  /// Whether the actor's device is managed by the organisation: patched, disk-encrypted, with endpoint protection and no unvetted browser extensions; staff and administrators without it are reported for compromised or stolen devices (HUM02) and malicious browser extensions (HUM03).
  usesManagedDevice: bool   = false
}

/// A host or service that answers network requests, such as a web server, API gateway or load balancer.
kind Server : Asset {
  /// Whether it issues or accepts session tokens, exposing users to session theft and forgery.
  usesSessionTokens: bool = false
  /// Whether it caches responses or data, which can serve sensitive content to the wrong user.
  usesCache:         bool = false
  /// Whether it is reachable only through a VPN; such a server is not reported as footprinted from the internet (DS03).
  usesVPN:           bool = false
  /// Whether it parses XML input, which brings in XXE and entity expansion unless `controls.disablesDTD` (data of `format` "XML" flowing in does too).
  usesXMLParser:     bool = false
}

/// A running program that transforms data, such as an application service or a background worker.
kind Process : Asset {
  /// How its code runs: "Unmanaged" (the default, as in pytm) for native code, the only kind checked for buffer overflows, or "Managed" for memory-safe languages.
  codeType:                        string = "Unmanaged"
  /// Where it is deployed, such as "Production"; production brings in threats on leftover debug options.
  environment:                     string = ""
  /// Whether it exposes an API to other components; reached from DMZ trust or lower, API abuse and leftover test APIs are reported.
  implementsAPI:                   bool   = false
  /// Whether it implements a network protocol itself instead of using a vetted library; informational: no rule of tmc's library reads it yet.
  implementsCommunicationProtocol: bool   = false
  /// Whether it serves pages that run scripts in the browser, which brings in XSS and clickjacking checks.
  allowsClientSideScripting:       bool   = false
  /// Whether it checks its own control flow at run time, so hijacked execution is detected; informational: no rule of tmc's library reads it yet.
  tracksExecutionFlow:             bool   = false
}

/// Several processes treated as one, such as a pool of identical workers; it has the attributes of a Process.
kind SetOfProcesses : Process {}

/// A serverless function run on demand by a cloud platform, such as AWS Lambda.
kind Lambda : Asset {
  /// Whether it runs on Amazon Web Services; true by default for lambdas, so they get the cloud checks (NET06).
  onAWS = true

  /// Where it is deployed, such as "Production"; production brings in threats on leftover debug options.
  environment:   string = ""
  /// Whether it serves an API, for example behind an API gateway; reached from DMZ trust or lower, API abuse and leftover test APIs are reported.
  implementsAPI: bool   = false
}

/// A place where data rests, such as a database, file share, object store or directory.
kind Datastore : Asset {
  /// The storage technology behind it: SQL brings in SQL injection, LDAP LDAP injection and FILE_SYSTEM path traversal on the elements using it, AWS_S3 a check of who can read it (DS07); left UNKNOWN, `isSQL` decides whether it is a SQL store.
  type:                DatastoreType = UNKNOWN
  /// Whether it is queried with SQL. It follows `type` once a type is set (true for SQL, false for any other; writing a contradicting value is an error); with `type` left UNKNOWN it says it alone, true by default as in pytm.
  isSQL:               bool          = true
  /// Whether anyone can read it without credentials, such as a bucket or share opened to the public; holding sensitive data, it is reported (CFG05).
  allowsPublicAccess:  bool          = false
  /// How many days it keeps what it stores before deleting it; -1 when not stated. Personal data kept longer than its own `retentionDays` (PRV03), or kept here with this unstated, is reported unless `controls.enforcesRetention` (PRV04).
  keepsDataForDays:    int           = -1
  /// Whether it is a database managed by Amazon RDS: holding sensitive data without access control, it is reported as readable beyond its owners (DS07).
  onRDS:               bool          = false
  /// Whether it holds logs or audit trails, which attackers tamper with to hide their tracks: reported unless tamper-evident (`providesIntegrity`, DE04) and encrypted at rest (DR01), and when credentials flow into it (DS08).
  storesLogData:       bool          = false
  /// Whether it holds data that can identify a person, with the privacy duties that brings: reported unless encrypted at rest (DR01).
  storesPII:           bool          = false
  /// Whether it holds data whose disclosure would do harm, such as secrets or financial records: reported unless encrypted at rest (DR01).
  storesSensitiveData: bool          = false
  /// Whether several components or tenants use it, so one of them can corrupt the others' data; with `hasWriteAccess` and no `controls.hasAccessControl` it is reported (AC02).
  isShared:            bool          = false
  /// Whether the elements using it can write to it, not only read; matters for a shared datastore (`isShared`, AC02).
  hasWriteAccess:      bool          = false
}

/// A system outside your control that exchanges data with yours, such as a partner API or a payment provider.
kind ExternalEntity : Asset {
  /// Whether the entity can physically reach the hardware, enabling tampering and reverse engineering.
  hasPhysicalAccess: bool = false
}

/// A large language model the system calls, either a provider's hosted API or a model you run yourself.
kind LLM : Asset {
  /// Whether an outside provider runs the model, so prompts and data leave your control; true by default.
  isThirdParty:                bool = true
  /// Whether you run the model on your own infrastructure; informational (clear `isThirdParty` for a self-hosted model).
  isSelfHosted:                bool = false
  /// Whether it gets input from sources you do not control, the opening for prompt injection; true by default.
  processesUntrustedInput:     bool = true
  /// Whether a system prompt steers it, which attackers may try to extract or override; true by default; informational: no rule of tmc's library reads it.
  hasSystemPrompt:             bool = true
  /// Whether a filter screens its inputs and outputs for malicious prompts and harmful content.
  hasContentFiltering:         bool = false
  /// Whether prompts or context sent to it contain personal data.
  processesPersonalData:       bool = false
  /// Whether it or its provider keeps prompts and outputs afterwards (history, memory, logs, training); with personal or sensitive data, reported unless what is kept is scoped per user (`controls.hasAccessControl`, AI12), and for a third-party model unless its retention is agreed (`controls.enforcesRetention`, PRV13).
  retainsUserData:             bool = false
  /// Whether retrieved documents are added to its context (RAG), a path for indirect prompt injection.
  hasRAG:                      bool = false
  /// Whether it was fine-tuned on your data, whose poisoning would change its behaviour.
  hasFineTuning:               bool = false
  /// Whether it can call tools or take actions, not only return text.
  hasAgentCapabilities:        bool = false
  /// Whether its tools reach sensitive systems or data, widening what a manipulated model can do.
  hasAccessToSensitiveSystems: bool = false
  /// Whether it can run the code it generates, for example through an interpreter tool.
  executesCode:                bool = false
  /// Whether it loads model weights, adapters or tokenizers from a public hub or another outside source, rather than only a provider's API; reported unless `controls.pinsDependencies` (AI08).
  loadsExternalModelFiles:     bool = false
}

/// An agent harness that reasons with an LLM and invokes tools or servers to act, such as an MCP client.
kind Agent : Asset {
  /// Whether it launches or calls external tools or servers, such as MCP servers.
  usesExternalTools:         bool = false
  /// Whether it checks a tool's launch configuration (command, arguments, origin) before starting it.
  validatesToolLaunchConfig: bool = false
  /// Whether it puts content it does not control into the model's context: web pages, e-mails, uploaded documents, tickets, or results of tools that read them; reported unless `controls.sanitizesInput` (AI01), with write tools and sensitive data unless `controls.requiresHumanApproval` (AI02), and when its sensitive output is rendered in a browser that loads from any host (AI07).
  readsUntrustedContent:     bool = false
  /// Whether its tools can change data or systems (write, delete, send, deploy), not only read; reported unless `controls.requiresHumanApproval` (AI03, and AI02 with untrusted content), and when it acts for outside users without `controls.authorizesSource` (AI13).
  hasWriteTools:             bool = false
  /// Whether its tools can move money or commit the organisation: payments, refunds, orders, contracts; reported unless `controls.requiresHumanApproval` (AI04), and when it acts for outside users without `controls.authorizesSource` (AI13).
  movesMoney:                bool = false
}

/// A program that runs on the user's own device and talks to the system: a single-page app in the browser, a mobile app, a desktop app or a command-line client. Its code and what it stores are in the user's (or an attacker's) hands.
kind ClientApp : Asset {
  /// Where it runs: in a web browser, on a phone or tablet, or as a desktop or command-line program; it decides which client threats apply: tokens stolen by XSS in the browser (CLI01) or read from the device elsewhere (CLI02), web skimming (CLI03) or unsigned downloaded code (CLI04), unsigned desktop releases (CLI06), unencrypted data on mobile and desktop devices (CLI07).
  platform:            ClientPlatform = BROWSER
  /// Whether it keeps access or refresh tokens in storage that scripts or other apps can read (browser localStorage, unencrypted files or preferences): reported in a browser (CLI01) and on other platforms (CLI02).
  storesTokensLocally: bool           = false
  /// Whether it loads code from third parties at run time: scripts from CDNs, analytics or advertising tags, SDKs fetched on start: reported in a browser handling sensitive data unless pinned (`controls.pinsDependencies`, CLI03), elsewhere unless signed (`controls.usesCodeSigning`, CLI04); third-party code in an app handling sensitive data learns of its use (PRV10).
  loadsThirdPartyCode: bool           = false
}

/// A message queue, stream or event broker that carries messages between components, such as Kafka, RabbitMQ, Amazon SQS or Google Pub/Sub.
kind MessageQueue : Asset {
  /// How many days it keeps messages, for replay or until consumed; -1 when not stated. Personal data kept longer than its `retentionDays` (PRV03), or kept here with this unstated, is reported unless `controls.enforcesRetention` (PRV04).
  keepsDataForDays:   int  = -1
  /// Whether messages that keep failing are set aside (a dead-letter queue) instead of being retried for ever or dropped; a queue with untrusted producers and none is reported (MSG04).
  hasDeadLetterQueue: bool = false
}

/// A store built for secrets (keys, passwords, certificates) that hands them out to authorised workloads and records who read what, such as HashiCorp Vault, AWS Secrets Manager or Azure Key Vault.
kind SecretsVault : Asset {}

/// A service that authenticates users or workloads and issues tokens or assertions to the rest of the system, such as Keycloak, Okta, Microsoft Entra ID or Amazon Cognito.
kind IdentityProvider : Asset {
  /// Whether an outside provider runs it, so account security and every sign-in partly rest with that provider: reported unless `controls.isResilient` (IDN04).
  isThirdParty:         bool = false
  /// How long the access tokens it issues stay valid, in minutes; -1 when not stated. Over 60 minutes is reported (IDN02).
  tokenLifetimeMinutes: int  = -1
}

/// A server in front of others that routes, balances or filters their traffic: an API gateway, a load balancer, a reverse proxy, a web application firewall (WAF) or a CDN.
kind Gateway : Server {
  /// What it does for the servers behind it; a WAF filters web attacks for the elements it forwards to (NET01).
  role:           GatewayRole = API_GATEWAY
  /// Whether it inspects requests against web attacks (a WAF rule set), whatever its role; a gateway whose `role` is WAF does by definition. An internet-facing web endpoint that is not such a gateway is reported (NET01).
  filtersAttacks: bool        = false
}

/// A CI/CD pipeline that builds, tests and deploys the system's code, such as GitHub Actions, GitLab CI or Jenkins.
kind BuildPipeline : Asset {
  /// Whether it pushes releases into production itself, holding credentials that can change production, instead of production pulling signed releases: reported unless its credentials are scoped (`controls.implementsPOLP`, SUP01), and with `buildsExternalChanges` (SUP02, SUP09).
  deploysByPush:         bool = false
  /// Whether it runs builds for changes from outside the team (pull requests from forks, external contributors) with access to its secrets or runners: with secrets and no `controls.requiresCodeReview` (SUP02), and with `deploysByPush` on shared runners (SUP09), reported.
  buildsExternalChanges: bool = false
}

/// A registry of build artifacts (container images, packages, model files) that pipelines publish to and deployments pull from, such as a container registry or an npm or Maven repository.
kind ArtifactRegistry : Asset {
  /// Whether it also serves packages from public registries (a proxy or a mixed namespace), so a public package can stand in for an internal one: reported unless `controls.pinsDependencies` (SUP04), and pipelines installing from it count as fetching from outside (SUP05).
  mirrorsPublicPackages: bool = false
}

/// A container runtime or orchestrator that runs workloads, such as Kubernetes, Amazon ECS or a Docker host; workloads name it in `runsOn`.
kind ContainerPlatform : Asset {
  /// Whether it runs containers privileged or as root, so a container breakout owns the node (CNT01).
  runsPrivileged: bool = false
}

/// A trust boundary, where trust changes; elements (and nested boundaries) go in it by `in name` or inside its block.
kind Boundary : Element {
  /// How far what sits in it is trusted; unset, it is that of the boundary it sits in, else the model's `boundaryTrust`.
  trust: TrustLevel?
}

/// Data moving from one element to another, declared with `flow a -> b`; its `controls` describe the channel.
kind Dataflow : Element {
  /// The element the data comes from; set by `a -> b` in the flow declaration.
  derived source:                  Element
  /// The element the data goes to; set by `a -> b` in the flow declaration.
  derived sink:                    Element
  /// The data it carries, whose classification and flags drive the data-protection threats.
  data:                            [Data]     = []
  /// The protocol it uses, such as "HTTPS", "gRPC" or "MySQL".
  protocol:                        string     = ""
  /// The port it leaves from; -1 if unknown or irrelevant.
  srcPort:                         int        = -1
  /// The port it connects to, such as 443; -1 if not given.
  dstPort:                         int        = -1
  /// The TLS version protecting it; NONE is clear text, and TLS 1.2 or later counts as encrypted in transit (`encryptedInTransit`); older versions count as clear text.
  tlsVersion:                      TLSVersion = NONE
  /// Whether it travels through a VPN tunnel, which counts as encrypted in transit.
  usesVPN:                         bool       = false
  /// Whether it carries session tokens, such as cookies, that an eavesdropper could steal and replay.
  usesSessionTokens:               bool       = false
  /// Whether it uses a custom protocol implemented by its endpoints rather than a standard one; informational in tmc's library (pytm's reads it).
  implementsCommunicationProtocol: bool       = false
  /// Whether it is the reply to another flow, such as an HTTP response; setting `responseTo` implies it.
  isResponse:                      bool       = false
  /// The request flow that this flow answers.
  responseTo:                      Dataflow?
  /// The flow that answers this one, when the reply is declared as a flow of its own.
  response:                        Dataflow?
  /// Its step number in the interaction, shown in diagrams; -1 for none (the model's `isOrdered` fills it).
  order:                           int        = -1
  /// A free-text remark for reviewers, informational; ignored when looking for duplicate flows.
  note:                            string     = ""
}
