// tmc's library: the software supply chain and the platforms code runs on.
// Build pipelines (BuildPipeline), artifact registries (ArtifactRegistry)
// and container platforms (ContainerPlatform) are where code from many
// hands becomes what runs in production; a reviewer asks who can change
// what is built, where its parts come from, whether what runs is what was
// built, and what a compromised build or container can reach. These rules
// have no pytm counterpart. Each fires on the pipeline, registry, platform
// or workload a reviewer would fix, and only where the model says something
// that makes the threat real (a descriptive attribute such as
// `deploysByPush`, a flow from the internet, an exposed zone).

/// The element holds or handles secrets: it says where it keeps them (`keepsSecretsIn`), holds credentials in its own `data`, or a flow into or out of it carries credentials.
predicate supplyHandlesSecrets(a: Asset) =
  count(a.keepsSecretsIn) > 0 or keepsOrPassesCredentials(a)

/// Something reaches the element from a party outside your control: a flow from an element in the INTERNET or PARTNER zone, or from an artifact registry that also serves public packages (`mirrorsPublicPackages`).
predicate pullsFromPublicSources(a: Asset) =
  any f in a.inputs: f.source.zone <= PARTNER or servesPublicPackages(f.source)

/// The element is an artifact registry that also serves packages from public registries (`mirrorsPublicPackages`).
predicate servesPublicPackages(e: Element) = e is ArtifactRegistry and e.mirrorsPublicPackages

/// The workload is isolated from its neighbours: it says so itself, or the container platform it runs on isolates every workload (`controls.isolatesWorkloads`).
predicate workloadIsolated(a: Asset) =
  a.controls.isolatesWorkloads or (any p in a.runsOn: p.controls.isolatesWorkloads)

/// The element is a workload that runs on the same container platform as the asset `a` (the same `runsOn`, set).
predicate sharesRuntimeWith(e: Element, a: Asset) =
  a.runsOn != none and e is Asset and e.runsOn == a.runsOn

threat SUP01 "Push-based deployment: compromising CI compromises production" {
  targets = [BuildPipeline]
  stride = [ElevationOfPrivilege, Tampering]
  severity = High
  likelihood = Medium
  when = target.deploysByPush and not target.controls.implementsPOLP
  details = """
    The pipeline pushes releases into production itself (`deploysByPush`),
    so it holds credentials that can change production, and nothing says
    they are narrowed to the one deployment they serve
    (`controls.implementsPOLP`). Anyone who can run a job on it (a stolen
    developer token, a poisoned build step, a compromised plugin or runner)
    inherits those credentials: one CI compromise is a production
    compromise, and the pipeline becomes the easiest way into every
    environment it deploys to.
    """
  prerequisites = "The attacker can run code in a pipeline job, or read the pipeline's stored credentials."
  mitigations = """
    Prefer pull-based deployment: production (a GitOps agent, the
    orchestrator) pulls signed releases and the pipeline holds no production
    credentials; then set `deploysByPush = false`. Where pushing stays, use
    short-lived credentials issued per job (OIDC federation) that can deploy
    only this service to this environment, behind a protected environment
    with required approval, and set `controls.implementsPOLP`.
    """
  example = "A compromised third-party action in the build workflow reads the cloud admin keys stored as pipeline secrets and creates a backdoor user in the production account."
  capec = [511]
  cwe = [269, 653]
  references = [
    "https://capec.mitre.org/data/definitions/511.html",
    "https://cwe.mitre.org/data/definitions/269.html",
    "https://cwe.mitre.org/data/definitions/653.html",
  ]
}

threat SUP02 "Outside contributions built with the pipeline's secrets" {
  targets = [BuildPipeline]
  stride = [InformationDisclosure, Tampering, ElevationOfPrivilege]
  severity = High
  likelihood = High
  when = target.buildsExternalChanges
         and not target.controls.requiresCodeReview
         and (supplyHandlesSecrets(target) or target.deploysByPush)
  details = """
    The pipeline builds changes from outside the team, such as pull
    requests from forks (`buildsExternalChanges`), before anyone of the team
    has read them (no `controls.requiresCodeReview`), and it has secrets to
    lose (`keepsSecretsIn`, credentials on its data or flows, or production
    deploy rights through `deploysByPush`). A build runs the contributor's
    code: a changed test, build script or dependency prints the secrets,
    sends them out or writes to the cache that later release builds reuse.
    """
  prerequisites = "Anyone can open a change against the repository, and the pipeline builds it with its secrets or trusted runners."
  mitigations = """
    Build outside changes without secrets, on throw-away runners, with
    read-only tokens (for GitHub Actions never check out fork code in
    `pull_request_target`), and run the jobs that need secrets only after a
    maintainer has reviewed and approved the change; then set
    `controls.requiresCodeReview`. Keep release and cache keys out of the
    builds of outside changes.
    """
  example = "A pull request from a fork changes the test script to post `env` to a paste site; the workflow runs it with the registry token and the token is used to publish a backdoored image."
  capec = [511]
  cwe = [829, 200]
  references = [
    "https://capec.mitre.org/data/definitions/511.html",
    "https://cwe.mitre.org/data/definitions/829.html",
    "https://securitylab.github.com/research/github-actions-preventing-pwn-requests/",
  ]
}

