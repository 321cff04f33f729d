// Tests of tmc's agent threats: injection through content read (AI01),
// exfiltration (AI02), excessive agency (AI03, AI04), tools that change
// (AI09), unbounded use (AI10) and acting beyond the user's rights (AI13).

model "Rule test: AI agents" {
  description = "Customers and staff use agents that read e-mail and web pages and act through tools."
}

boundary vpc "VPC" {
  trust = INTERNAL
}

Actor customer "Customer"
Data order "Order history" {
  isPII = true
}

Server portal "Customer portal" in vpc

Agent inbox "Inbox agent" in vpc {
  readsUntrustedContent = true
  hasWriteTools = true
  usesExternalTools = true
  validatesToolLaunchConfig = true
}
Agent inbox_safe "Inbox agent with screening and approval" in vpc {
  readsUntrustedContent = true
  hasWriteTools = true
  usesExternalTools = true
  validatesToolLaunchConfig = true
  controls.sanitizesInput = true
  controls.requiresHumanApproval = true
  controls.pinsDependencies = true
  controls.handlesResourceConsumption = true
  controls.authorizesSource = true
}
Agent refunds "Refund agent" in vpc {
  movesMoney = true
  hasWriteTools = true
}
Agent refunds_safe "Refund agent with approval" in vpc {
  movesMoney = true
  hasWriteTools = true
  controls.requiresHumanApproval = true
  controls.authorizesSource = true
}
Agent reader "Read-only research agent" in vpc {
  readsUntrustedContent = true
}

flow customer -> portal "Chats" {
  data = [order]
}
flow portal -> inbox "Hands over a conversation" {
  data = [order]
}
flow portal -> inbox_safe "Hands over a conversation" {
  data = [order]
}
flow customer -> refunds "Asks for a refund" {
  data = [order]
}
flow customer -> refunds_safe "Asks for a refund" {
  data = [order]
}
flow portal -> reader "Asks for research"

Expect ai01_fires "AI01 fires on an agent reading e-mail unscreened" {
  threat_id = "AI01"
  on = inbox
}
Expect ai01_screened "AI01 is quiet once untrusted content is screened" {
  threat_id = "AI01"
  on = inbox_safe
  fires = false
}
Expect ai02_fires "AI02 fires on an agent mixing untrusted content, customer data and write tools" {
  threat_id = "AI02"
  on = inbox
}
Expect ai02_approval "AI02 is quiet when a person approves each action" {
  threat_id = "AI02"
  on = inbox_safe
  fires = false
}
Expect ai02_read_only "AI02 is quiet on an agent with no tools that act" {
  threat_id = "AI02"
  on = reader
  fires = false
}
Expect ai03_fires "AI03 fires on an agent writing without approval" {
  threat_id = "AI03"
  on = inbox
}
Expect ai03_approval "AI03 is quiet with human approval" {
  threat_id = "AI03"
  on = inbox_safe
  fires = false
}
Expect ai03_money "AI03 leaves an agent that moves money to AI04" {
  threat_id = "AI03"
  on = refunds
  fires = false
}
Expect ai04_fires "AI04 fires on an agent issuing refunds on its own" {
  threat_id = "AI04"
  on = refunds
}
Expect ai04_approval "AI04 is quiet when a person approves each refund" {
  threat_id = "AI04"
  on = refunds_safe
  fires = false
}
Expect ai09_fires "AI09 fires on an agent using unpinned tool servers" {
  threat_id = "AI09"
  on = inbox
}
Expect ai09_pinned "AI09 is quiet once tools are pinned" {
  threat_id = "AI09"
  on = inbox_safe
  fires = false
}
Expect ai10_fires "AI10 fires on an agent customers drive without limits" {
  threat_id = "AI10"
  on = refunds
}
Expect ai10_limited "AI10 is quiet with per-caller limits" {
  threat_id = "AI10"
  on = inbox_safe
  fires = false
}
Expect ai13_fires "AI13 fires on an agent acting for customers without checking their rights" {
  threat_id = "AI13"
  on = refunds
}
Expect ai13_checked "AI13 is quiet when each tool call is checked against the customer's rights" {
  threat_id = "AI13"
  on = refunds_safe
  fires = false
}
