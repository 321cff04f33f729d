// The enumerations of the standard library: data classifications, TLS
// versions, credential lifetimes, datastore types, cloud providers, secret
// locations, client platforms, gateway roles, legal bases for personal
// data and the policy for duplicate flows. Member names are pytm's Python names (pytm's Lifetime
// values differ: SHORT is "SHORT_LIVED", AUTO is "AUTO_REVOKABLE" and so on).
// `ordered` enums compare by position, first member lowest.

/// How sensitive a piece of data is, from least to most; ordered, so levels compare with `<` and `>`.
ordered enum Classification {
  /// Not yet assessed; the lowest level, so treat it as a gap to close rather than as harmless.
  UNKNOWN
  /// Meant for anyone, such as published documentation or marketing pages.
  PUBLIC
  /// Internal data whose disclosure does limited harm, such as internal wikis or routine logs.
  RESTRICTED
  /// Data whose disclosure harms people or the business, such as personal data or customer records.
  SENSITIVE
  /// Data whose disclosure does severe harm, such as credentials, keys or financial records.
  SECRET
  /// The most sensitive data, whose disclosure would be catastrophic and which needs the strongest protection.
  TOP_SECRET
}

/// SSL/TLS protocol versions from oldest to newest; ordered, so a flow's version compares with a sink's minimum.
ordered enum TLSVersion {
  /// No transport encryption: the traffic travels in clear text.
  NONE
  /// SSL 1.0, never publicly released and insecure; listed for completeness.
  SSLv1
  /// SSL 2.0, broken and prohibited by RFC 6176.
  SSLv2
  /// SSL 3.0, broken (POODLE) and deprecated by RFC 7568.
  SSLv3
  /// TLS 1.0, deprecated by RFC 8996; do not accept it in new systems.
  TLSv10
  /// TLS 1.1, deprecated by RFC 8996; do not accept it in new systems.
  TLSv11
  /// TLS 1.2, acceptable when restricted to modern cipher suites.
  TLSv12
  /// TLS 1.3, the current version and the preferred minimum where all clients support it.
  TLSv13
}

/// How long credentials stay valid and how they can be revoked, which decides how much a leaked credential is worth.
enum Lifetime {
  /// Not applicable: the data holds no credentials.
  NONE
  /// The data holds credentials, but how long they stay valid is not known.
  UNKNOWN
  /// Credentials expire soon after they are issued, such as short-lived access tokens.
  SHORT
  /// Credentials expire late or never, such as long-lived API keys.
  LONG
  /// Credentials never expire but are revoked automatically on some events, such as logout or password change.
  AUTO
  /// Credentials have no expiry date but an operator can revoke them by hand.
  MANUAL
  /// Credentials are built into code or configuration and cannot be revoked at all.
  HARDCODED
}

/// The storage technology behind a datastore.
enum DatastoreType {
  /// The storage technology is not specified.
  UNKNOWN
  /// Files on a local or network file system.
  FILE_SYSTEM
  /// A relational database queried with SQL.
  SQL
  /// An LDAP directory, such as Active Directory or OpenLDAP.
  LDAP
  /// An Amazon S3 bucket (an object store on AWS).
  AWS_S3
  /// A document, key-value, wide-column or graph database queried without SQL, such as MongoDB, DynamoDB, Cassandra or Neo4j.
  NOSQL
  /// An object store other than S3, such as Azure Blob Storage, Google Cloud Storage or MinIO.
  OBJECT_STORE
  /// An in-memory cache or key-value store in front of other data, such as Redis or Memcached.
  CACHE
  /// A search index, such as Elasticsearch, OpenSearch or Solr.
  SEARCH_INDEX
  /// A file share reached over the network, such as SMB/CIFS or NFS.
  FILE_SHARE
  /// A storage technology not listed here, not queried with SQL.
  OTHER
}

/// Where in the world a cloud-hosted element runs, by provider.
enum CloudProvider {
  /// Not run by a cloud provider (or not stated).
  NONE
  /// Amazon Web Services.
  AWS
  /// Microsoft Azure.
  AZURE
  /// Google Cloud.
  GCP
  /// Another cloud provider.
  OTHER
}