threat SUP03 "Changes released without a second person's review" {
  targets = [BuildPipeline]
  stride = [Tampering, Repudiation]
  severity = High
  likelihood = Low
  when = not target.controls.requiresCodeReview and count(target.outputs) > 0
  details = """
    The pipeline releases what it builds (it has flows out to a registry or
    to production) and no second person must approve a change before it is
    merged or released (`controls.requiresCodeReview`). One developer
    account, whether its owner turned malicious or its token was stolen,
    can put any code into production, and the change goes unnoticed among
    ordinary commits.
    """
  prerequisites = "The attacker controls one account allowed to push to the branch the pipeline releases from."
  mitigations = """
    Protect the release branches: required review by a code owner other than
    the author, no direct pushes and no self-approval, signed commits,
    and the same rules for the pipeline's own definition files. Then set
    `controls.requiresCodeReview`.
    """
  example = "A contractor's leaked access token is used to push a commit that adds a card-skimming line to the checkout service; it is built and deployed within minutes."
  capec = [444]
  cwe = [284]
  references = [
    "https://capec.mitre.org/data/definitions/444.html",
    "https://cwe.mitre.org/data/definitions/284.html",
  ]
}

threat SUP04 "Dependency confusion through a registry that also serves public packages" {
  targets = [ArtifactRegistry]
  stride = [Tampering, ElevationOfPrivilege]
  severity = High
  likelihood = Medium
  when = target.mirrorsPublicPackages and not target.controls.pinsDependencies
  details = """
    The registry serves public packages beside the internal ones
    (`mirrorsPublicPackages`: a proxy or a mixed namespace), and builds do
    not pin what they fetch to exact versions and hashes
    (`controls.pinsDependencies`). Anyone can publish a public package with
    the name of an internal one and a higher version, or a look-alike name
    (typosquatting), and the next build installs it and runs its install
    scripts inside your pipeline.
    """
  prerequisites = "The attacker learns an internal package name (from a lockfile, an error message, a job ad) or guesses a common typo."
  mitigations = """
    Reserve your scope or prefix on the public registries, route internal
    names only to the internal repository (no fallback to public), pin
    every dependency with lockfiles and hashes, and review new
    dependencies. Then set `controls.pinsDependencies`.
    """
  example = "An attacker publishes `acme-billing-utils` 99.0.0 on npm; the proxy prefers the higher version and the build runs its postinstall script with the pipeline's token."
  capec = [538]
  cwe = [427, 829]
  references = [
    "https://capec.mitre.org/data/definitions/538.html",
    "https://cwe.mitre.org/data/definitions/427.html",
    "https://cwe.mitre.org/data/definitions/829.html",
  ]
}

threat SUP05 "Unpinned dependencies fetched from outside" {
  targets = [BuildPipeline]
  stride = [Tampering]
  severity = High
  likelihood = Medium
  when = pullsFromPublicSources(target) and not target.controls.pinsDependencies
  details = """
    The pipeline fetches packages, base images or build actions from a
    source outside your control (a flow from the internet or a partner
    zone, or from a registry that mirrors public packages) and does not pin
    them to exact versions and hashes (`controls.pinsDependencies`). A
    hijacked maintainer account, a typosquatted name or a moved tag changes
    what is built without any change on your side.
    """
  prerequisites = "An upstream package, image or action the build uses is taken over, replaced or impersonated."
  mitigations = """
    Commit lockfiles with hashes and install from them only, reference base
    images and CI actions by digest or commit, not by tag, and mirror what
    you use into a registry you control. Then set
    `controls.pinsDependencies`.
    """
  example = "The workflow uses a popular action by its `v3` tag; the tag is moved to a malicious commit that dumps the runner's memory and secrets to the build log."
  capec = [538]
  cwe = [494, 829]
  references = [
    "https://capec.mitre.org/data/definitions/538.html",
    "https://cwe.mitre.org/data/definitions/494.html",
    "https://cwe.mitre.org/data/definitions/829.html",
  ]
}

