// Three threats of our own for the kiosk model: the same texts as
// threats/kiosk.json, which pytm reads, so that a report template may
// print every text of a finding and still match pytm's byte for byte.

threat KT01 "Unhardened <kiosk> host" {
  targets = [Server]
  severity = High
  likelihood = Medium
  when = not target.controls.isHardened
  details = "A host left with default settings lets a visitor with a keyboard reach the \"admin\" menu."
  prerequisites = "Physical access to the kiosk."
  mitigations = "Lock the shell & disable function keys; budget $200 per unit."
  example = "A visitor presses Ctrl+Alt+F2 and gets a login prompt."
  references = ["https://kiosk.example/hardening", "https://kiosk.example/shell"]
}

threat KT02 "Clear-text traffic" {
  targets = [Dataflow]
  severity = Medium
  when = target.protocol == "HTTP"
  details = "Anyone on the shop's Wi-Fi can read what the kiosk sends."
  prerequisites = "A position on the network path."
  mitigations = "Use HTTPS; it costs \\$0 with a free certificate."
  references = ["https://kiosk.example/tls"]
}

threat KT03 "Anyone can walk up" {
  targets = [Actor, Process]
  severity = Low
  likelihood = High
  when = true
  details = "It's in a public place."
  mitigations = "Watch it with a camera."
  example = "A child presses every button."
}
