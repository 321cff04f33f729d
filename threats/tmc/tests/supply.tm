// Tests of the supply-chain threats SUP01-SUP09: two build pipelines and
// two artifact registries, one of each as teams often start and one fixed
// (the controls set, pull-based deployment), pulling from a public package
// registry.

model "Rule test: build pipelines and registries (SUP01-SUP09)" {
  description = "An open-source project's CI builds pull requests and releases images that production runs."
}

boundary internet "Internet" {
  trust = INTERNET
}
boundary ci "CI" {
  trust = INTERNAL
}
boundary prod "Production" {
  trust = INTERNAL
}

Actor contributor "Outside contributor" in internet
ExternalEntity npm "Public package registry" in internet

BuildPipeline actions "CI pipeline (as found)" in ci {
  deploysByPush = true
  buildsExternalChanges = true
  keepsSecretsIn = [ENVIRONMENT]
}
BuildPipeline fixed "CI pipeline (fixed)" in ci {
  buildsExternalChanges = true
  keepsSecretsIn = [VAULT]
  controls.requiresCodeReview = true
  controls.pinsDependencies = true
  controls.scansDependencies = true
  controls.implementsPOLP = true
  controls.isolatesWorkloads = true
}
BuildPipeline scoped "CI pipeline pushing with scoped credentials" in ci {
  deploysByPush = true
  buildsExternalChanges = true
  controls.implementsPOLP = true
  controls.isolatesWorkloads = true
}
BuildPipeline nightly "Nightly lint job" in ci {
  buildsExternalChanges = true
}
ArtifactRegistry proxy "Package proxy (mixed namespace)" in ci {
  mirrorsPublicPackages = true
}
ArtifactRegistry internal "Internal packages only" in ci {
  mirrorsPublicPackages = true
  controls.pinsDependencies = true
}
ArtifactRegistry images "Image registry" in ci
ArtifactRegistry signed "Signed image registry" in ci {
  controls.usesCodeSigning = true
}
ArtifactRegistry public_reg "Registry open to the internet" in ci
ArtifactRegistry sso_reg "Registry behind single sign-on" in ci {
  controls.authenticatesSource = true
  controls.hasAccessControl = true
}
Process api "API" in prod

Data source "Pull request"
Data packages "Packages"
Data image "Container image"

flow contributor -> actions "Opens a pull request" {
  data = [source]
}
flow contributor -> fixed "Opens a pull request" {
  data = [source]
}
flow npm -> actions "Installs packages by range" {
  data = [packages]
}
flow npm -> fixed "Installs locked packages" {
  data = [packages]
}
flow proxy -> scoped "Installs packages" {
  data = [packages]
}
flow actions -> images "Pushes images" {
  data = [image]
}
flow fixed -> signed "Pushes signed images" {
  data = [image]
}
flow actions -> api "Deploys" {
  data = [image]
}
flow images -> api "Pulled by" {
  data = [image]
}
flow signed -> api "Pulled by" {
  data = [image]
}
flow contributor -> public_reg "Pulls images" {
  data = [image]
}
flow contributor -> sso_reg "Pulls images" {
  data = [image]
}

Expect push_deploy "SUP01 fires on a pipeline that pushes to production" {
  threat_id = "SUP01"
  on = actions
}
Expect scoped_push "SUP01 is quiet once the deploy credentials are scoped to the job" {
  threat_id = "SUP01"
  on = scoped
  fires = false
}
Expect pull_deploy "SUP01 is quiet on a pipeline that does not deploy" {
  threat_id = "SUP01"
  on = fixed
  fires = false
}

Expect pwn_request "SUP02 fires on outside changes built with secrets and no review" {
  threat_id = "SUP02"
  on = actions
}
Expect reviewed_first "SUP02 is quiet once a maintainer reviews before secrets are used" {
  threat_id = "SUP02"
  on = fixed
  fires = false
}
Expect no_secrets "SUP02 is quiet on a pipeline with no secrets to lose" {
  threat_id = "SUP02"
  on = nightly
  fires = false
}

Expect unreviewed "SUP03 fires on a releasing pipeline without required review" {
  threat_id = "SUP03"
  on = actions
}
Expect reviewed "SUP03 is quiet with required review" {
  threat_id = "SUP03"
  on = fixed
  fires = false
}
Expect releases_nothing "SUP03 is quiet on a pipeline that releases nothing" {
  threat_id = "SUP03"
  on = nightly
  fires = false
}

Expect confusion "SUP04 fires on a mixed registry without pinning" {
  threat_id = "SUP04"
  on = proxy
}
Expect confusion_pinned "SUP04 is quiet once dependencies are pinned" {
  threat_id = "SUP04"
  on = internal
  fires = false
}
Expect confusion_private "SUP04 is quiet on a registry serving only its own artifacts" {
  threat_id = "SUP04"
  on = images
  fires = false
}

Expect unpinned "SUP05 fires on a pipeline installing from the internet unpinned" {
  threat_id = "SUP05"
  on = actions
}
Expect unpinned_proxy "SUP05 fires on a pipeline installing through a mixed proxy" {
  threat_id = "SUP05"
  on = scoped
}
Expect pinned "SUP05 is quiet once dependencies are pinned" {
  threat_id = "SUP05"
  on = fixed
  fires = false
}

Expect unsigned "SUP06 fires on a registry deployments pull unsigned artifacts from" {
  threat_id = "SUP06"
  on = images
}
Expect signed_ok "SUP06 is quiet once artifacts are signed and verified" {
  threat_id = "SUP06"
  on = signed
  fires = false
}
Expect nothing_pulled "SUP06 is quiet on a registry nothing pulls from" {
  threat_id = "SUP06"
  on = internal
  fires = false
}

Expect unscanned "SUP07 fires on a releasing pipeline that does not scan" {
  threat_id = "SUP07"
  on = actions
}
Expect scanned "SUP07 is quiet once dependencies are scanned" {
  threat_id = "SUP07"
  on = fixed
  fires = false
}

Expect open_registry "SUP08 fires on a registry the internet reaches without authentication" {
  threat_id = "SUP08"
  on = public_reg
}
Expect sso_registry "SUP08 is quiet behind authentication and access control" {
  threat_id = "SUP08"
  on = sso_reg
  fires = false
}
Expect open_ci "SUP08 fires on a pipeline the internet reaches without authentication" {
  threat_id = "SUP08"
  on = actions
}
Expect internal_registry "SUP08 is quiet on a registry reached only from inside" {
  threat_id = "SUP08"
  on = images
  fires = false
}

Expect shared_runner "SUP09 fires on a pipeline building outside changes and deploying" {
  threat_id = "SUP09"
  on = actions
}
Expect isolated_runner "SUP09 is quiet once jobs run on isolated runners" {
  threat_id = "SUP09"
  on = scoped
  fires = false
}
Expect no_deploy "SUP09 is quiet on a pipeline that does not deploy" {
  threat_id = "SUP09"
  on = nightly
  fires = false
}
