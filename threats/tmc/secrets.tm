// tmc's library: secrets and credentials where they should not be, and
// untrusted data turned into objects. The secrets rules read where an
// element says it keeps its secrets (`keepsSecretsIn`): each place other
// than a vault leaks them its own way, with its own likelihood, so each
// has its own threat, on the element that keeps them there. Credentials on
// flows are AC23's (long-lived) and AC24's (hardcoded); a client app's
// secrets are CLI05's, since nothing on a user's device stays secret.

/// The data item is a credential that stays valid for long or for an unknown time: `credentialsLife` LONG, MANUAL or UNKNOWN.
predicate isLongLivedSecret(d: Data) =
  d.isCredentials and d.credentialsLife in [UNKNOWN, LONG, MANUAL]

/// The asset holds or handles credentials: in its own `data` or on a flow into or out of it.
predicate keepsOrPassesCredentials(a: Asset) =
  (any d in a.data: d.isCredentials)
  or (any f in a.inputs: any d in f.data: d.isCredentials)
  or (any f in a.outputs: any d in f.data: d.isCredentials)

/// The asset fetches secrets from a secrets vault: it keeps them in VAULT, or a flow links it with a SecretsVault.
predicate fetchesSecretsFromVault(a: Asset) =
  VAULT in a.keepsSecretsIn
  or (any f in a.outputs: f.sink is SecretsVault)
  or (any f in a.inputs: f.source is SecretsVault)

threat SEC01 "Secrets committed to source code" {
  targets = [Asset]
  stride = [InformationDisclosure, Spoofing]
  severity = High
  likelihood = High
  when = SOURCE_CODE in target.keepsSecretsIn and not (target is ClientApp)
  details = """
    The element keeps secrets in its source code or repository
    (`keepsSecretsIn` contains SOURCE_CODE). Every developer, every CI job,
    every fork, backup and laptop clone has them, and they stay in the
    history after they are removed. Repositories are made public by
    mistake, and bots scan public pushes for keys within minutes.
    """
  prerequisites = "The attacker gets read access to the repository, a clone, a build log or an artifact built from it."
  mitigations = """
    Move the secrets into a secrets vault read at run time, rotate every
    secret that was ever committed (removing it from the history does not
    un-leak it), and block new ones with secret scanning in pre-commit
    hooks and on the server. Then set `keepsSecretsIn = [VAULT]`.
    """
  example = "A database password in `config/production.py` is pushed to a repository made public for an open-source release; it is used from abroad the same night."
  capec = [191]
  cwe = [798, 540]
  references = [
    "https://cwe.mitre.org/data/definitions/798.html",
    "https://cwe.mitre.org/data/definitions/540.html",
    "https://capec.mitre.org/data/definitions/191.html",
  ]
}

threat SEC02 "Secrets baked into a container or machine image" {
  targets = [Asset]
  stride = [InformationDisclosure, Spoofing]
  severity = High
  likelihood = Medium
  when = IMAGE in target.keepsSecretsIn and not (target is ClientApp)
  details = """
    The element's secrets are baked into its container or machine image
    (`keepsSecretsIn` contains IMAGE). Images are copied to registries,
    caches, nodes and laptops, and their layers keep a file even when a
    later layer deletes it: anyone who can pull the image reads the
    secrets, for as long as the image exists.
    """
  prerequisites = "The attacker can pull or copy the image: registry read access, a node, a public repository or a leaked backup."
  mitigations = """
    Inject secrets at run time (a vault agent, the orchestrator's secrets
    mounted as files), use build secrets that are not written to layers,
    scan images for secrets before they are pushed, and rotate what was
    baked in. Then take IMAGE out of `keepsSecretsIn`.
    """
  example = "A Dockerfile copies `.npmrc` with a publish token, then deletes it in the next step; the token is read from the earlier layer of the public image."
  cwe = [538, 798]
  references = [
    "https://cwe.mitre.org/data/definitions/538.html",
    "https://cwe.mitre.org/data/definitions/798.html",
  ]
}

