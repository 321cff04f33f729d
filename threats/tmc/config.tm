// tmc's library: configuration and hardening: platform services exposed
// without a hardened baseline, default credentials, admin and debug
// interfaces reachable from outside, public storage, over-broad cloud
// permissions, and secrets vaults reachable or readable by too many. Each
// rule is gated on what makes the misconfiguration matter: the element's
// exposure, the data it holds, or the kind of product it is.

/// The asset is a product that ships with default accounts or keys: a datastore, queue, gateway, container platform, identity provider, artifact registry or secrets vault.
predicate shipsDefaultAccounts(a: Asset) =
  a is Datastore
  or a is MessageQueue
  or a is Gateway
  or a is ContainerPlatform
  or a is IdentityProvider
  or a is ArtifactRegistry
  or a is SecretsVault

/// The asset holds or handles lasting secrets: a datastore declaring `storesSensitiveData`, or a flow in or out carrying data classified SECRET or above or long-lived credentials (`handlesSecrets`).
predicate holdsSecrets(a: Asset) = (a is Datastore and a.storesSensitiveData) or handlesSecrets(a)

threat CFG01 "Exposed platform service without a hardened configuration" {
  targets = [MessageQueue, IdentityProvider, SecretsVault, ContainerPlatform, ArtifactRegistry]
  stride = [ElevationOfPrivilege, InformationDisclosure]
  severity = High
  likelihood = Medium
  when = target.exposure < INTERNAL and not target.controls.isHardened
  details = """
    A zone less trusted than INTERNAL reaches this platform service (a
    message broker, identity provider, vault, container platform or
    registry) and it runs without a hardened baseline
    (`controls.isHardened`). Such products ship with every feature on:
    sample realms, anonymous access, unauthenticated management APIs,
    verbose errors and old protocol versions. From outside, each of them is
    an entrance that the product's documentation tells the attacker about.
    """
  prerequisites = "The service is reachable from the less trusted zone with some default feature still on."
  mitigations = """
    Apply the vendor's or CIS hardening guide: turn off anonymous access,
    sample content and unused listeners and plug-ins, require TLS, restrict
    the management API, and check the configuration continuously against
    the baseline. Then set `controls.isHardened`.
    """
  example = "A Kubernetes API server reachable from the internet still allows anonymous requests to its discovery endpoints and an old dashboard with a service account that can create pods."
  cwe = [1188]
  references = ["https://cwe.mitre.org/data/definitions/1188.html"]
}

threat CFG02 "Default credentials left on a product" {
  targets = [
    Datastore,
    MessageQueue,
    Gateway,
    ContainerPlatform,
    IdentityProvider,
    ArtifactRegistry,
    SecretsVault,
  ]
  stride = [Spoofing, ElevationOfPrivilege]
  severity = VeryHigh
  likelihood = Medium
  when = shipsDefaultAccounts(target)
         and not onCloud(target)
         and not target.controls.changesDefaultCredentials
         and (target.exposure < INTERNAL or holdsSecrets(target))
  details = """
    The product ships with default accounts, passwords or keys (a database,
    broker, gateway, container platform, identity provider, registry or
    vault) and you run it yourself (its `cloud` is NONE and it is not
    `onAWS`: managed cloud services have no default accounts), the model
    does not say they were changed or removed
    (`controls.changesDefaultCredentials`), and it is reached from a zone
    less trusted than INTERNAL or holds secret data or credentials. Default
    credentials are published in the product's manual and in every
    attacker's word list; trying them is the first thing done against a
    product that is found.
    """
  prerequisites = "The attacker can reach the product's login or API and a default account is still active."
  mitigations = """
    Remove or disable default accounts at installation, set unique strong
    passwords or keys from the vault for the ones that must remain, and
    check for defaults in the deployment pipeline. Then set
    `controls.changesDefaultCredentials`.
    """
  example = "A RabbitMQ broker reachable from the partner network still accepts `guest`/`guest` on its management API; a partner's compromised host reads and republishes payment messages."
  cwe = [1392, 798]
  capec = [70]
  references = [
    "https://cwe.mitre.org/data/definitions/1392.html",
    "https://cwe.mitre.org/data/definitions/798.html",
    "https://capec.mitre.org/data/definitions/70.html",
  ]
}

