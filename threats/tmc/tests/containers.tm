// Tests of the container threats CNT01-CNT06: two Kubernetes clusters, one
// as teams often start (privileged pods, public API, every zone on the same
// nodes) and one fixed, running an internet-facing front end and an
// internal payment service.

model "Rule test: container platforms (CNT01-CNT06)" {
  description = "A web front end and a payment service run on Kubernetes and pull images from a registry."
}

boundary internet "Internet" {
  trust = INTERNET
}
boundary dmz "DMZ" {
  trust = DMZ
}
boundary app "App" {
  trust = INTERNAL
}

Actor customer "Customer" in internet
Actor operator "Cluster operator" in internet

ArtifactRegistry registry "Image registry" in app
ContainerPlatform shared "Shared cluster (as found)" in app {
  runsPrivileged = true
  keepsSecretsIn = [CONFIG_FILE]
}
ContainerPlatform hardened "Hardened cluster" in app {
  controls.authenticatesSource = true
  controls.hasAccessControl = true
  controls.usesCodeSigning = true
  controls.isEncryptedAtRest = true
  keepsSecretsIn = [CONFIG_FILE]
}
ContainerPlatform bare "Cluster with no secrets" in app
ContainerPlatform sandboxed "Cluster that sandboxes every workload" in app {
  controls.isolatesWorkloads = true
}

Server web "Web front end" in dmz {
  runsOn = shared
}
Server web3 "Web front end on the sandboxing cluster" in dmz {
  runsOn = sandboxed
}
Process payments "Payment service" in app {
  runsOn = shared
}
Server web2 "Web front end (own node pool)" in dmz {
  runsOn = hardened
  controls.isolatesWorkloads = true
}
Process payments2 "Payment service (sandboxed)" in app {
  runsOn = hardened
  controls.isolatesWorkloads = true
}
Process batch "Batch job on its own VM" in app
Process reports "Report service" in app {
  runsOn = shared
}

Data order "Order" {
  classification = SENSITIVE
}
Data image "Container image"

flow customer -> web "Places an order" {
  data = [order]
}
flow customer -> web3 "Places an order" {
  data = [order]
}
flow customer -> web2 "Places an order" {
  data = [order]
}
flow web -> payments "Charges the order" {
  data = [order]
}
flow web2 -> payments2 "Charges the order" {
  data = [order]
}
flow web -> batch "Queues a job" {
  data = [order]
}
flow payments -> reports "Reports the charge" {
  data = [order]
}
flow operator -> shared "Runs kubectl" {
  data = [image]
}
flow operator -> hardened "Runs kubectl through single sign-on" {
  data = [image]
}
flow registry -> shared "Images pulled by" {
  data = [image]
}
flow registry -> hardened "Signed images pulled by" {
  data = [image]
}

Expect privileged "CNT01 fires on a platform that runs privileged containers" {
  threat_id = "CNT01"
  on = shared
}
Expect unprivileged "CNT01 is quiet on a platform that does not" {
  threat_id = "CNT01"
  on = hardened
  fires = false
}

Expect exposed_shared "CNT02 fires on a DMZ workload sharing a cluster without isolation" {
  threat_id = "CNT02"
  on = web
}
Expect exposed_isolated "CNT02 is quiet once the workload is isolated" {
  threat_id = "CNT02"
  on = web2
  fires = false
}
Expect exposed_platform_isolated "CNT02 is quiet where the platform isolates every workload" {
  threat_id = "CNT02"
  on = web3
  fires = false
}
Expect internal_called_from_dmz "CNT02 leaves an internal workload called by a DMZ neighbour to CNT03" {
  threat_id = "CNT02"
  on = payments
  fires = false
}
Expect internal_shared "CNT02 is quiet on a workload reached only from inside" {
  threat_id = "CNT02"
  on = reports
  fires = false
}

Expect mixed_zones "CNT03 fires on an internal workload called by a DMZ neighbour on the same cluster" {
  threat_id = "CNT03"
  on = payments
}
Expect mixed_isolated "CNT03 is quiet once the workload is isolated" {
  threat_id = "CNT03"
  on = payments2
  fires = false
}
Expect not_containerised "CNT03 is quiet on a workload that runs on no platform" {
  threat_id = "CNT03"
  on = batch
  fires = false
}
Expect same_zone "CNT03 is quiet when the neighbour is as trusted" {
  threat_id = "CNT03"
  on = reports
  fires = false
}

Expect open_api "CNT04 fires on a cluster API reached from the internet without authentication" {
  threat_id = "CNT04"
  on = shared
}
Expect sso_api "CNT04 is quiet behind authentication and access control" {
  threat_id = "CNT04"
  on = hardened
  fires = false
}

Expect unsigned_images "CNT05 fires on a cluster running images without verifying signatures" {
  threat_id = "CNT05"
  on = shared
}
Expect signed_images "CNT05 is quiet once admission verifies signatures" {
  threat_id = "CNT05"
  on = hardened
  fires = false
}

Expect plain_secrets "CNT06 fires on a cluster keeping secrets unencrypted" {
  threat_id = "CNT06"
  on = shared
}
Expect encrypted_secrets "CNT06 is quiet once secrets are encrypted at rest" {
  threat_id = "CNT06"
  on = hardened
  fires = false
}
Expect no_secrets "CNT06 is quiet on a cluster holding no secrets" {
  threat_id = "CNT06"
  on = bare
  fires = false
}