threat SEC03 "Secrets passed on the command line" {
  targets = [Asset]
  stride = [InformationDisclosure]
  severity = Medium
  likelihood = Medium
  when = COMMAND_LINE in target.keepsSecretsIn and not (target is ClientApp)
  details = """
    The element is given secrets as command-line arguments
    (`keepsSecretsIn` contains COMMAND_LINE). Any user or process on the
    host can list every process's arguments, and they end up in shell
    history, process accounting, crash reports, CI logs and monitoring
    agents that record what was started.
    """
  prerequisites = "The attacker runs code or reads logs on the host, or reads the CI or monitoring output."
  mitigations = """
    Pass secrets in files readable only by the process or through the
    vault's agent, or read them from standard input; mask them in CI logs.
    Then take COMMAND_LINE out of `keepsSecretsIn`.
    """
  example = "A backup job runs `pg_dump --password=...`; a low-privileged monitoring agent on the host ships the full command line to a third-party dashboard."
  cwe = [214]
  references = ["https://cwe.mitre.org/data/definitions/214.html"]
}

threat SEC04 "Secrets in environment variables" {
  targets = [Asset]
  stride = [InformationDisclosure]
  severity = Medium
  likelihood = Low
  when = ENVIRONMENT in target.keepsSecretsIn and not (target is ClientApp)
  details = """
    The element reads its secrets from environment variables
    (`keepsSecretsIn` contains ENVIRONMENT). Every child process inherits
    them, error pages and debug endpoints print them, crash reporters and
    APM agents collect them, and a path traversal or SSRF that reads
    `/proc/self/environ` returns them all at once.
    """
  prerequisites = "The attacker gets the process to reveal its environment: a debug page, a crash report, a file-read flaw or a child process they control."
  mitigations = """
    Read secrets from files mounted by the orchestrator or from a vault at
    run time, keep them out of the environment of child processes, and
    scrub environments from crash reports and diagnostics. Then take
    ENVIRONMENT out of `keepsSecretsIn`.
    """
  example = "A framework's debug page, left on in staging, lists all environment variables, including the production payment API key copied there."
  cwe = [526]
  references = ["https://cwe.mitre.org/data/definitions/526.html"]
}

threat SEC05 "Secrets in configuration files" {
  targets = [Asset]
  stride = [InformationDisclosure]
  severity = Medium
  likelihood = Medium
  when = CONFIG_FILE in target.keepsSecretsIn and not (target is ClientApp)
  details = """
    The element keeps secrets in configuration files deployed with it
    (`keepsSecretsIn` contains CONFIG_FILE). Such files are copied into
    backups, support bundles, configuration repositories and tickets, are
    often readable by every account on the host, and are served by web
    servers when they land in the wrong folder.
    """
  prerequisites = "The attacker reads the file: through a path traversal, a misplaced file in the web root, a backup or a support bundle."
  mitigations = """
    Reference secrets from the configuration instead of writing them in it
    (a vault path, a mounted secret file readable only by the service),
    restrict file permissions, and keep configuration repositories free of
    secrets. Then take CONFIG_FILE out of `keepsSecretsIn`.
    """
  example = "`appsettings.json` with the database connection string is served as a static file after a deployment copies it into the public folder."
  cwe = [260, 13]
  references = [
    "https://cwe.mitre.org/data/definitions/260.html",
    "https://cwe.mitre.org/data/definitions/13.html",
  ]
}

threat SEC06 "Credentials managed without a secrets vault" {
  targets = [Asset]
  stride = [InformationDisclosure, Repudiation]
  severity = Medium
  likelihood = Medium
  when = count(target.keepsSecretsIn) > 0
         and not fetchesSecretsFromVault(target)
         and keepsOrPassesCredentials(target)
         and not (target is ClientApp)
         and not (target is SecretsVault)
  details = """
    The element handles credentials, says where it keeps its secrets
    (`keepsSecretsIn`), and none of those places is a secrets vault: it
    neither keeps them in VAULT nor has a flow to or from a SecretsVault.
    Without a vault nobody knows which secrets exist or who read them,
    they are copied by hand between environments, and rotating one after a
    leak means redeploying everything that holds a copy.
    """
  prerequisites = "A secret leaks from one of the places it is copied to, and the leak goes unnoticed or cannot be contained quickly."
  mitigations = """
    Keep secrets in a vault (HashiCorp Vault, a cloud secrets manager) that
    authenticates the workload, logs every read and supports rotation;
    fetch them at run time, and model the vault with a flow from it. Then
    set `keepsSecretsIn = [VAULT]`.
    """
  example = "The same database password sits in five services' environment files; when one leaks nobody can say which others use it, so it stays unchanged for a year."
  cwe = [522]
  references = [
    "https://cwe.mitre.org/data/definitions/522.html",
    "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html",
  ]
}