threat CFG03 "Admin interface reachable from outside the internal network" {
  targets = [Asset]
  stride = [ElevationOfPrivilege, Spoofing]
  severity = High
  likelihood = Medium
  when = target.exposesAdminInterface
         and target.exposure < INTERNAL
         and not networkRestricted(target)
  details = """
    The element serves a management console, admin API or debug endpoints
    besides its main interface (`exposesAdminInterface`), a zone less
    trusted than INTERNAL reaches it, and nothing limits who may connect
    (`controls.restrictsNetworkAccess`). The admin interface is then
    attacked by everyone who can reach the main one: its login is guessed,
    its vulnerabilities exploited, and a single weakness gives control of
    the whole element.
    """
  prerequisites = "The admin interface answers on an address or path the attacker can reach."
  mitigations = """
    Serve administration on a separate listener reachable only from the
    internal or admin network, a VPN or an identity-aware proxy; block admin
    paths at the gateway for outside traffic; require MFA. Then set
    `controls.restrictsNetworkAccess`.
    """
  example = "The public load balancer forwards `/actuator/*` to the service as well; the heap dump endpoint hands an attacker session tokens and the database password."
  cwe = [749, 284]
  references = [
    "https://cwe.mitre.org/data/definitions/749.html",
    "https://cwe.mitre.org/data/definitions/284.html",
  ]
}

threat CFG04 "Debug features on where outsiders reach them" {
  targets = [Asset]
  stride = [InformationDisclosure, ElevationOfPrivilege]
  severity = Medium
  likelihood = Medium
  when = target.exposesAdminInterface
         and target.exposure < INTERNAL
         and not target.controls.disablesDebugFeatures
  details = """
    The element serves admin or debug endpoints (`exposesAdminInterface`),
    a zone less trusted than INTERNAL reaches it, and debug features, sample
    pages and verbose errors are not turned off
    (`controls.disablesDebugFeatures`). Stack traces, configuration dumps,
    interactive consoles and profilers tell an attacker how the element is
    built and often let them run code or read memory.
    """
  prerequisites = "A debug feature is on in the deployed configuration and the attacker can reach it."
  mitigations = """
    Build and deploy production configurations with debug modes, consoles,
    profilers and sample applications off, return generic errors, and test
    the deployed element for known debug paths. Then set
    `controls.disablesDebugFeatures`.
    """
  example = "A Flask service deployed with the Werkzeug debugger on shows an interactive Python console on its error page; a request that raises an exception gives the attacker a shell."
  cwe = [489, 215]
  references = [
    "https://cwe.mitre.org/data/definitions/489.html",
    "https://cwe.mitre.org/data/definitions/215.html",
  ]
}

threat CFG05 "Sensitive data in storage open to the public" {
  targets = [Datastore]
  stride = [InformationDisclosure]
  linddun = [DataDisclosure]
  severity = VeryHigh
  likelihood = High
  when = target.allowsPublicAccess and holdsSensitiveData(target)
  details = """
    The datastore is readable by anyone without credentials
    (`allowsPublicAccess`: a public bucket, container or share) and it holds
    sensitive data: it says so (`storesSensitiveData`, `storesPII`) or the
    flows that write to it or read from it carry some. Public storage is
    enumerated by search engines and scanners; whatever is put there, on
    purpose or by mistake, is read by strangers.
    """
  prerequisites = "The attacker learns or guesses the store's name, which is often the company's."
  mitigations = """
    Keep sensitive data in a private store and turn on the provider's block
    on public access for it; serve public files from a separate store that
    holds nothing else, and hand out short-lived signed URLs where users
    need their own files. Then clear `allowsPublicAccess`.
    """
  example = "An object-store container made public for product images also receives exported invoices; a bucket search engine lists them within a week."
  cwe = [732, 284]
  references = [
    "https://cwe.mitre.org/data/definitions/732.html",
    "https://cwe.mitre.org/data/definitions/284.html",
  ]
}