threat SUP06 "Unsigned artifacts deployed" {
  targets = [ArtifactRegistry]
  stride = [Tampering, Spoofing]
  severity = High
  likelihood = Low
  when = count(target.outputs) > 0 and not target.controls.usesCodeSigning
  details = """
    Deployments pull artifacts (images, packages, model files) from this
    registry, and the artifacts are not signed and verified before they run
    (`controls.usesCodeSigning`). Whoever can write to the registry, or
    stand in for it, replaces an artifact with another under the same name
    and tag, and nothing between the build and production notices.
    """
  prerequisites = "The attacker can push to the registry (a leaked token, a misconfigured permission) or intercept pulls from it."
  mitigations = """
    Sign artifacts in the pipeline (Sigstore cosign, Notation, package
    signatures), verify the signature and provenance at deploy time
    (admission control, policy in the deployer), and deploy by digest.
    Then set `controls.usesCodeSigning`.
    """
  example = "A token with push rights leaks from a developer laptop; the attacker pushes a backdoored image as `api:1.4.2` and the next rollout runs it."
  capec = [439]
  cwe = [494, 345]
  references = [
    "https://capec.mitre.org/data/definitions/439.html",
    "https://cwe.mitre.org/data/definitions/494.html",
    "https://slsa.dev/",
  ]
}

threat SUP07 "Known-vulnerable dependencies and images shipped" {
  targets = [BuildPipeline]
  stride = [ElevationOfPrivilege, Tampering]
  severity = Medium
  likelihood = Medium
  when = count(target.outputs) > 0 and not target.controls.scansDependencies
  details = """
    The pipeline releases what it builds and does not scan the dependencies
    and base images for known vulnerabilities (`controls.scansDependencies`).
    Libraries and images age: the release carries whatever published flaws
    they had when they were last updated, and attackers scan for those
    first.
    """
  prerequisites = "A dependency or base image in the release has a published, exploitable vulnerability."
  mitigations = """
    Scan dependencies and images in every build and on a schedule (SCA and
    image scanning), fail the build on serious findings with a documented
    exception process, and update base images regularly. Then set
    `controls.scansDependencies`.
    """
  example = "A service ships with a years-old logging library vulnerable to remote code execution through a crafted log message."
  cwe = [1395, 1104]
  references = [
    "https://cwe.mitre.org/data/definitions/1395.html",
    "https://cwe.mitre.org/data/definitions/1104.html",
  ]
}

threat SUP08 "Build system reachable from an untrusted zone without authentication" {
  targets = [BuildPipeline, ArtifactRegistry]
  stride = [Tampering, InformationDisclosure, ElevationOfPrivilege]
  severity = VeryHigh
  likelihood = Medium
  when = target.exposure < INTERNAL
         and not (target.controls.authenticatesSource and target.controls.hasAccessControl)
  details = """
    Something in a zone less trusted than INTERNAL reaches the pipeline or
    registry directly, and it does not both authenticate its callers and
    restrict what each may do. An open build server runs whatever job it is
    sent; an open registry hands out internal code and accepts replaced
    artifacts. Either gives the attacker the software everything else runs.
    """
  prerequisites = "The attacker can reach the build server's or registry's endpoint from the less trusted zone."
  mitigations = """
    Put build servers and registries behind the organisation's single
    sign-on, require authentication for reads as well as writes, give
    every user and job only the rights it needs, and keep administrative
    interfaces off the internet. Then set `controls.authenticatesSource`
    and `controls.hasAccessControl`.
    """
  example = "A Jenkins controller on a public address allows anonymous read and script-console access; a scanner finds it and runs a Groovy script that dumps all stored credentials."
  capec = [511]
  cwe = [306, 284]
  references = [
    "https://capec.mitre.org/data/definitions/511.html",
    "https://cwe.mitre.org/data/definitions/306.html",
    "https://cwe.mitre.org/data/definitions/284.html",
  ]
}

