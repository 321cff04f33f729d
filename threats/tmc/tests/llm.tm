// Tests of tmc's LLM and agent threats (LLM01-LLM06, LLM08, LLM09).

model "Rule test: LLM" {
  description = "An assistant calls hosted and self-hosted models and an agent launches tools."
}

boundary vpc "VPC" {
  trust = INTERNAL
}
boundary provider "Provider" {
  trust = PARTNER
}

Server app "Assistant backend" in vpc
Data profile "Customer profile" {
  isPII = true
}
Data faq "FAQ" {
  classification = PUBLIC
}

LLM hosted "Hosted model" in provider
LLM guarded "Guarded self-hosted model" in vpc {
  isThirdParty = false
  isSelfHosted = true
  hasContentFiltering = true
  controls.encodesOutput = true
}
LLM rag "RAG model" in provider {
  hasRAG = true
  hasFineTuning = true
  hasAgentCapabilities = true
  hasAccessToSensitiveSystems = true
  executesCode = true
}
LLM tamed "Restricted model" in vpc {
  isThirdParty = false
  processesUntrustedInput = false
  hasRAG = true
  hasContentFiltering = true
  hasFineTuning = true
  hasAgentCapabilities = true
  hasAccessToSensitiveSystems = true
  executesCode = true
  controls.providesIntegrity = true
  controls.implementsPOLP = true
  controls.isHardened = true
}
LLM faqbot "FAQ model" in provider
Agent agent "Agent" in vpc {
  usesExternalTools = true
}
Agent safe_agent "Agent with vetted tools" in vpc {
  usesExternalTools = true
  validatesToolLaunchConfig = true
}

flow a1: app -> hosted "Asks about a customer" {
  data = [profile]
}
flow a2: app -> guarded "Asks about a customer" {
  data = [profile]
}
flow a3: app -> rag "Asks"
flow a4: app -> tamed "Asks"
flow a5: app -> faqbot "Asks about the FAQ" {
  data = [faq]
}
flow a6: app -> agent "Delegates"
flow a7: app -> safe_agent "Delegates"

Expect inject "LLM01 fires on a model taking untrusted input unfiltered" {
  threat_id = "LLM01"
  on = hosted
}
Expect inject_filtered "LLM01 quiet with content filtering" {
  threat_id = "LLM01"
  on = guarded
  fires = false
}
Expect indirect "LLM02 fires on a RAG model without filtering" {
  threat_id = "LLM02"
  on = rag
}
Expect indirect_filtered "LLM02 quiet with content filtering" {
  threat_id = "LLM02"
  on = tamed
  fires = false
}
Expect leak "LLM03 fires when personal data flows to a third-party model" {
  threat_id = "LLM03"
  on = hosted
}
Expect leak_public "LLM03 quiet when only public data flows to it" {
  threat_id = "LLM03"
  on = faqbot
  fires = false
}
Expect leak_selfhosted "LLM03 quiet on a self-hosted model" {
  threat_id = "LLM03"
  on = guarded
  fires = false
}
Expect poison "LLM04 fires on a fine-tuned model without integrity" {
  threat_id = "LLM04"
  on = rag
}
Expect poison_protected "LLM04 quiet with integrity protection" {
  threat_id = "LLM04"
  on = tamed
  fires = false
}
Expect agency "LLM05 fires on an agentic model reaching sensitive systems" {
  threat_id = "LLM05"
  on = rag
}
Expect agency_polp "LLM05 quiet with least privilege" {
  threat_id = "LLM05"
  on = tamed
  fires = false
}
Expect exec "LLM06 fires on a model running code unhardened" {
  threat_id = "LLM06"
  on = rag
}
Expect exec_hardened "LLM06 quiet with a hardened sandbox" {
  threat_id = "LLM06"
  on = tamed
  fires = false
}
Expect output "LLM08 fires when personal data can come back in answers" {
  threat_id = "LLM08"
  on = hosted
}
Expect output_public "LLM08 quiet when only public data reaches the model" {
  threat_id = "LLM08"
  on = faqbot
  fires = false
}
Expect output_filtered "LLM08 quiet when output is screened" {
  threat_id = "LLM08"
  on = guarded
  fires = false
}
Expect tools "LLM09 fires on an agent launching tools unchecked" {
  threat_id = "LLM09"
  on = agent
}
Expect tools_checked "LLM09 quiet when launch configs are validated" {
  threat_id = "LLM09"
  on = safe_agent
  fires = false
}
