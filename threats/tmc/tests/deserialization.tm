// Tests of DSR01 (untrusted data deserialized into objects): services that
// read Java-serialized objects from customers, from a queue the DMZ writes
// to, and from an internal service only, one of them checking signatures.

model "Rule test: deserialization (DSR01)" {
  description = "Web and back-office services exchange serialized Java objects."
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

Server web "Web server reading serialized session cookies" in dmz {
  deserializesObjects = true
}
Server web_signed "Web server checking signed session cookies" in dmz {
  deserializesObjects = true
  controls.providesIntegrity = true
}
Server web_json "Web server reading JSON" in dmz
MessageQueue jobs "Job queue" in app
Process worker "Worker reading serialized jobs" in app {
  deserializesObjects = true
}
Process internal "Internal service" in app
Process reporter "Reporter reading serialized objects from an internal service" in app {
  deserializesObjects = true
}

Data session "Session cookie" {
  classification = SENSITIVE
}
Data job "Job"

flow customer -> web "Sends its session" {
  data = [session]
}
flow customer -> web_signed "Sends its session" {
  data = [session]
}
flow customer -> web_json "Sends JSON" {
  data = [session]
}
flow web -> jobs "Queues a job" {
  data = [job]
}
flow jobs -> worker "Delivers the job" {
  data = [job]
}
flow internal -> reporter "Sends report data" {
  data = [job]
}

Expect cookie "DSR01 fires on objects deserialized from customers' requests" {
  threat_id = "DSR01"
  on = web
}
Expect signed "DSR01 is quiet once payloads are signed and checked" {
  threat_id = "DSR01"
  on = web_signed
  fires = false
}
Expect json "DSR01 is quiet on a server that reads plain data" {
  threat_id = "DSR01"
  on = web_json
  fires = false
}
Expect second_order "DSR01 fires on objects read from a queue the DMZ writes to" {
  threat_id = "DSR01"
  on = worker
}
Expect internal_only "DSR01 is quiet on objects that come only from an internal service" {
  threat_id = "DSR01"
  on = reporter
  fires = false
}
