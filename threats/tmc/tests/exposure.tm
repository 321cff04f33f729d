// Tests of the threats that depend on exposure and hardening: TB02
// (administrator reaching the system from the internet without MFA), DS03
// (footprinting of an internet-facing server), DS02 (debug options in
// production) and CR05 (weak or unvetted encryption algorithm).

model "Rule test: exposure and hardening (TB02, DS03, DS02, CR05)" {
  description = "Administrators, servers and processes placed in different zones, hardened or not."
}

boundary internet "Internet" {
  trust = INTERNET
}
boundary office "Office VPN" {
  trust = INTERNAL
}
boundary vpc "VPC" {
  trust = INTERNAL
}

Actor admin "Administrator on the internet" in internet {
  isAdmin = true
}
Actor admin_vpn "Administrator on the office VPN" in office {
  isAdmin = true
}
Actor admin_mfa "Administrator using MFA" in internet {
  isAdmin = true
}
Actor user "Ordinary user" in internet
Server console "Admin console" in vpc
Server console_mfa "Admin console requiring MFA" in vpc {
  controls.usesMFA = true
}
Server edge "Internet-facing server, not hardened" in vpc
Server edge_hard "Internet-facing server, hardened" in vpc {
  controls.isHardened = true
}
Server edge_vpn "Server reached only through a VPN" in vpc {
  usesVPN = true
}
Server inner "Internal server" in vpc
Process prod "Production job" in vpc {
  environment = "Production"
}
Process prod_hard "Hardened production job" in vpc {
  environment = "Production"
  controls.isHardened = true
}
Process staging "Staging job" in vpc {
  environment = "Staging"
}
Datastore des "Store encrypted with DES" in vpc {
  controls.usesEncryptionAlgorithm = "DES"
}
Datastore aes "Store encrypted with AES-256-GCM" in vpc {
  controls.usesEncryptionAlgorithm = "AES-256-GCM"
}
Datastore unnamed "Store naming no algorithm" in vpc

flow a_console: admin -> console "Administers"
flow v_console: admin_vpn -> console "Administers from the office"
flow m_console: admin_mfa -> console_mfa "Administers with MFA"
flow u_edge: user -> edge "Browses"
flow u_edge_hard: user -> edge_hard "Browses"
flow e_inner: edge -> inner "Calls"
flow u_edge_vpn: user -> edge_vpn "Browses through the VPN" {
  usesVPN = true
}
flow p_des: prod -> des "Writes"
flow p_aes: prod -> aes "Writes"
flow h_unnamed: prod_hard -> unnamed "Writes"
flow s_unnamed: staging -> unnamed "Writes"

Expect tb02_internet "TB02 fires on an administrator on the internet without MFA" {
  threat_id = "TB02"
  on = admin
}
Expect tb02_vpn "TB02 is quiet on an administrator inside the office VPN" {
  threat_id = "TB02"
  on = admin_vpn
  fires = false
}
Expect tb02_mfa "TB02 is quiet when the console requires MFA" {
  threat_id = "TB02"
  on = admin_mfa
  fires = false
}
Expect tb02_user "TB02 is quiet on an ordinary user" {
  threat_id = "TB02"
  on = user
  fires = false
}

Expect ds03_edge "DS03 fires on an internet-facing server that is not hardened" {
  threat_id = "DS03"
  on = edge
}
Expect ds03_hard "DS03 is quiet on a hardened server" {
  threat_id = "DS03"
  on = edge_hard
  fires = false
}
Expect ds03_vpn "DS03 is quiet on a server reached only through a VPN" {
  threat_id = "DS03"
  on = edge_vpn
  fires = false
}
Expect ds03_inner "DS03 is quiet on an internal server" {
  threat_id = "DS03"
  on = inner
  fires = false
}

Expect ds02_prod "DS02 fires on a production process that is not hardened" {
  threat_id = "DS02"
  on = prod
}
Expect ds02_hard "DS02 is quiet when hardened" {
  threat_id = "DS02"
  on = prod_hard
  fires = false
}
Expect ds02_staging "DS02 is quiet outside production" {
  threat_id = "DS02"
  on = staging
  fires = false
}

Expect cr05_des "CR05 fires on DES" {
  threat_id = "CR05"
  on = des
}
Expect cr05_aes "CR05 is quiet on AES-256-GCM" {
  threat_id = "CR05"
  on = aes
  fires = false
}
Expect cr05_unnamed "CR05 is quiet when no algorithm is named" {
  threat_id = "CR05"
  on = unnamed
  fires = false
}