threat SUP09 "Outside contributions and production releases share one pipeline" {
  targets = [BuildPipeline]
  stride = [Tampering, ElevationOfPrivilege]
  severity = High
  likelihood = Medium
  when = target.buildsExternalChanges and target.deploysByPush and not workloadIsolated(target)
  details = """
    The same pipeline builds changes from outside the team
    (`buildsExternalChanges`) and pushes releases into production
    (`deploysByPush`), and its jobs are not isolated from one another
    (`controls.isolatesWorkloads`). An outside build that runs on a shared,
    long-lived runner or writes to a shared cache leaves behind a poisoned
    cache entry, tool or process, and the next release job picks it up with
    the production credentials.
    """
  prerequisites = "Untrusted and release jobs share runners, caches or workspaces."
  mitigations = """
    Run outside contributions on separate, ephemeral runners with their own
    caches, never on the runners that hold release or deploy credentials,
    and scope caches by trust level. Then set `controls.isolatesWorkloads`.
    """
  example = "A fork's build writes a modified compiler into the shared runner's tool cache; the release job on that runner builds a backdoored binary and deploys it."
  capec = [511]
  cwe = [653]
  references = [
    "https://capec.mitre.org/data/definitions/511.html",
    "https://cwe.mitre.org/data/definitions/653.html",
  ]
}

threat CNT01 "Privileged containers: a breakout owns the node" {
  targets = [ContainerPlatform]
  stride = [ElevationOfPrivilege]
  severity = High
  likelihood = Medium
  when = target.runsPrivileged
  details = """
    The platform runs containers privileged or as root (`runsPrivileged`).
    A container is then a thin wrapper: a vulnerable application, or a
    compromised image, escapes to the node through the host's devices,
    kernel interfaces or a mounted runtime socket, and from the node
    reaches every other workload on it and the credentials of the node
    itself.
    """
  prerequisites = "The attacker runs code in one container, through an application flaw or a malicious image."
  mitigations = """
    Run containers as non-root with a read-only root file system, drop all
    capabilities and add back only what is needed, forbid privileged mode,
    host namespaces and host mounts by policy (Pod Security Standards
    "restricted", an admission controller), and never mount the runtime
    socket. Then set `runsPrivileged = false`.
    """
  example = "A web container running as root with the Docker socket mounted is hijacked through a template injection; the attacker starts a new container mounting the host's root file system."
  capec = [233]
  cwe = [250, 269]
  references = [
    "https://capec.mitre.org/data/definitions/233.html",
    "https://cwe.mitre.org/data/definitions/250.html",
    "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
  ]
}

threat CNT02 "Exposed workload on a shared runtime without isolation" {
  targets = [Asset]
  stride = [ElevationOfPrivilege, InformationDisclosure]
  severity = High
  likelihood = Low
  when = target.runsOn != none
         and (target.zone < INTERNAL or internetFacing(target))
         and not workloadIsolated(target)
  details = """
    The workload runs on a container platform (`runsOn`), sits in a zone
    less trusted than INTERNAL or is reached straight from the internet,
    and it is not isolated from the other workloads of that platform
    (`controls.isolatesWorkloads`, on it or on the platform). The
    exposed workload is the one most likely to be compromised, and on a
    shared runtime its compromise is one kernel flaw, one missing network
    policy or one over-broad service account away from its neighbours,
    which sit in more trusted zones and hold more sensitive data.
    """
  prerequisites = "The attacker gains code execution in the exposed workload."
  mitigations = """
    Run internet-facing workloads on their own nodes or node pool, or in a
    sandboxed runtime (gVisor, Kata, Firecracker), with network policies
    that allow only the flows in the model and a service account without
    cluster rights. Then set `controls.isolatesWorkloads` on the workload, or on
    the platform when it isolates every workload.
    """
  example = "A public image-resizing service is compromised through a codec flaw; from the same node the attacker reads the mounted service-account token of the billing service."
  cwe = [653]
  references = ["https://cwe.mitre.org/data/definitions/653.html"]
}

threat CNT03 "Less trusted neighbour on the same runtime" {
  targets = [Asset]
  stride = [ElevationOfPrivilege, Tampering]
  severity = High
  likelihood = Low
  when = target.runsOn != none
         and target.zone >= INTERNAL
         and not internetFacing(target)
         and not workloadIsolated(target)
         and (any f in target.inputs:
                sharesRuntimeWith(f.source, target) and f.source.zone < target.zone)
  details = """
    The workload runs on a container platform (`runsOn`) together with a
    workload from a less trusted zone that sends it requests, and it is not
    isolated from that neighbour (`controls.isolatesWorkloads`). The trust
    boundary the model draws between the two zones does not exist on the
    platform: a compromised neighbour reaches this workload's memory,
    volumes or credentials through the shared node, not only through the
    modelled flow. (A workload that is itself exposed is CNT02's.)
    """
  prerequisites = "The attacker controls the less trusted workload and the platform shares nodes, kernel or network between the two."
  mitigations = """
    Give each trust zone its own nodes or cluster, or a sandboxed runtime,
    enforce network policies that allow only the modelled flows, and keep
    secrets of the more trusted workload out of reach of the node's other
    tenants. Then set `controls.isolatesWorkloads` on this workload.
    """
  example = "The DMZ's web front end and the internal payment service run on the same Kubernetes nodes; after a container escape from the front end the attacker reads the payment service's mounted keys."
  cwe = [653]
  references = ["https://cwe.mitre.org/data/definitions/653.html"]
}

