// Tests of network.tm: WAF in front of web endpoints (NET01), internal
// elements reached from the internet (NET02), segmentation (NET03, NET04),
// SSRF (NET05, NET06), floods of platform services (NET07), egress
// filtering (NET08), remote administration from the internet (NET09) and
// perimeter firewall rules (NET10).

model "Rule test: network (NET01-NET10)" {
  description = "A shop with a WAF-fronted site, an unprotected site, internal services, a PCI zone and a cloud fetcher."
}

boundary internet "Internet" {
  trust = INTERNET
}
boundary dmz "DMZ" {
  trust = DMZ
}
boundary filtered_dmz "Filtered DMZ" {
  trust = DMZ
  controls.restrictsNetworkAccess = true
}
boundary egress_vpc "VPC with an egress allow-list" {
  trust = DMZ
  controls.filtersEgress = true

  boundary egress_subnet "Public subnet" {
    trust = DMZ
  }
}
boundary app "App" {
  trust = INTERNAL
}
boundary pci "PCI zone" {
  trust = RESTRICTED
}

Actor user "Customer" in internet
Actor ops "Operator at home" in internet

Gateway waf "WAF" in dmz {
  role = WAF
}
Gateway apigw "API gateway" in dmz
Gateway apigw_filtering "API gateway with WAF rules" in dmz {
  filtersAttacks = true
}
Server shop "Shop behind the WAF" in app
Server legacy "Legacy site" in dmz
Process internal_api "Internal API reached directly" in app
Process fenced_api "Internal API allowing known addresses" in app {
  controls.restrictsNetworkAccess = true
}
Process vpn_api "Internal API over VPN" in app
Process proxy "Reverse proxy" in dmz
Datastore cards "Card vault DB" in pci {
  isSQL = false
  type = NOSQL
}
Datastore mid_cards "Card DB behind the app" in pci {
  isSQL = false
  type = NOSQL
}
Datastore keys "Key store next to the site" in dmz {
  isSQL = false
  type = NOSQL
}
Datastore walled_keys "Key store in its own zone" in pci {
  isSQL = false
  type = NOSQL
}
Process preview "Link preview" in dmz {
  fetchesURLs = true
  cloud = AWS
}
Process vpc_preview "Link preview in a VPC that filters egress" in egress_subnet {
  fetchesURLs = true
}
Process safe_preview "Link preview with egress allow-list" in dmz {
  fetchesURLs = true
  cloud = AWS
  controls.filtersEgress = true
}
Process pola_preview "Link preview with a narrow role" in dmz {
  fetchesURLs = true
  onAWS = true
  controls.implementsPOLP = true
}
Process batch_fetch "Internal fetcher" in app {
  fetchesURLs = true
}
MessageQueue events "Event broker" in dmz
MessageQueue limited_events "Rate-limited broker" in dmz {
  controls.handlesResourceConsumption = true
}
IdentityProvider idp "Identity provider" in dmz
Server bastion "Bastion" in dmz
Server fenced_bastion "Bastion allowing office addresses" in dmz {
  controls.restrictsNetworkAccess = true
}

Data order "Order" {
  classification = SENSITIVE
}
Data card "Card number" {
  classification = SECRET
}
Data link "Link to preview" {
  classification = RESTRICTED
}

flow user -> waf "Browses" {
  protocol = "HTTPS"
  data = [order]
}
flow waf -> shop "Forwards" {
  protocol = "HTTPS"
  data = [order]
}
flow user -> apigw "Calls the API" {
  protocol = "HTTPS"
  data = [order]
}
flow user -> apigw_filtering "Calls the API" {
  protocol = "HTTPS"
  data = [order]
}
flow user -> legacy "Uses the old site" {
  protocol = "HTTP"
  data = [order]
}
flow direct: user -> internal_api "Calls straight in" {
  protocol = "HTTPS"
  data = [order]
}
flow fenced: user -> fenced_api "Calls from a known address" {
  protocol = "HTTPS"
  data = [order]
}
flow tunnelled: user -> vpn_api "Calls through the VPN" {
  protocol = "HTTPS"
  usesVPN = true
  data = [order]
}
flow to_waf: user -> waf "Reaches the WAF" {
  protocol = "HTTPS"
  data = [order]
}
flow skip: proxy -> cards "Reads cards for a status page" {
  data = [card]
}
flow layered: shop -> mid_cards "Reads cards" {
  data = [card]
}
flow user -> legacy "Pays" {
  protocol = "HTTPS"
  data = [card]
}
flow shared_segment: legacy -> keys "Stores card" {
  data = [card]
}
flow own_segment: legacy -> walled_keys "Stores card" {
  data = [card]
}
flow user -> preview "Posts a link" {
  data = [link]
}
flow user -> vpc_preview "Posts a link" {
  data = [link]
}
flow user -> safe_preview "Posts a link" {
  data = [link]
}
flow user -> pola_preview "Posts a link" {
  data = [link]
}
flow shop -> batch_fetch "Asks for a feed" {
  data = [link]
}
flow user -> events "Publishes" {
  data = [order]
}
flow user -> limited_events "Publishes" {
  data = [order]
}
flow user -> idp "Signs in" {
  data = [order]
}
flow rdp: ops -> bastion "Remote desktop" {
  protocol = "RDP"
}
flow fenced_rdp: ops -> fenced_bastion "Remote desktop" {
  protocol = "RDP"
}
flow ssh_vpn: ops -> bastion "SSH over the VPN" {
  protocol = "SSH"
  usesVPN = true
}

