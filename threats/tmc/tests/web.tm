// Tests of tmc's browser and HTTP threats: XSS (INP39) and clickjacking
// (INP20) on elements that serve browsers, checks left to the client (SC05)
// on elements actors call, HTTP request smuggling (INP37) on servers that
// forward HTTP, and XML parsing (INP19, DO04).

model "Rule test: web and XML" {
  description = "Browsers reach a proxy and a web app; partners send XML."
}

boundary internet "Internet" {
  trust = INTERNET
}
boundary dmz "DMZ" {
  trust = DMZ
}

Actor browser "Browser" in internet
Server proxy "Reverse proxy" in dmz {
  protocol = "HTTPS"
}
Server strict "Strict proxy" in dmz {
  protocol = "HTTPS"
  controls.implementsStrictHTTPValidation = true
  controls.encodesOutput = true
  controls.disablesiFrames = true
  controls.implementsServerSideValidation = true
}
Server app "Web app" in dmz {
  protocol = "HTTPS"
}
Process spa "Single-page app" in dmz {
  codeType = "Managed"
  allowsClientSideScripting = true
}
Process safe_spa "Single-page app with encoding" in dmz {
  codeType = "Managed"
  allowsClientSideScripting = true
  controls.encodesOutput = true
  controls.disablesiFrames = true
}
Server feed "Feed receiver" in dmz {
  protocol = "AMQP"
}
Server soap "SOAP endpoint" in dmz {
  usesXMLParser = true
  protocol = "SOAP"
}
Server safe_soap "SOAP endpoint without DTDs" in dmz {
  usesXMLParser = true
  protocol = "SOAP"
  controls.disablesDTD = true
}
Process importer "Importer" in dmz {
  codeType = "Managed"
}
Process json_importer "JSON importer" in dmz {
  codeType = "Managed"
}
ExternalEntity partner "Partner" in internet

Data order "Order" {
  format = "XML"
}
Data event "Event" {
  format = "JSON"
}

flow b1: browser -> proxy "Browses"
flow b2: browser -> strict "Browses"
flow p1: proxy -> app "Forwards"
flow s1: strict -> app "Forwards"
flow r1: app -> browser "Answers" {
  protocol = "HTTPS"
}
flow b3: browser -> spa "Loads"
flow b4: browser -> safe_spa "Loads"
flow f1: partner -> feed "Pushes events" {
  data = [event]
}
flow x1: partner -> soap "Posts orders"
flow x2: partner -> safe_soap "Posts orders"
flow x3: partner -> importer "Sends orders" {
  data = [order]
}
flow x4: partner -> json_importer "Sends events" {
  data = [event]
}

Expect xss "INP39 fires on a server browsers reach" {
  threat_id = "INP39"
  on = proxy
}
Expect xss_spa "INP39 fires on a process that serves client-side scripts" {
  threat_id = "INP39"
  on = spa
}
Expect xss_encoded "INP39 quiet with output encoding" {
  threat_id = "INP39"
  on = safe_spa
  fires = false
}
Expect xss_nobrowser "INP39 quiet on a server no browser reaches" {
  threat_id = "INP39"
  on = feed
  fires = false
}
Expect frame "INP20 fires on a page that can be framed" {
  threat_id = "INP20"
  on = spa
}
Expect frame_denied "INP20 quiet when framing is forbidden" {
  threat_id = "INP20"
  on = safe_spa
  fires = false
}
Expect frame_nobrowser "INP20 quiet on a server no browser reaches" {
  threat_id = "INP20"
  on = soap
  fires = false
}
Expect client "SC05 fires on a server actors call" {
  threat_id = "SC05"
  on = proxy
}
Expect client_checked "SC05 quiet with server-side validation" {
  threat_id = "SC05"
  on = strict
  fires = false
}
Expect client_noactor "SC05 quiet on a server only other servers call" {
  threat_id = "SC05"
  on = app
  fires = false
}
Expect smuggle "INP37 fires on a proxy forwarding HTTP" {
  threat_id = "INP37"
  on = proxy
}
Expect smuggle_strict "INP37 quiet with strict HTTP parsing" {
  threat_id = "INP37"
  on = strict
  fires = false
}
Expect smuggle_end "INP37 quiet on a server that forwards nothing" {
  threat_id = "INP37"
  on = app
  fires = false
}
Expect xxe "INP19 fires on a server with an XML parser" {
  threat_id = "INP19"
  on = soap
}
Expect xxe_data "INP19 fires on a process receiving XML data" {
  threat_id = "INP19"
  on = importer
}
Expect xxe_dtd "INP19 quiet with DTDs disabled" {
  threat_id = "INP19"
  on = safe_soap
  fires = false
}
Expect xxe_json "INP19 quiet where no XML is parsed" {
  threat_id = "INP19"
  on = json_importer
  fires = false
}
Expect bomb "DO04 fires on a server with an XML parser" {
  threat_id = "DO04"
  on = soap
}
Expect bomb_dtd "DO04 quiet with DTDs disabled" {
  threat_id = "DO04"
  on = safe_soap
  fires = false
}
Expect bomb_json "DO04 quiet where no XML is parsed" {
  threat_id = "DO04"
  on = json_importer
  fires = false
}