threat CNT04 "Container platform's control plane open to an untrusted zone" {
  targets = [ContainerPlatform]
  stride = [ElevationOfPrivilege, Tampering]
  severity = VeryHigh
  likelihood = Medium
  when = target.exposure < INTERNAL
         and not (target.controls.authenticatesSource and target.controls.hasAccessControl)
  details = """
    Something in a zone less trusted than INTERNAL reaches the platform's
    API or dashboard directly, and the platform does not both authenticate
    its callers and restrict what each may do. Whoever reaches an open
    orchestrator API or container runtime socket starts containers of their
    choosing, with host access, and reads every secret the platform holds.
    """
  prerequisites = "The attacker can reach the platform's API endpoint, dashboard or runtime socket."
  mitigations = """
    Keep the API server and dashboards on a private network or behind an
    identity-aware proxy, disable anonymous access, use role-based access
    control with least privilege, and never expose a runtime socket over
    TCP. Then set `controls.authenticatesSource` and
    `controls.hasAccessControl`.
    """
  example = "A Kubernetes dashboard without authentication is reachable from the internet; the attacker deploys a crypto-mining pod and reads the cloud credentials stored as secrets."
  cwe = [306, 284]
  references = [
    "https://cwe.mitre.org/data/definitions/306.html",
    "https://cwe.mitre.org/data/definitions/284.html",
  ]
}

threat CNT05 "Platform runs images without verifying their signatures" {
  targets = [ContainerPlatform]
  stride = [Tampering, Spoofing]
  severity = High
  likelihood = Low
  when = not target.controls.usesCodeSigning
         and (any f in target.inputs:
                f.source is ArtifactRegistry
                or f.source is BuildPipeline
                or f.source.zone <= PARTNER)
  details = """
    The platform receives images from a registry, a pipeline or an outside
    source and runs them without checking that they were signed by your
    build (`controls.usesCodeSigning`). An image replaced in the registry,
    pulled from a look-alike repository, or deployed by someone who got
    cluster rights runs like any other.
    """
  prerequisites = "The attacker can get an image of their choosing to the platform: by writing to the registry, changing a deployment or misleading a pull."
  mitigations = """
    Enforce signature and provenance checks at admission (Sigstore policy
    controller, Kyverno, Connaisseur, Notation), allow images only from
    your registries, and deploy by digest. Then set
    `controls.usesCodeSigning` on the platform.
    """
  example = "An image tagged `nginx:stable` in a public namespace that looks like the official one is pulled by a new deployment; it carries a reverse shell."
  capec = [439]
  cwe = [494, 345]
  references = [
    "https://capec.mitre.org/data/definitions/439.html",
    "https://cwe.mitre.org/data/definitions/494.html",
  ]
}

threat CNT06 "Workload secrets stored unencrypted by the platform" {
  targets = [ContainerPlatform]
  stride = [InformationDisclosure]
  severity = High
  likelihood = Low
  when = (count(target.keepsSecretsIn) > 0 or (any d in target.data: d.isCredentials))
         and not target.controls.isEncryptedAtRest
  details = """
    The platform stores the workloads' secrets (it keeps secrets,
    `keepsSecretsIn`, or credentials are among its `data`) and does not
    encrypt what it stores (`controls.isEncryptedAtRest`). Credentials it
    is only handed to authenticate a caller do not count.
    Orchestrator secrets are often only encoded: whoever reads the
    platform's state store, a backup of it or a node's disk reads every
    workload's passwords and keys.
    """
  prerequisites = "The attacker reads the platform's state store (etcd, a backup, a snapshot) or the disk of a node."
  mitigations = """
    Turn on encryption of secrets at rest with a key held in a KMS
    (Kubernetes EncryptionConfiguration with a KMS provider, the managed
    service's envelope encryption), restrict who can read secrets, encrypt
    backups of the state store, or keep secrets in an external vault
    mounted at run time. Then set `controls.isEncryptedAtRest`.
    """
  example = "A backup of the cluster's etcd, copied to a shared bucket, is read by an intern's script; it holds the base64-encoded database passwords of every service."
  cwe = [312, 522]
  references = [
    "https://cwe.mitre.org/data/definitions/312.html",
    "https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/",
  ]
}