threat CFG06 "Cloud data service whose policy grants more than its users need" {
  targets = [Datastore, MessageQueue, SecretsVault]
  stride = [ElevationOfPrivilege, InformationDisclosure]
  severity = High
  likelihood = Medium
  when = onCloud(target)
         and not target.controls.implementsPOLP
         and (holdsSecrets(target) or (target is Datastore and holdsSensitiveData(target)))
  details = """
    The store, queue or vault is a cloud service (`cloud` or `onAWS`) holding
    sensitive data, and its access policies are not cut down to the
    identities and actions that need them (`controls.implementsPOLP`). In a
    cloud account, access is decided by IAM and resource policies, not by
    the network: wildcard actions (`s3:*`), wildcard resources or broad
    principals let any compromised workload, or a leaked developer key,
    read, change or delete all of it.
    """
  prerequisites = "Some identity beyond the service's real users holds a credential the policy admits."
  mitigations = """
    Grant each workload role only the actions it performs on only the
    resources it uses, deny by default in resource policies, remove
    wildcards, and review permissions with the provider's access analyzer.
    Then set `controls.implementsPOLP`.
    """
  example = "Every Lambda function of the account shares one role with `dynamodb:*` on `*`; a flaw in the image thumbnailer lets the attacker scan the customer table."
  cwe = [269, 732]
  references = [
    "https://cwe.mitre.org/data/definitions/269.html",
    "https://cwe.mitre.org/data/definitions/732.html",
  ]
}

threat CFG07 "Internet-facing cloud server with an over-broad role" {
  targets = [Server]
  stride = [ElevationOfPrivilege]
  severity = High
  likelihood = Low
  when = onCloud(target)
         and target.exposure <= DMZ
         and not target.controls.implementsPOLP
         and handlesSensitiveData(target)
  details = """
    The server runs in a cloud (`cloud` or `onAWS`), is reached from a zone
    of DMZ trust or lower, handles sensitive data, and its instance or task
    role is not limited to what it needs (`controls.implementsPOLP`). The
    role's keys are available to any code running on the server; whoever
    compromises it from outside gets the role, and with a broad role the
    rest of the cloud account.
    """
  prerequisites = "The attacker runs code on the server or makes it leak its role's credentials."
  mitigations = """
    Give the server its own role with only the actions and resources it
    uses, no wildcards and no administrative policies; keep instance
    profiles off servers that need none. Then set
    `controls.implementsPOLP`.
    """
  example = "A reverse proxy on EC2 has the instance profile of the team's old all-purpose role, including `iam:PassRole`; its compromise becomes account administrator in three API calls."
  cwe = [250, 269]
  references = [
    "https://cwe.mitre.org/data/definitions/250.html",
    "https://cwe.mitre.org/data/definitions/269.html",
  ]
}

threat CFG08 "Secrets vault reachable from outside the internal network" {
  targets = [SecretsVault]
  stride = [InformationDisclosure, ElevationOfPrivilege]
  severity = VeryHigh
  likelihood = Medium
  when = target.exposure < INTERNAL and not networkRestricted(target)
  details = """
    A zone less trusted than INTERNAL reaches the secrets vault and nothing
    narrows who may connect (`controls.restrictsNetworkAccess`). The vault
    holds the keys to everything else; exposed, its authentication is all
    that protects them, and a leaked token or an unpatched flaw in the vault
    hands over every secret at once.
    """
  prerequisites = "The attacker can reach the vault's API from the less trusted zone."
  mitigations = """
    Keep the vault in an internal or restricted zone, reachable only from
    the workloads that fetch secrets (private endpoints, security groups,
    network policies). Then set `controls.restrictsNetworkAccess`, or move
    it into the more trusted boundary in the model.
    """
  example = "A self-hosted Vault cluster is published on a public address for a CI service; a CI token leaked in a build log is used from the internet to read every production secret."
  cwe = [668]
  references = ["https://cwe.mitre.org/data/definitions/668.html"]
}

threat CFG09 "Secrets vault without per-workload access control" {
  targets = [SecretsVault]
  stride = [ElevationOfPrivilege, InformationDisclosure]
  severity = High
  likelihood = Medium
  when = not target.controls.hasAccessControl
  details = """
    The vault does not restrict each identity to its own secrets
    (`controls.hasAccessControl`). With one shared token or a policy that
    grants all paths, any workload that can read one secret reads them all,
    so the compromise of the least important service is the compromise of
    every database, signing key and partner credential in the vault.
    """
  prerequisites = "The attacker obtains any identity that may read from the vault."
  mitigations = """
    Give each workload its own identity (platform-issued, not a shared
    token) and a policy limited to its own paths; separate human and
    machine access; deny by default. Then set `controls.hasAccessControl`.
    """
  example = "All services share one Vault token with a `path \"*\" { capabilities = [\"read\"] }` policy; the token is read from the newsletter service's environment and opens the payment keys."
  cwe = [284, 269]
  references = [
    "https://cwe.mitre.org/data/definitions/284.html",
    "https://cwe.mitre.org/data/definitions/269.html",
  ]
}