threat SEC07 "Long-lived secrets in the vault are never rotated" {
  targets = [SecretsVault]
  stride = [Spoofing, InformationDisclosure]
  severity = Medium
  likelihood = Low
  when = not target.controls.rotatesSecrets
         and ((any d in target.data: isLongLivedSecret(d))
              or (any f in target.inputs: any d in f.data: isLongLivedSecret(d))
              or (any f in target.outputs: any d in f.data: isLongLivedSecret(d)))
  details = """
    The vault hands out credentials that stay valid for long, by hand or
    for an unknown time (`credentialsLife` LONG, MANUAL or UNKNOWN), and it
    does not rotate them (`controls.rotatesSecrets`). A copy taken once
    (from a log, a laptop, a former employee) keeps working, and a
    suspected leak cannot be closed without an outage, so it is often left
    open. The flows that carry them are AC23's; this finding is the
    missing rotation at the place that could do it.
    """
  prerequisites = "A copy of a credential leaks at any time during its long life."
  mitigations = """
    Turn on automatic rotation in the vault (or issue dynamic, short-lived
    credentials per workload), rotate on a schedule and at once after any
    suspected leak, and alert on the use of retired credentials. Then set
    `controls.rotatesSecrets`.
    """
  example = "A partner API key stored in the vault in 2019 is still valid; it was copied into a contractor's script that was later published."
  cwe = [324, 262]
  references = [
    "https://cwe.mitre.org/data/definitions/324.html",
    "https://cwe.mitre.org/data/definitions/262.html",
  ]
}

threat DSR01 "Untrusted data deserialized into objects" {
  targets = [Asset]
  stride = [ElevationOfPrivilege, Tampering]
  severity = VeryHigh
  likelihood = Medium
  when = target.deserializesObjects
         and not target.controls.providesIntegrity
         and (any f in target.inputs:
                fromUntrustedSource(f) or storeWrittenFromUntrustedZone(f.source))
  details = """
    The element turns input into objects with a native serialization
    format (`deserializesObjects`: Java serialization, pickle,
    BinaryFormatter, PHP unserialize, YAML with tags), and some of that
    input comes from an untrusted party: a person, a zone below INTERNAL,
    or a store or queue that such a zone writes to. Nothing proves the
    bytes were produced by your own code (`controls.providesIntegrity`).
    Crafted input makes the deserializer build objects whose constructors
    and callbacks run the attacker's code.
    """
  prerequisites = "The attacker can get serialized bytes of their choosing to the element, directly or through a store or queue it reads."
  mitigations = """
    Exchange plain data (JSON, Protocol Buffers) and build objects
    yourself; where native formats cannot go, sign the payloads with a key
    only your services hold and check the signature before deserializing
    (then set `controls.providesIntegrity`), and restrict the types the
    deserializer may create. Once no native format is read, set
    `deserializesObjects = false`.
    """
  example = "A session cookie holds a base64 Java-serialized object; a gadget chain from a library on the class path runs a shell command when the server reads it."
  capec = [586]
  cwe = [502]
  references = [
    "https://capec.mitre.org/data/definitions/586.html",
    "https://cwe.mitre.org/data/definitions/502.html",
  ]
}

/// The element is a datastore or message queue that something in a zone below INTERNAL reaches (its `exposure`), so what it holds may have been written by an attacker.
predicate storeWrittenFromUntrustedZone(e: Element) =
  (e is Datastore or e is MessageQueue) and e.exposure < INTERNAL