/// Where a component keeps the secrets it uses.
enum SecretLocation {
  /// Fetched at run time from a secrets vault, such as HashiCorp Vault or a cloud secrets manager.
  VAULT
  /// A configuration file deployed with it.
  CONFIG_FILE
  /// Environment variables.
  ENVIRONMENT
  /// Command-line arguments, which other users and processes on the host can list.
  COMMAND_LINE
  /// Baked into its container or machine image.
  IMAGE
  /// Written in its source code or repository.
  SOURCE_CODE
}

/// Where a client application runs.
enum ClientPlatform {
  /// In a web browser: a single-page app or other script-driven web front end.
  BROWSER
  /// On a phone or tablet: an iOS or Android app.
  MOBILE
  /// On a desktop or laptop: an installed program or a command-line client.
  DESKTOP
}

/// What a gateway does for the servers behind it.
enum GatewayRole {
  /// Routes API calls to services, often with authentication and rate limits.
  API_GATEWAY
  /// Spreads connections over several servers.
  LOAD_BALANCER
  /// Forwards requests to servers it hides, often ending TLS.
  REVERSE_PROXY
  /// Filters requests against web attacks (a web application firewall).
  WAF
  /// Serves and caches content close to users (a content delivery network).
  CDN
}

/// The legal ground for processing personal data (the six of GDPR Article 6).
enum LegalBasis {
  /// No legal basis has been stated.
  UNSTATED
  /// The person agreed to it, for this purpose.
  CONSENT
  /// It is needed to fulfil a contract with the person.
  CONTRACT
  /// A law requires it.
  LEGAL_OBLIGATION
  /// It protects someone's life.
  VITAL_INTERESTS
  /// It carries out a task in the public interest or official authority.
  PUBLIC_TASK
  /// It serves a legitimate interest that the person's rights do not override.
  LEGITIMATE_INTERESTS
}

/// What to do with a flow that duplicates another: same source, sink and attributes, apart from name, note and order.
enum Action {
  /// Do not look for duplicate flows.
  NO_ACTION
  /// Report a duplicate flow as an error in the model.
  RESTRICT
  /// Accept duplicate flows silently and draw only one of them.
  IGNORE
}

/// How much harm a threat does when it succeeds, from least to most; ordered.
ordered enum Severity {
  /// Minor harm: an inconvenience or a small information leak.
  VeryLow
  /// Limited harm, contained to a small part of the system or its data.
  Low
  /// Noticeable harm to some users or some data.
  Medium
  /// Serious harm: broad data exposure, account takeover or loss of a service.
  High
  /// Severe harm: full compromise of the system or of its most sensitive data.
  VeryHigh
}

/// How likely a threat is to be attempted and to succeed, from least to most; ordered.
ordered enum Likelihood {
  /// Needs rare conditions, insider access or exceptional skill.
  VeryLow
  /// Needs specific conditions or skill that few attackers have.
  Low
  /// Feasible for a motivated attacker with common tools.
  Medium
  /// Easy to attempt, often automated, and commonly seen in practice.
  High
  /// Almost certain to be attempted against an exposed system.
  VeryHigh
}

/// The threat libraries built into tmc, for the model's `library`.
enum ThreatLibrary {
  /// tmc's own library: threats that read trust boundaries, controls and data, rated by exposure.
  tmc
  /// pytm 1.4's 114 threats with pytm's conditions and ratings, for findings identical to pytm's.
  pytm
}

/// How far a zone of the system is trusted, from the open internet to the most protected zone; ordered, least trusted first, so levels compare with `<` and `>`.
ordered enum TrustLevel {
  /// Anyone can be there: the public internet, or any network you do not control.
  INTERNET
  /// Known outside parties, such as a partner's or a provider's systems, reached over their own networks.
  PARTNER
  /// A perimeter zone facing the internet, such as a DMZ or public subnets behind a load balancer.
  DMZ
  /// Your own internal networks and services, reachable only from inside.
  INTERNAL
  /// The most protected zone, such as a cardholder-data environment, secrets store or admin network.
  RESTRICTED
}