Expect waf_missing "NET01 fires on a site reached from the internet with no WAF" {
  threat_id = "NET01"
  on = legacy
}
Expect gateway_no_rules "NET01 fires on an API gateway that filters no attacks" {
  threat_id = "NET01"
  on = apigw
}
Expect gateway_rules "NET01 is quiet on a gateway with WAF rules" {
  threat_id = "NET01"
  on = apigw_filtering
  fires = false
}
Expect waf_itself "NET01 is quiet on the WAF itself" {
  threat_id = "NET01"
  on = waf
  fires = false
}
Expect behind_waf "NET01 is quiet on a server behind the WAF" {
  threat_id = "NET01"
  on = shop
  fires = false
}
Expect straight_in "NET02 fires on a flow from the internet into an internal process" {
  threat_id = "NET02"
  on = direct
}
Expect fenced_in "NET02 is quiet when the process admits only known addresses" {
  threat_id = "NET02"
  on = fenced
  fires = false
}
Expect vpn_in "NET02 is quiet over a VPN" {
  threat_id = "NET02"
  on = tunnelled
  fires = false
}
Expect into_dmz "NET02 is quiet into a DMZ gateway" {
  threat_id = "NET02"
  on = to_waf
  fires = false
}
Expect dmz_to_pci "NET03 fires on a DMZ proxy reading the PCI zone directly" {
  threat_id = "NET03"
  on = skip
}
Expect internal_to_pci "NET03 is quiet when an internal service reads the PCI zone" {
  threat_id = "NET03"
  on = layered
  fires = false
}
Expect same_segment "NET04 fires on card data stored next to an internet-facing site" {
  threat_id = "NET04"
  on = shared_segment
}
Expect own_zone "NET04 is quiet once the store has its own boundary" {
  threat_id = "NET04"
  on = own_segment
  fires = false
}
Expect ssrf "NET05 fires on a link preview without egress filtering" {
  threat_id = "NET05"
  on = preview
}
Expect ssrf_filtered "NET05 is quiet with an egress allow-list" {
  threat_id = "NET05"
  on = safe_preview
  fires = false
}
Expect ssrf_vpc "NET05 is quiet where the VPC around the subnet filters egress" {
  threat_id = "NET05"
  on = vpc_preview
  fires = false
}
Expect ssrf_internal "NET05 is quiet on a fetcher fed only by internal services" {
  threat_id = "NET05"
  on = batch_fetch
  fires = false
}
Expect metadata "NET06 fires on a cloud link preview with a broad role and no egress filter" {
  threat_id = "NET06"
  on = preview
}
Expect metadata_narrow "NET06 is quiet when the role is narrow" {
  threat_id = "NET06"
  on = pola_preview
  fires = false
}
Expect flooded_queue "NET07 fires on a broker the internet reaches without limits" {
  threat_id = "NET07"
  on = events
}
Expect flooded_idp "NET07 fires on an identity provider the internet reaches without limits" {
  threat_id = "NET07"
  on = idp
}
Expect limited_queue "NET07 is quiet on a rate-limited broker" {
  threat_id = "NET07"
  on = limited_events
  fires = false
}
Expect egress_open "NET08 fires on a DMZ site handling card data without egress filtering" {
  threat_id = "NET08"
  on = legacy
}
Expect egress_filtered "NET08 is quiet on a fetcher with an egress allow-list" {
  threat_id = "NET08"
  on = safe_preview
  fires = false
}
Expect egress_no_secrets "NET08 is quiet on an element handling no secrets" {
  threat_id = "NET08"
  on = preview
  fires = false
}
Expect rdp_open "NET09 fires on RDP from the internet" {
  threat_id = "NET09"
  on = rdp
}
Expect rdp_fenced "NET09 is quiet when the bastion admits only known addresses" {
  threat_id = "NET09"
  on = fenced_rdp
  fires = false
}
Expect ssh_vpn_quiet "NET09 is quiet over a VPN" {
  threat_id = "NET09"
  on = ssh_vpn
  fires = false
}
Expect dmz_rules "NET10 fires on a DMZ without narrow firewall rules" {
  threat_id = "NET10"
  on = dmz
}
Expect dmz_filtered "NET10 is quiet on a DMZ with narrow rules" {
  threat_id = "NET10"
  on = filtered_dmz
  fires = false
}
Expect internal_zone "NET10 is quiet on an internal zone" {
  threat_id = "NET10"
  on = app
  fires = false
}
