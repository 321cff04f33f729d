// Tests of AC12 "Privilege Escalation": it fires on a process (or a kind
// below Process) that lacks access control or least privilege.

model "Rule test: privilege escalation (AC12)" {
  description = "Processes with and without access control and least privilege."
}

Process open "Process with no access control"
Process loose "Process with access control but broad rights" {
  controls.hasAccessControl = true
}
Process strict "Process with access control and least privilege" {
  controls.hasAccessControl = true
  controls.implementsPOLP = true
}
SetOfProcesses workers "Worker pool with no access control"
Process sandboxed "Process in a sandbox" {
  assumptions = [
    {
      name = "Runs in a sandbox"
      exclude = ["AC12"]
    },
  ]
}

Expect no_access_control "fires without access control" {
  threat_id = "AC12"
  on = open
}
Expect no_polp "fires without least privilege" {
  threat_id = "AC12"
  on = loose
}
Expect sub_kind "fires on a kind below Process" {
  threat_id = "AC12"
  on = workers
}
Expect both "quiet with access control and least privilege" {
  threat_id = "AC12"
  on = strict
  fires = false
}
Expect assumed "quiet where an assumption rules it out" {
  threat_id = "AC12"
  on = sandboxed
  fires = false
}
